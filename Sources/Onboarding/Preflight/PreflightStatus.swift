/// The verdict of one preflight item. `warn` is something to look at that does not stop
/// the onboarding (a certificate with 20 days left, a URL not reachable from here); `skip`
/// means a prerequisite failed or the item does not apply, and says which.
public enum PreflightStatus: String, Codable, Sendable, CaseIterable {
    case pass
    case warn
    case fail
    case skip

    public var label: String { rawValue.uppercased() }
}
