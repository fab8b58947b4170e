import Foundation
import Vocabulary

/// `samlp:LogoutRequest`, either way: the Service's to MPass's SLO URL, or MPass's to the
/// Service's SLO URL (single logout).
public struct LogoutRequest: RequestAbstractMessage, Equatable {
    /// ID, Version, IssueInstant, Destination, Consent and Issuer.
    public var requestAbstract: RequestAbstract
    public var nameID: NameID?
    public var sessionIndexes: [String]
    public var notOnOrAfter: SAMLInstant?
    public var reason: String?

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String, issuer: String,
                nameID: NameID, sessionIndex: String?, reason: String? = nil) {
        self.requestAbstract = RequestAbstract(id: id, issueInstant: issueInstant, destination: destination, issuer: issuer)
        self.nameID = nameID
        self.sessionIndexes = sessionIndex.map { [$0] } ?? []
        self.reason = reason
    }

    public init(parsing element: XMLElement) {
        requestAbstract = RequestAbstract(parsing: element)
        nameID = element.child("NameID", .saml).map(NameID.init(parsing:))
        sessionIndexes = element.children("SessionIndex", .samlp).map(\.text)
        notOnOrAfter = element.instant("NotOnOrAfter")
        reason = element.attribute("Reason")
    }

    public func document() throws(HarnessError) -> XMLDocument {
        let doc = try requestAbstract.document(rootName: "LogoutRequest")
        let root = doc.root
        root.setOptional("NotOnOrAfter", notOnOrAfter?.text)
        root.setOptional("Reason", reason)
        nameID?.write(into: root)
        for index in sessionIndexes { root.addChild("SessionIndex", .samlp, text: index) }
        return doc
    }
}
