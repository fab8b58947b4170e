import Foundation
import Vocabulary

/// What SAML core's `StatusResponseType` gives every response (SAML Core 2.0, 3.2.2): the
/// header it shares with requests (`MessageHeader`: ID, Version, IssueInstant, Destination,
/// Consent, Issuer), InResponseTo and Status. `Response` and `LogoutResponse` embed it, so
/// these are read and written in one place; the header's fields read through, as `id`.
@dynamicMemberLookup
public struct StatusResponse: Sendable, Equatable {
    public var header: MessageHeader
    public var inResponseTo: String?
    public var status: Status?

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String?, inResponseTo: String?,
                issuer: String?, status: Status = .success, consent: String? = nil) {
        self.header = MessageHeader(id: id, issueInstant: issueInstant, destination: destination, issuer: issuer, consent: consent)
        self.inResponseTo = inResponseTo
        self.status = status
    }

    public init(parsing element: XMLElement) {
        header = MessageHeader(parsing: element)
        inResponseTo = element.attribute("InResponseTo")
        status = element.child("Status", .samlp).map(Status.init(parsing:))
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<MessageHeader, Value>) -> Value {
        get { header[keyPath: field] }
        set { header[keyPath: field] = newValue }
    }

    /// A document whose root `samlp:<rootName>` holds the attributes, Issuer and Status in
    /// schema order; the message adds what follows Status.
    func document(rootName: String) throws(HarnessError) -> XMLDocument {
        let doc = try header.document(rootName: rootName, inResponseTo: inResponseTo)
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
