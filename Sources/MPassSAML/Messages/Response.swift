import Foundation

/// `samlp:Response`, as MPass posts it to the Service's ACS URL.
public struct Response: Sendable, Equatable {
    public var id: String?
    public var version: String?
    public var issueInstant: SAMLInstant?
    public var destination: String?
    public var inResponseTo: String?
    public var consent: String?
    public var issuer: String?
    public var status: Status?
    public var assertions: [Assertion]

    public init(id: String = SAMLIdentifier.make(), issueInstant: Date, destination: String?, inResponseTo: String?,
                issuer: String?, status: Status = .success, assertions: [Assertion] = [], consent: String? = nil) {
        self.id = id
        self.version = SAMLURI.version
        self.issueInstant = SAMLInstant(issueInstant)
        self.destination = destination
        self.inResponseTo = inResponseTo
        self.issuer = issuer
        self.status = status
        self.assertions = assertions
        self.consent = consent
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
        assertions = element.children("Assertion", .saml).map(Assertion.init(parsing:))
    }

    /// The unsigned document, in schema order.
    public func document() throws(SAMLError) -> XMLDocument {
        let doc = try XMLDocument(root: "Response", namespace: .samlp)
        let root = doc.root
        root.declareNamespace(.saml)
        root.setOptional("ID", id)
        root.setOptional("Version", version)
        root.setOptional("IssueInstant", issueInstant?.text)
        root.setOptional("Destination", destination)
        root.setOptional("InResponseTo", inResponseTo)
        root.setOptional("Consent", consent)
        if let issuer { root.addChild("Issuer", .saml, text: issuer) }
        status?.write(into: root)
        for assertion in assertions { assertion.write(into: root) }
        return doc
    }

    /// The signed document: the Assertion(s) first when asked, then the Response
    /// (so the Response's digest covers the Assertion's signature).
    public func signedDocument(signer: XMLSigner, signResponse: Bool = true, signAssertion: Bool = false) throws(SAMLError) -> XMLDocument {
        let doc = try document()
        if signAssertion {
            for assertion in doc.root.children("Assertion", .saml) { try signer.sign(assertion) }
        }
        if signResponse { try signer.sign(doc.root) }
        return doc
    }
}

extension AuthnRequest {
    public func signedDocument(signer: XMLSigner) throws(SAMLError) -> XMLDocument {
        let doc = try document()
        try signer.sign(doc.root)
        return doc
    }
}

extension LogoutRequest {
    public func signedDocument(signer: XMLSigner) throws(SAMLError) -> XMLDocument {
        let doc = try document()
        try signer.sign(doc.root)
        return doc
    }
}

extension LogoutResponse {
    public func signedDocument(signer: XMLSigner) throws(SAMLError) -> XMLDocument {
        let doc = try document()
        try signer.sign(doc.root)
        return doc
    }
}
