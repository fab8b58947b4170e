import NIOConcurrencyHelpers

/// The append-only record of every exchange a browser made, shared between the
/// browser (which writes) and the runner and evidence (which read).
///
/// A redaction closure sees each record before it is stored, so that secrets
/// (passwords typed into a login form, private material in a body) never
/// reach memory that a report or HAR file is written from.
public final class ExchangeLog: Sendable {
    public typealias Redaction = @Sendable (ExchangeRecord) -> ExchangeRecord

    private let storage = NIOLockedValueBox<[ExchangeRecord]>([])
    private let redact: Redaction

    public init(redact: @escaping Redaction = { $0 }) {
        self.redact = redact
    }

    /// Stores `record` after redaction, with its `sequence` set to its position.
    @discardableResult
    public func append(_ record: ExchangeRecord) -> Int {
        let redacted = redact(record)
        return storage.withLockedValue { records in
            var stored = redacted
            stored.sequence = records.count
            records.append(stored)
            return stored.sequence
        }
    }

    /// A snapshot of every record, oldest first.
    public var records: [ExchangeRecord] {
        storage.withLockedValue { $0 }
    }

    public var count: Int {
        storage.withLockedValue { $0.count }
    }

    /// Records from position `sequence` on (to read what one step of a case did).
    public func records(from sequence: Int) -> [ExchangeRecord] {
        storage.withLockedValue { Array($0.dropFirst(sequence)) }
    }
}
