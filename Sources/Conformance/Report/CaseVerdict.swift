/// What a case concluded. `review` means the harness saw something a person must judge
/// (it could not tell accepted from rejected, say); `error` means the case could not be
/// carried out (the Service was unreachable, a step timed out), which says nothing about
/// the Service's SAML handling either way.
public enum CaseVerdict: String, Codable, Sendable, CaseIterable {
    case pass
    case fail
    case review
    case error

    /// Upper-case, as tables and badges show it.
    public var label: String { rawValue.uppercased() }
}

/// The outcome of one step of a case. `info` records what happened without judging it.
public enum StepOutcome: String, Codable, Sendable, CaseIterable {
    case pass
    case fail
    case info
    case review

    public var label: String { rawValue.uppercased() }
}

/// Where a case comes from: the guide's functional or security checklist, or the
/// harness's extended catalogue beyond it.
public enum CaseKind: String, Codable, Sendable, CaseIterable {
    case functional
    case security
    case extended
}

/// Whether a case counts toward the run's verdict. Every case of the guide's chapter 9 is
/// required; extended cases may be recommended only.
public enum CaseSeverity: String, Codable, Sendable, CaseIterable {
    case required
    case recommended
}
