import Foundation
import Testing
import MPassSAML
import Vocabulary

/// `MessageVerifier`: the validator by message kind, the certificate by sender. The guide
/// (chapters 4-6): MPass sends the Response, a Service sends the AuthnRequest, and either
/// side may send a LogoutRequest or a LogoutResponse. SAML Bindings 3.4: a Redirect message
/// is signed over its query.
@Suite struct MessageVerifierTests {
    private func verifier(idp: [Certificate] = [], sp: [Certificate] = []) -> MessageVerifier {
        var verifier = MessageVerifier(window: TimeWindow(now: testNow))
        verifier.idpCertificates = idp
        verifier.spCertificates = sp
        verifier.idpIssuer = Samples.idpIssuer
        verifier.serviceIssuer = Samples.spIssuer
        return verifier
    }

    private func logoutRequest(issuer: String, signedBy identity: SigningIdentity) throws -> Data {
        try LogoutRequest(issueInstant: testNow, destination: Samples.ssoURL, issuer: issuer,
                          nameID: NameID("2001234567890"), sessionIndex: "_session-1")
            .signedDocument(signer: XMLSigner(identity: identity)).serialized()
    }

    @Test func aResponseIsCheckedAgainstMPassCertificate() throws {
        var verifier = verifier(idp: [TestIdentities.idp.certificate])
        verifier.destination = Samples.acsURL
        verifier.audience = Samples.spIssuer
        verifier.outstandingRequestIDs = [Samples.requestID]
        let verification = try verifier.verify(MessageInput.decode(Samples.signedResponseXML()))
        #expect(verification.report.isValid, "\(verification.report.failures.map(\.line))")
        #expect(verification.report.messageKind == "Response")
        #expect(verification.assertion?.subject?.nameID?.value == "2001234567890")
    }

    @Test func aResponseIsNeverCheckedAgainstTheServiceCertificate() throws {
        // Signed with the Service's key and only the Service's certificate given: a Response
        // is MPass's, so there is no MPass certificate to trust and the signature fails.
        let xml = try Samples.signedResponseXML(identity: TestIdentities.service)
        let verification = try verifier(sp: [TestIdentities.service.certificate]).verify(MessageInput.decode(xml))
        #expect(!verification.report.isValid)
        #expect(verification.report[CheckID.responseSignature.value]?.isFailure == true)
        #expect(verification.assertion == nil)
    }

    @Test func aResponseInARedirectURLFailsTheBindingCheck() throws {
        let url = try HTTPRedirectBinding.encode(try Samples.response().document().serialized(), as: .response,
                                                 destination: Samples.acsURL, relayState: nil,
                                                 signingKey: TestIdentities.idp.privateKey).url
        let verification = try verifier(idp: [TestIdentities.idp.certificate]).verify(MessageInput.decode(Data(url.utf8)))
        #expect(verification.report[.bindingResponseByRedirect]?.isFailure == true)
        #expect(!verification.report.isValid)
    }

    @Test func anAuthnRequestByRedirectIsCheckedOverItsQueryWithTheServiceCertificate() throws {
        let request = AuthnRequest(issueInstant: testNow, destination: Samples.ssoURL, issuer: Samples.spIssuer,
                                   assertionConsumerServiceURL: Samples.acsURL)
        let url = try HTTPRedirectBinding.encode(try request.document().serialized(), as: .request, destination: Samples.ssoURL,
                                                 relayState: "back", signingKey: TestIdentities.service.privateKey).url
        let input = try MessageInput.decode(Data(url.utf8))
        // MPass's certificate is given too: an AuthnRequest is the Service's all the same.
        let good = try verifier(idp: [TestIdentities.idp.certificate], sp: [TestIdentities.service.certificate]).verify(input)
        #expect(good.report[.redirectSignatureValue]?.isPass == true, "\(good.report.failures.map(\.line))")
        #expect(good.report[.bindingRelayStateLength]?.isPass == true)
        #expect(good.assertion == nil)
        let wrongKey = try verifier(sp: [TestIdentities.attacker.certificate]).verify(input)
        #expect(wrongKey.report[.redirectSignatureValue]?.isFailure == true)
        #expect(!wrongKey.report.isValid)
    }

    @Test func aLogoutRequestWithBothCertificatesNeedsItsSender() throws {
        let xml = try logoutRequest(issuer: Samples.spIssuer, signedBy: TestIdentities.service)
        let both = verifier(idp: [TestIdentities.idp.certificate], sp: [TestIdentities.service.certificate])
        #expect(throws: HarnessError(.messageSenderAmbiguous, "")) { try both.verify(MessageInput.decode(xml)) }

        var fromService = both
        fromService.sender = .service
        let service = try fromService.verify(MessageInput.decode(xml))
        #expect(service.report[CheckID.logoutRequestSignature.value]?.isPass == true, "\(service.report.failures.map(\.line))")
        #expect(service.report[.logoutRequestIssuer]?.isPass == true)

        var fromMPass = both
        fromMPass.sender = .mpass
        let mpass = try fromMPass.verify(MessageInput.decode(xml))
        #expect(mpass.report[CheckID.logoutRequestSignature.value]?.isFailure == true)
        #expect(mpass.report[.logoutRequestIssuer]?.isFailure == true)
    }

    @Test func aLogoutRequestWithOnlyMPassCertificateIsMPass() throws {
        let xml = try logoutRequest(issuer: Samples.idpIssuer, signedBy: TestIdentities.idp)
        let verification = try verifier(idp: [TestIdentities.idp.certificate]).verify(MessageInput.decode(xml))
        #expect(verification.report[CheckID.logoutRequestSignature.value]?.isPass == true, "\(verification.report.failures.map(\.line))")
        #expect(verification.report[.logoutRequestIssuer]?.isPass == true)
    }

    @Test func aDocumentThatIsNotSAMLIsRefusedBeforeAnyCheck() throws {
        #expect(throws: HarnessError(.xmlWrongRoot, "")) {
            try verifier(idp: [TestIdentities.idp.certificate]).verify(MessageInput.decode(Data("<html/>".utf8)))
        }
    }
}
