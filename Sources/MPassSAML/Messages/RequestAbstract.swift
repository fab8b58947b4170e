import Foundation
import Vocabulary

/// What SAML core's `RequestAbstractType` gives every request (SAML Core 2.0, 3.2.1): ID,
/// Version, IssueInstant, Destination, Consent, Issuer and Signature. `AuthnRequest` and
/// `LogoutRequest` embed it, so these are read and written in one place, as `StatusResponse`
/// does for the responses; the Signature is made and checked on the element by `XMLSigner`
/// and `SignatureVerifier`.
public struct RequestAbstract: Sendable, Equatable {
    public var id: String?
    public var version: String?
    public var issueInstant: SAMLInstant?
    public var destination: String?
    public var consent: String?
    public var issuer: String?

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String?, issuer: String?,
                consent: String? = nil) {
        self.id = id
        self.version = SAMLURI.version
        self.issueInstant = SAMLInstant(issueInstant)
        self.destination = destination
        self.consent = consent
        self.issuer = issuer
    }

    public init(parsing element: XMLElement) {
        id = element.attribute("ID")
        version = element.attribute("Version")
        issueInstant = element.instant("IssueInstant")
        destination = element.attribute("Destination")
        consent = element.attribute("Consent")
        issuer = element.child("Issuer", .saml)?.text
    }

    /// A document whose root `samlp:<rootName>` holds the shared attributes and the Issuer;
    /// the message adds its own attributes (after these) and the elements that follow Issuer.
    func document(rootName: String) throws(HarnessError) -> XMLDocument {
        try XMLDocument.protocolMessage(rootName, id: id, version: version, issueInstant: issueInstant, destination: destination,
                                        inResponseTo: nil, consent: consent, issuer: issuer)
    }
}

extension XMLDocument {
    /// `samlp:<rootName>` with what RequestAbstractType and StatusResponseType share (SAML
    /// Core 3.2.1, 3.2.2), in schema order: ID, Version, IssueInstant, Destination,
    /// InResponseTo (responses only), Consent, then the Issuer element.
    static func protocolMessage(_ rootName: String, id: String?, version: String?, issueInstant: SAMLInstant?,
                                destination: String?, inResponseTo: String?, consent: String?,
                                issuer: String?) throws(HarnessError) -> XMLDocument {
        let doc = try XMLDocument(root: rootName, namespace: .samlp)
        let root = doc.root
        root.declareNamespace(.saml)
        root.setOptional("ID", id)
        root.setOptional("Version", version)
        root.setOptional("IssueInstant", issueInstant?.text)
        root.setOptional("Destination", destination)
        root.setOptional("InResponseTo", inResponseTo)
        root.setOptional("Consent", consent)
        if let issuer { root.addChild("Issuer", .saml, text: issuer) }
        return doc
    }
}

/// A message of `RequestAbstractType`: the shared fields read through, as `request.id`.
@dynamicMemberLookup
public protocol RequestAbstractMessage: Sendable {
    var requestAbstract: RequestAbstract { get set }
}

extension RequestAbstractMessage {
    public subscript<Value>(dynamicMember field: WritableKeyPath<RequestAbstract, Value>) -> Value {
        get { requestAbstract[keyPath: field] }
        set { requestAbstract[keyPath: field] = newValue }
    }
}
