import Foundation
import MPassSAML

/// What `/logout` does.
public enum LogoutStart: Sendable {
    /// No session: nothing to log out of.
    case notLoggedIn
    /// The local session is ended and the browser goes to MPass with a signed LogoutRequest.
    /// `redirect` is set when the Service sends with HTTP-Redirect (then `page` is not used).
    case sentToIdP(requestID: String, endedSession: ServiceSession, logoutRequestXML: Data, page: PostBindingPage,
                   redirect: RedirectBindingURL?)
}
