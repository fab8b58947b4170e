import Foundation

/// A login the Service started and MPass has not answered yet: the outstanding
/// AuthnRequest ID, under a random key that travels as RelayState (and in the `rs_state`
/// cookie), and where to send the user afterwards.
///
/// Why both: MPass's Response arrives as a cross-site POST, on which browsers do not send
/// a SameSite=Lax cookie, so the cookie alone would lose every login; the official library
/// carries the request in RelayState for that reason. RelayState is only a key (≤ 80
/// bytes, SAML Bindings 3.5.3): the request ID itself stays on the server.
struct PendingLogin: Sendable, Equatable {
    let key: String
    let requestID: String
    /// A local path (`/protected`), checked when the login started.
    let returnTo: String
    let issuedAt: Date
    /// Set when a Response for it opened a session: it cannot open another.
    var completed = false
}
