import Foundation
import MPassSAML

/// What `/mpass-slo` made of MPass's LogoutRequest.
public enum SingleLogoutOutcome: Sendable {
    /// A LogoutResponse goes back to MPass: Success when the request passed (sessions
    /// ended), Requester when it did not (sessions kept).
    case answered(SingleLogoutAnswer)
    /// No LogoutRequest could be read, so there is nothing to answer (no ID to refer to).
    case unreadable(reason: String)
}

/// The Service's answer to one LogoutRequest.
public struct SingleLogoutAnswer: Sendable {
    public let verdict: CheckVerdict
    /// The request as read (trust it only when `verdict.accepted`).
    public let request: LogoutRequest
    public let endedSessions: [ServiceSession]
    public let logoutResponse: LogoutResponse
    public let logoutResponseXML: Data
    /// Auto-submits the LogoutResponse to MPass's SLO URL.
    public let page: PostBindingPage
}
