import Foundation
import Testing
import MPassSAML
import MPassSimulator

/// `LoginResponse`: the Response MPass sends after a login (`mpass-saml.md`), as the
/// simulator and `sign response` build it.
@Suite struct LoginResponseTests {
    static let idp = try! TestCredentialFactory.make(.init(commonName: "login response IdP"))
    static let now = SAMLTime.parse("2026-11-22T10:00:00Z")!.date
    static let acs = "https://service.example.md/mpass-login"
    static let audience = "https://service.example.md"
    /// 128 random bits after "_" (SAML Core 1.3.4), as MPass writes IDs.
    static let responseID = "_6c1f0e9a2b4d48e7a3f5c2d1b0e9f8a7"

    private func login() -> LoginResponse {
        LoginResponse(issuer: "https://mpass.sim.test", acsURL: Self.acs, audience: Self.audience, inResponseTo: "_request1",
                      nameID: "2001234567890", sessionIndex: "_session1", authnInstant: Self.now.addingTimeInterval(-5))
    }

    private func validate(_ response: Response) throws -> ResponseValidation {
        let xml = try response.signedDocument(signer: XMLSigner(identity: Self.idp)).serialized()
        let expectations = ResponseExpectations(pinnedCertificates: [Self.idp.certificate], idpIssuer: "https://mpass.sim.test",
                                                acsURL: Self.acs, audience: Self.audience, outstandingRequestIDs: ["_request1"])
        return try ResponseValidator(expectations: expectations, window: TimeWindow(now: Self.now)).validate(SafeXMLParser().parse(xml))
    }

    @Test func signedItPassesEveryCheckAServiceMakes() throws {
        var login = login()
        login.addAttribute("FirstName", value: "Ion")
        let validation = try validate(login.response(id: Self.responseID, at: Self.now))
        #expect(validation.isValid, "\(validation.report.failures.map(\.line))")
        #expect(validation.response?.id == Self.responseID)
        #expect(validation.assertion?.subject?.nameID?.value == "2001234567890")
        #expect(validation.assertion?.authnStatements.first?.sessionIndex == "_session1")
        #expect(validation.assertion?.values(of: "FirstName") == ["Ion"])
    }

    @Test func theAssertionLastsTheMessageLifetimeAndTheSessionItsOwn() throws {
        var login = login()
        login.messageLifetime = 300
        login.sessionLifetime = 3600
        let assertion = try #require(login.response(at: Self.now).assertions.first)
        #expect(assertion.conditions?.notOnOrAfter?.parsed?.date == Self.now.addingTimeInterval(300))
        #expect(assertion.subject?.confirmations.first?.data?.notOnOrAfter?.parsed?.date == Self.now.addingTimeInterval(300))
        #expect(assertion.subject?.confirmations.first?.data?.recipient == Self.acs)
        #expect(assertion.authnStatements.first?.sessionNotOnOrAfter?.parsed?.date == Self.now.addingTimeInterval(3600))
    }

    @Test func aRepeatedAttributeNameIsOneAttributeWithSeveralValues() {
        var login = login()
        login.addAttribute("Role", value: "admin")
        login.addAttribute("FirstName", value: "Ion")
        login.addAttribute("Role", value: "user")
        #expect(login.attributes == [Attribute(name: "Role", values: ["admin", "user"]), Attribute(name: "FirstName", values: ["Ion"])])
    }

    @Test func noDestinationLeavesItOutAndAServiceRefusesIt() throws {
        var login = login()
        login.destination = nil
        let response = login.response(at: Self.now)
        #expect(response.destination == nil)
        // TC_SEC_05: a signed Response without Destination must be refused.
        #expect(try !validate(response).isValid)
    }
}
