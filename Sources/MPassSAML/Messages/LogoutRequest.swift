import Foundation
import Vocabulary

/// `samlp:LogoutRequest`, either way: the Service's to MPass's SLO URL, or MPass's to the
/// Service's SLO URL (single logout).
public struct LogoutRequest: Sendable, Equatable {
    public var id: String?
    public var version: String?
    public var issueInstant: SAMLInstant?
    public var destination: String?
    public var issuer: String?
    public var nameID: NameID?
    public var sessionIndexes: [String]
    public var notOnOrAfter: SAMLInstant?
    public var reason: String?

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String, issuer: String,
                nameID: NameID, sessionIndex: String?, reason: String? = nil) {
        self.id = id
        self.version = SAMLURI.version
        self.issueInstant = SAMLInstant(issueInstant)
        self.destination = destination
        self.issuer = issuer
        self.nameID = nameID
        self.sessionIndexes = sessionIndex.map { [$0] } ?? []
        self.reason = reason
    }

    public init(parsing element: XMLElement) {
        id = element.attribute("ID")
        version = element.attribute("Version")
        issueInstant = element.instant("IssueInstant")
        destination = element.attribute("Destination")
        issuer = element.child("Issuer", .saml)?.text
        nameID = element.child("NameID", .saml).map(NameID.init(parsing:))
        sessionIndexes = element.children("SessionIndex", .samlp).map(\.text)
        notOnOrAfter = element.instant("NotOnOrAfter")
        reason = element.attribute("Reason")
    }

    public func document() throws(HarnessError) -> XMLDocument {
        let doc = try XMLDocument(root: "LogoutRequest", namespace: .samlp)
        let root = doc.root
        root.declareNamespace(.saml)
        root.setOptional("ID", id)
        root.setOptional("Version", version)
        root.setOptional("IssueInstant", issueInstant?.text)
        root.setOptional("Destination", destination)
        root.setOptional("NotOnOrAfter", notOnOrAfter?.text)
        root.setOptional("Reason", reason)
        if let issuer { root.addChild("Issuer", .saml, text: issuer) }
        nameID?.write(into: root)
        for index in sessionIndexes { root.addChild("SessionIndex", .samlp, text: index) }
        return doc
    }
}
