import Foundation

/// `samlp:LogoutResponse`, either way.
public struct LogoutResponse: Sendable, Equatable {
    public var id: String?
    public var version: String?
    public var issueInstant: SAMLInstant?
    public var destination: String?
    public var inResponseTo: String?
    public var issuer: String?
    public var status: Status?

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String?, inResponseTo: String?,
                issuer: String, status: Status = .success) {
        self.id = id
        self.version = SAMLURI.version
        self.issueInstant = SAMLInstant(issueInstant)
        self.destination = destination
        self.inResponseTo = inResponseTo
        self.issuer = issuer
        self.status = status
    }

    public init(parsing element: XMLElement) {
        id = element.attribute("ID")
        version = element.attribute("Version")
        issueInstant = element.instant("IssueInstant")
        destination = element.attribute("Destination")
        inResponseTo = element.attribute("InResponseTo")
        issuer = element.child("Issuer", .saml)?.text
        status = element.child("Status", .samlp).map(Status.init(parsing:))
    }

    public func document() throws(SAMLError) -> XMLDocument {
        let doc = try XMLDocument(root: "LogoutResponse", namespace: .samlp)
        let root = doc.root
        root.declareNamespace(.saml)
        root.setOptional("ID", id)
        root.setOptional("Version", version)
        root.setOptional("IssueInstant", issueInstant?.text)
        root.setOptional("Destination", destination)
        root.setOptional("InResponseTo", inResponseTo)
        if let issuer { root.addChild("Issuer", .saml, text: issuer) }
        status?.write(into: root)
        return doc
    }
}
