import Foundation
import Vocabulary

/// What SAML core's `RequestAbstractType` and `StatusResponseType` share (SAML Core 2.0,
/// 3.2.1 and 3.2.2): ID, Version, IssueInstant, Destination, Consent and Issuer. They are read
/// and written here once: a request is this header (`RequestAbstract`), a response embeds it
/// in `StatusResponse` beside InResponseTo and Status. The Signature is made and checked on
/// the element by `XMLSigner` and `SignatureVerifier`.
public struct MessageHeader: Sendable, Equatable {
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

    /// A document whose root `samlp:<rootName>` holds the shared attributes and the Issuer in
    /// schema order (ID, Version, IssueInstant, Destination, InResponseTo for responses only,
    /// Consent, then the Issuer element); the message adds its own attributes (after these) and
    /// the elements that follow Issuer.
    func document(rootName: String, inResponseTo: String? = nil) throws(HarnessError) -> XMLDocument {
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

/// `RequestAbstractType` (SAML Core 3.2.1) adds nothing to the shared header but the Signature,
/// so a request's shared part is the header itself. `AuthnRequest` and `LogoutRequest` embed it.
public typealias RequestAbstract = MessageHeader

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
