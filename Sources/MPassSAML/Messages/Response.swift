import Foundation
import Vocabulary

/// `samlp:Response`, as MPass posts it to the Service's ACS URL.
public struct Response: StatusResponseMessage, Equatable {
    public var statusResponse: StatusResponse
    public var assertions: [Assertion]

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String?, inResponseTo: String?,
                issuer: String?, status: Status = .success, assertions: [Assertion] = [], consent: String? = nil) {
        statusResponse = StatusResponse(id: id, issueInstant: issueInstant, destination: destination,
                                        inResponseTo: inResponseTo, issuer: issuer, status: status, consent: consent)
        self.assertions = assertions
    }

    public init(parsing element: XMLElement) {
        statusResponse = StatusResponse(parsing: element)
        assertions = element.children("Assertion", .saml).map(Assertion.init(parsing:))
    }

    /// The unsigned document, in schema order.
    public func document() throws(HarnessError) -> XMLDocument {
        let doc = try statusResponse.document(rootName: "Response")
        for assertion in assertions { assertion.write(into: doc.root) }
        return doc
    }

    /// The signed document: the Assertion(s) first when asked, then the Response
    /// (so the Response's digest covers the Assertion's signature).
    public func signedDocument(signer: XMLSigner, signResponse: Bool = true, signAssertion: Bool = false) throws(HarnessError) -> XMLDocument {
        let doc = try document()
        if signAssertion {
            for assertion in doc.root.children("Assertion", .saml) { try signer.sign(assertion) }
        }
        if signResponse { try signer.sign(doc.root) }
        return doc
    }
}

/// A message signed whole: its root element carries the enveloped signature.
public protocol WholeMessageSignable {
    func document() throws(HarnessError) -> XMLDocument
}

extension WholeMessageSignable {
    public func signedDocument(signer: XMLSigner) throws(HarnessError) -> XMLDocument {
        let doc = try document()
        try signer.sign(doc.root)
        return doc
    }
}

extension AuthnRequest: WholeMessageSignable {}
extension LogoutRequest: WholeMessageSignable {}
extension LogoutResponse: WholeMessageSignable {}
