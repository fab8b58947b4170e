/// What `/mpass-logout` made of MPass's LogoutResponse.
public enum LogoutCompletion: Sendable {
    /// The LogoutResponse answers an outstanding LogoutRequest with Success.
    case loggedOut(verdict: CheckVerdict)
    case refused(verdict: CheckVerdict)
    case unreadable(reason: String)
}
