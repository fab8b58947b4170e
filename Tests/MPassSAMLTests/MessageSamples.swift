import Foundation
@testable import MPassSAML

/// MPass-shaped messages built with the library, at `testNow`, for the tests.
enum Samples {
    static let idpIssuer = "https://mpass.sim.test"
    static let spIssuer = "https://service.example.md"
    static let acsURL = "https://service.example.md/mpass-login"
    static let ssoURL = "https://mpass.sim.test/login/saml"
    static let requestID = "_0f8e2d9c4b7a61532a1b0c9d8e7f6a5b"

    static func response(now: Date = testNow, inResponseTo: String? = requestID, destination: String? = acsURL,
                         status: Status = .success, withAssertion: Bool = true) -> Response {
        let assertion = Assertion(
            issueInstant: SAMLInstant(now), issuer: idpIssuer,
            subject: Subject(nameID: NameID("2001234567890"), confirmations: [
                SubjectConfirmation(data: SubjectConfirmationData(
                    notOnOrAfter: SAMLInstant(now.addingTimeInterval(600)), recipient: acsURL, inResponseTo: inResponseTo)),
            ]),
            conditions: Conditions(notBefore: SAMLInstant(now.addingTimeInterval(-60)),
                                   notOnOrAfter: SAMLInstant(now.addingTimeInterval(600)),
                                   audienceRestrictions: [[spIssuer]]),
            authnStatements: [AuthnStatement(authnInstant: SAMLInstant(now.addingTimeInterval(-5)), sessionIndex: "_session-1",
                                             sessionNotOnOrAfter: SAMLInstant(now.addingTimeInterval(8 * 3600)),
                                             subjectLocalityAddress: "127.0.0.1")],
            attributes: [
                Attribute(name: "FirstName", values: ["Ion"]), Attribute(name: "LastName", values: ["Popescu"]),
                Attribute(name: "BirthDate", values: ["1980-05-17"]),
                Attribute(name: "Role", values: ["admin", "user & <guest>"]),
            ])
        return Response(issueInstant: now, destination: destination, inResponseTo: inResponseTo, issuer: idpIssuer,
                        status: status, assertions: withAssertion ? [assertion] : [])
    }

    static func expectations(outstanding: Set<String>? = [requestID]) -> ResponseExpectations {
        ResponseExpectations(pinnedCertificates: [TestIdentities.idp.certificate], idpIssuer: idpIssuer, acsURL: acsURL,
                             audience: spIssuer, outstandingRequestIDs: outstanding)
    }

    static func signedResponseXML(_ response: Response = response(), signResponse: Bool = true, signAssertion: Bool = false,
                                  identity: SigningIdentity = TestIdentities.idp) throws -> Data {
        try response.signedDocument(signer: XMLSigner(identity: identity), signResponse: signResponse, signAssertion: signAssertion).serialized()
    }

    static func validate(_ data: Data, expectations: ResponseExpectations = expectations(), now: Date = testNow) throws -> ResponseValidation {
        try ResponseValidator(expectations: expectations, window: TimeWindow(now: now)).validate(SafeXMLParser().parse(data))
    }
}
