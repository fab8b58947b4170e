import Foundation
import MPassSAML

/// What `/logout` does.
public enum LogoutStart: Sendable {
    /// No session: nothing to log out of.
    case notLoggedIn
    /// The local session is ended and the browser goes to MPass with a signed LogoutRequest.
    case sentToIdP(requestID: String, endedSession: ServiceSession, logoutRequestXML: Data, page: PostBindingPage)
}
