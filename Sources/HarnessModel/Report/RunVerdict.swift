/// The verdict of a whole run, from its required cases only.
///
/// - `pass`: every required case passed (the CLI exits 0).
/// - `fail`: at least one required case failed, could not be carried out, or could not be
///   judged (a refusal whose positive control failed).
/// - `review`: no required case failed or errored, but at least one needs a person's
///   judgement. Kept apart from `fail` so that a reader at AGE sees "look at this" rather
///   than "this is broken"; it is still not a pass (the CLI exits 1).
///
/// Recommended cases never change the run's verdict; they are reported all the same.
public enum RunVerdict: String, Codable, Sendable, CaseIterable {
    case pass
    case fail
    case review

    public var label: String { rawValue.uppercased() }

    public var isPass: Bool { self == .pass }

    /// The verdict the required cases among `cases` give.
    public init(cases: [CaseResult]) {
        // A known gap the plan records (an expected failure that failed) does not count.
        let required = cases.filter { $0.severity == .required && !$0.isExpectedFailure }
        if required.contains(where: { [.fail, .error, .notJudged].contains($0.verdict) }) {
            self = .fail
        } else if required.contains(where: { $0.verdict == .review }) {
            self = .review
        } else {
            self = .pass
        }
    }
}
