/// Which MPass a run talks to: the harness's simulator (every case can be driven) or the
/// real staging IdP (a person logs in; security cases need AGE's switches). Production is
/// not a kind: it is refused wherever it appears.
public enum IdentityProviderKind: String, Codable, Sendable, CaseIterable {
    case simulator
    case staging
}
