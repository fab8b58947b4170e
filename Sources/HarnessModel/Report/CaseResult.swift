import MPassSAML

/// The result of one case of the plan: what was expected, what the Service did, the
/// verdict and its reason, the steps, and every SAML message with its checks.
public struct CaseResult: Codable, Sendable, Equatable {
    /// The guide's id (`TC_SEC_01`) or the catalogue's for extended cases.
    public var id: String
    public var title: String
    /// Where the case is stated: "MPass integration guide, chapter 9, TC_SEC_01".
    public var reference: String
    public var kind: CaseKind
    public var severity: CaseSeverity
    /// What a correct Service does: "accepted", "rejected", "logged out".
    public var expected: String
    /// What this Service did, with the evidence in a few words.
    public var observed: String
    public var verdict: CaseVerdict
    /// One sentence a person at AGE can read: what happened and, on failure, how to fix it.
    public var reason: String
    public var durationMs: Int
    public var steps: [CaseStep]
    public var messages: [MessageEvidence]
    /// Set when the plan marks this case as a known gap (absent from reports otherwise).
    public var expectedFailure: ExpectedFailure?
    /// What the case broke in the messages the harness sent, in the case's own words
    /// ("neither Response nor Assertion is signed"); absent when it sent them unfaulted, and
    /// in reports of replays and live runs (the harness wrote no message there).
    public var fault: String?
    /// The first exchange (the HAR evidence's sequence number) from which the harness's
    /// messages carry `fault`: messages before it (a prerequisite login, the first delivery of
    /// a Response the case then replays) were sent clean. Absent in reports written before it
    /// existed, and in replays and live runs: then `fault` is drawn from the case's start.
    public var faultFromExchange: Int?
    /// The first exchange (the HAR evidence's sequence number) of the case's positive control,
    /// which MPass's clean messages run in: `fault` names only what the harness sent before it.
    /// Absent for a case without a control and in replays and live runs.
    public var controlFromExchange: Int?
    /// The page the person ended on, as a real browser drew it; nil for in-process runs.
    public var screenshot: CaseScreenshot?

    /// True when the case failed and the plan said it would: it does not count against the run.
    public var isExpectedFailure: Bool { expectedFailure?.outcome == .failedAsExpected }

    public init(id: String, title: String, reference: String, kind: CaseKind, severity: CaseSeverity,
                expected: String, observed: String, verdict: CaseVerdict, reason: String,
                durationMs: Int, steps: [CaseStep] = [], messages: [MessageEvidence] = []) {
        self.id = id
        self.title = title
        self.reference = reference
        self.kind = kind
        self.severity = severity
        self.expected = expected
        self.observed = observed
        self.verdict = verdict
        self.reason = reason
        self.durationMs = durationMs
        self.steps = steps
        self.messages = messages
    }

    /// Every check that failed on any message of the case, in order.
    public var failedChecks: [CheckResult] {
        messages.flatMap { $0.checks.failures }
    }
}
