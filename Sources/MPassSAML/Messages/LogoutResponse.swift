import Foundation
import Vocabulary

/// `samlp:LogoutResponse`, either way: a `StatusResponseType` and nothing more (SAML Core 3.7.2).
public struct LogoutResponse: StatusResponseMessage, Equatable {
    public var statusResponse: StatusResponse

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String?, inResponseTo: String?,
                issuer: String, status: Status = .success) {
        statusResponse = StatusResponse(id: id, issueInstant: issueInstant, destination: destination,
                                        inResponseTo: inResponseTo, issuer: issuer, status: status)
    }

    public init(parsing element: XMLElement) {
        statusResponse = StatusResponse(parsing: element)
    }

    public func document() throws(HarnessError) -> XMLDocument {
        try statusResponse.document(rootName: "LogoutResponse")
    }
}
