/// Counts over a run's cases. Always computed from the cases, never set by hand, so a
/// report cannot say "12 passed" over a list that shows a failure.
public struct RunSummary: Codable, Sendable, Equatable {
    public let total: Int
    public let passed: Int
    public let failed: Int
    public let review: Int
    public let errored: Int
    /// Refusals whose positive control failed (the Service accepted no valid message either).
    public let notJudged: Int
    /// Required cases that did not pass (failed, errored, not judged or awaiting review). The run
    /// passes exactly when this is zero.
    public let requiredFailed: Int

    public init(cases: [CaseResult]) {
        total = cases.count
        passed = cases.count { $0.verdict == .pass }
        failed = cases.count { $0.verdict == .fail }
        review = cases.count { $0.verdict == .review }
        errored = cases.count { $0.verdict == .error }
        notJudged = cases.count { $0.verdict == .notJudged }
        requiredFailed = cases.count { $0.severity == .required && $0.verdict != .pass && !$0.isExpectedFailure }
    }
}
