/// What played the person's browser in a run: the harness's own in-process agent (the
/// default; it models cookies and auto-submitting forms but runs no script and renders
/// nothing) or headless Chromium (a real browser: scripts, SameSite, screenshots).
public enum BrowserKind: String, Codable, Sendable, CaseIterable {
    case inProcess = "in-process"
    case chromium
}
