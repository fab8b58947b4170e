/// What a case concluded. `review` means the harness saw something a person must judge
/// (it could not tell accepted from rejected, say); `error` means the case could not be
/// carried out (the Service was unreachable, a step timed out), which says nothing about
/// the Service's SAML handling either way. `notJudged` belongs to a case whose expected
/// outcome is a refusal: the refusal was seen, but the positive control — the same Service,
/// in the same browser, accepting the unfaulted message right after — failed, so the
/// refusal proves nothing (a Service that refuses everything "refuses" every attack).
/// It is never a pass: it fails the run when the case is required.
public enum CaseVerdict: String, Codable, Sendable, CaseIterable {
    case pass
    case fail
    case review
    case error
    case notJudged = "not judged"

    /// Upper-case, as tables and badges show it.
    public var label: String { rawValue.uppercased() }
}
