import MPassSAML

/// What the ACS made of a POST from MPass.
public enum LoginOutcome: Sendable {
    /// Every check passed (or was forgiven by a weakness): a new session is open.
    case loggedIn(session: ServiceSession, returnTo: String, verdict: CheckVerdict)
    /// MPass answered with a non-Success status and no Assertion (the user cancelled or
    /// failed to authenticate): no session, and no error unless `errorOnCancel` says so.
    case cancelled(status: Status?, verdict: CheckVerdict, answerWithServerError: Bool)
    /// At least one check failed that no weakness forgave: no session.
    case refused(verdict: CheckVerdict)
    /// Not a SAML Response at all (no form field, bad base64, not XML, another message).
    case unreadable(reason: String)
}
