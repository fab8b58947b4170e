/// The form field or query parameter that carries the message (SAML Bindings 3.4.4 and
/// 3.5.4): requests travel as `SAMLRequest`, responses as `SAMLResponse`. Which one was
/// used tells a receiver what kind of message to expect before it parses any XML.
public enum SAMLMessageField: String, Sendable, CaseIterable, Codable {
    /// AuthnRequest, LogoutRequest.
    case request = "SAMLRequest"
    /// Response, LogoutResponse.
    case response = "SAMLResponse"

    public var parameterName: String { rawValue }
}
