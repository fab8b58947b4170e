/// The one error type of the whole harness. Thrown only when the work itself could not be
/// done (an unreadable file, a refused document, a report that cannot be written, a server
/// that cannot start); a message that is merely invalid, or a Service that fails a case, is a
/// result, not an error.
///
/// Each module declares its own codes as `extension HarnessError.Code { static let … }` in its
/// own folder; the raw value is a stable dotted string (`xml.too-deep`, `report.write-failed`)
/// and the static's name is that string in camel case, so names never collide across modules.
/// Tests compare by `code`; `reason` is for people and says what went wrong and how to fix it.
public struct HarnessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Codable as its raw value (an exchange record stores a browser failure's code).
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`, as logs and nested messages show it.
    public var description: String { "\(code): \(reason)" }

    /// `reason [code]`, as the command line shows it after `error: `.
    public var userMessage: String { "\(reason) [\(code)]" }

    public static func == (lhs: HarnessError, rhs: HarnessError) -> Bool { lhs.code == rhs.code }
}
