import Foundation
import Vocabulary

/// What SAML core's `StatusResponseType` gives every response (SAML Core 2.0, 3.2.2): ID,
/// InResponseTo, Version, IssueInstant, Destination, Consent, Issuer, Signature and Status.
/// `Response` and `LogoutResponse` embed it, so these are read and written in one place;
/// the Signature is made and checked on the element by `XMLSigner` and `SignatureVerifier`.
public struct StatusResponse: Sendable, Equatable {
    public var id: String?
    public var version: String?
    public var issueInstant: SAMLInstant?
    public var destination: String?
    public var inResponseTo: String?
    public var consent: String?
    public var issuer: String?
    public var status: Status?

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String?, inResponseTo: String?,
                issuer: String?, status: Status = .success, consent: String? = nil) {
        self.id = id
        self.version = SAMLURI.version
        self.issueInstant = SAMLInstant(issueInstant)
        self.destination = destination
        self.inResponseTo = inResponseTo
        self.consent = consent
        self.issuer = issuer
        self.status = status
    }

    public init(parsing element: XMLElement) {
        id = element.attribute("ID")
        version = element.attribute("Version")
        issueInstant = element.instant("IssueInstant")
        destination = element.attribute("Destination")
        inResponseTo = element.attribute("InResponseTo")
        consent = element.attribute("Consent")
        issuer = element.child("Issuer", .saml)?.text
        status = element.child("Status", .samlp).map(Status.init(parsing:))
    }

    /// A document whose root `samlp:<rootName>` holds the attributes, Issuer and Status in
    /// schema order; the message adds what follows Status.
    func document(rootName: String) throws(HarnessError) -> XMLDocument {
        let doc = try XMLDocument.protocolMessage(rootName, id: id, version: version, issueInstant: issueInstant,
                                                  destination: destination, inResponseTo: inResponseTo, consent: consent,
                                                  issuer: issuer)
        status?.write(into: doc.root)
        return doc
    }
}

/// A message of `StatusResponseType`: the shared fields read through, as `response.id`.
@dynamicMemberLookup
public protocol StatusResponseMessage: Sendable {
    var statusResponse: StatusResponse { get set }
}

extension StatusResponseMessage {
    public subscript<Value>(dynamicMember field: WritableKeyPath<StatusResponse, Value>) -> Value {
        get { statusResponse[keyPath: field] }
        set { statusResponse[keyPath: field] = newValue }
    }
}
