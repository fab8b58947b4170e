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
