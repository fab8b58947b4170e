import MPassSAML

/// The Service's decision on one validation report: which failures a weakness forgave and
/// which remain. With no weakness switched on nothing is forgiven, so the verdict is the
/// library's `isValid`.
public struct CheckVerdict: Sendable {
    /// One failed check and the weakness that forgave it.
    public struct Forgiven: Sendable, Equatable {
        public let check: CheckResult
        public let weakness: ServiceWeakness
    }

    /// Every check the library (and the Service) made, as made.
    public let report: ValidationReport
    public let forgiven: [Forgiven]
    /// The failures no weakness forgave: any one of them refuses the message.
    public let unforgiven: [CheckResult]

    public var accepted: Bool { unforgiven.isEmpty }

    /// Splits the report's failures into forgiven and unforgiven ones.
    init(report: ValidationReport, forgiveness: CheckForgiveness) {
        self.report = report
        var forgiven: [Forgiven] = []
        var unforgiven: [CheckResult] = []
        for failure in report.failures {
            if let weakness = forgiveness.weakness(forgiving: failure.id) {
                forgiven.append(Forgiven(check: failure, weakness: weakness))
            } else {
                unforgiven.append(failure)
            }
        }
        self.forgiven = forgiven
        self.unforgiven = unforgiven
    }
}
