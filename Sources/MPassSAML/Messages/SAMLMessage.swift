import Foundation
import Vocabulary

/// Any of the four SAML messages MPass and a Service exchange, recognised by its root.
public enum SAMLMessage: Sendable {
    case authnRequest(AuthnRequest)
    case response(Response)
    case logoutRequest(LogoutRequest)
    case logoutResponse(LogoutResponse)

    public enum Kind: String, Sendable, CaseIterable {
        case authnRequest = "AuthnRequest"
        case response = "Response"
        case logoutRequest = "LogoutRequest"
        case logoutResponse = "LogoutResponse"
    }

    /// Which message the document holds; a wrong root is an error that names what was found.
    public static func kind(of document: XMLDocument) throws(HarnessError) -> Kind {
        let root = document.root
        guard root.namespaceURI == XMLNamespace.samlp.uri, let kind = Kind(rawValue: root.localName) else {
            throw HarnessError(.xmlWrongRoot,
                "the root element is \(root.displayName); expected a SAML 2.0 protocol message (samlp:AuthnRequest, Response, LogoutRequest or LogoutResponse in \(XMLNamespace.samlp.uri))")
        }
        return kind
    }

    public init(parsing document: XMLDocument) throws(HarnessError) {
        switch try Self.kind(of: document) {
        case .authnRequest: self = .authnRequest(AuthnRequest(parsing: document.root))
        case .response: self = .response(Response(parsing: document.root))
        case .logoutRequest: self = .logoutRequest(LogoutRequest(parsing: document.root))
        case .logoutResponse: self = .logoutResponse(LogoutResponse(parsing: document.root))
        }
    }
}
