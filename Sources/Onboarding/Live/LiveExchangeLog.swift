import Foundation
import ReferenceService

/// Every exchange the Service answered during a live session, in order, and a way to wait
/// for the next one that matters.
actor LiveExchangeLog {
    private(set) var exchanges: [ObservedExchange] = []

    func append(_ exchange: ObservedExchange) {
        exchanges.append(exchange)
    }

    var count: Int { exchanges.count }

    /// The first exchange at or after `cursor` that satisfies `matches`, waiting up to
    /// `timeout`; with its index. Polls: a person's browser is slow, so 100 ms costs nothing.
    func next(after cursor: Int, timeout: TimeInterval, where matches: @Sendable (ObservedExchange) -> Bool) async -> (index: Int, exchange: ObservedExchange)? {
        let deadline = Date().addingTimeInterval(timeout)
        var index = cursor
        while true {
            while index < exchanges.count {
                if matches(exchanges[index]) { return (index, exchanges[index]) }
                index += 1
            }
            guard Date() < deadline else { return nil }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
    }
}
