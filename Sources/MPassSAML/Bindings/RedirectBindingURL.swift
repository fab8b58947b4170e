import Foundation
import HTTPTypes

/// A SAML message encoded for the HTTP-Redirect binding (SAML Bindings 3.4.4): the URL to
/// send the browser to, and what was signed, so a report can show the exact octets.
public struct RedirectBindingURL: Sendable, Equatable {
    /// The destination with the SAML parameters appended: the `Location` of a 302/303.
    public let url: String
    /// Only the SAML parameters: `SAMLRequest=…[&RelayState=…][&SigAlg=…&Signature=…]`.
    public let query: String
    /// `SAMLRequest=…[&RelayState=…]&SigAlg=…`, the octets the signature covers; nil when unsigned.
    public let signedOctets: Data?
    public let signature: Data?
    public let signatureAlgorithm: SignatureAlgorithm?

    /// `Location` plus the no-caching headers (SAML Bindings 3.4.5.1), for a 302 or 303.
    public var headers: HTTPFields {
        [HTTPField(name: .location, value: url)] + HTTPFields.noCaching
    }
}
