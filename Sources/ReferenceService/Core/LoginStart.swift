import Foundation
import MPassSAML

/// A started login: the auto-submitting page that takes the browser to MPass with the
/// signed AuthnRequest, and what the Service remembers about it.
public struct LoginStart: Sendable {
    /// The AuthnRequest ID, outstanding until MPass answers.
    public let requestID: String
    /// The pending login's key: the RelayState, and the `rs_state` cookie's value.
    public let stateKey: String
    /// The AuthnRequest as sent (signed unless a weakness says otherwise).
    public let authnRequestXML: Data
    public let page: PostBindingPage
    /// Set when the Service sends with HTTP-Redirect: where the browser goes instead of `page`.
    public let redirect: RedirectBindingURL?
}
