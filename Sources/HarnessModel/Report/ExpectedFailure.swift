/// A case the plan marks as a known gap: why, and what happened. A case that failed as
/// expected does not fail the run; one that passed is flagged, so the plan can be updated.
public struct ExpectedFailure: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        case failedAsExpected = "failed as expected"
        case passedUnexpectedly = "passed unexpectedly"
    }

    public var reason: String
    public var outcome: Outcome

    public init(reason: String, outcome: Outcome) {
        self.reason = reason
        self.outcome = outcome
    }
}
