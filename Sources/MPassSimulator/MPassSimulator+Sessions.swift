import Foundation
import HTTPTypes
import MPassSAML

/// The session store's shapes and cookies: MPass SSO sessions keyed by the simulator's
/// cookie, and checked AuthnRequests waiting at the login page.
extension MPassSimulator {
    /// An MPass SSO session, keyed by the simulator's cookie.
    struct BrowserSession {
        let user: SimulatedUser
        let authnInstant: Date
        let expires: Date
        /// Service issuer → SessionIndex given to it.
        var services: [String: String] = [:]
    }

    /// A checked AuthnRequest waiting for the user at the login page.
    struct PendingLogin {
        let requestID: String?
        let service: RegisteredService
        let acsURL: String
        let relayState: String?
        let forceAuthn: Bool
    }

    func sessionFor(_ request: SimulatorRequest) -> BrowserSession? {
        liveSession(request, now: configuration.now())?.1
    }

    func liveSession(_ request: SimulatorRequest, now: Date) -> (String, BrowserSession)? {
        guard let cookie = request.cookies[Self.sessionCookie], let session = sessions[cookie] else { return nil }
        guard session.expires > now else {
            sessions.removeValue(forKey: cookie)
            return nil
        }
        return (cookie, session)
    }

    var cookieAttributes: String {
        configuration.baseURL.scheme == "https" ? "; Path=/; HttpOnly; Secure; SameSite=None" : "; Path=/; HttpOnly"
    }

    func sessionCookieHeader(_ value: String) -> HTTPFields {
        [.setCookie: "\(Self.sessionCookie)=\(value)\(cookieAttributes)"]
    }

    func expiredSessionCookieHeader() -> HTTPFields {
        [.setCookie: "\(Self.sessionCookie)=; Max-Age=0\(cookieAttributes)"]
    }
}
