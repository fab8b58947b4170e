import Foundation
import Testing
@testable import MPassSAML

@Suite struct ResponseValidatorTests {
    @Test func validSignedResponsePassesEveryCheck() throws {
        let result = try Samples.validate(Samples.signedResponseXML())
        #expect(result.isValid, "\(result.report.failures.map(\.line))")
        #expect(result.assertion?.subject?.nameID?.value == "2001234567890")
        #expect(result.assertion?.values(of: "Role") == ["admin", "user & <guest>"])
        #expect(result.report.checks.count > 25)
    }

    @Test(arguments: [(true, false), (false, true), (true, true)])
    func signaturePlacements(signResponse: Bool, signAssertion: Bool) throws {
        var expectations = Samples.expectations()
        expectations.requireSignedResponse = signResponse
        expectations.requireSignedAssertion = signAssertion
        let result = try Samples.validate(Samples.signedResponseXML(signResponse: signResponse, signAssertion: signAssertion),
                                          expectations: expectations)
        #expect(result.isValid, "\(result.report.failures.map(\.line))")
    }

    @Test func unsignedResponseIsRefused() throws {
        let xml = try Samples.response().document().serialized()
        let result = try Samples.validate(xml)
        #expect(!result.isValid)
        #expect(result.assertion == nil)
        #expect(result.report[CheckID.responseSignature.present]?.isFailure == true)
        #expect(result.report[CheckID.messageSigned]?.isFailure == true)
    }

    @Test func compatibleCertificateIsRefused() throws {
        // TC_SEC_02: same subject and issuer as the pinned certificate, another key, carried in KeyInfo.
        let lookalike = try TestCredentialFactory.make(.init(commonName: "x", namesCopiedFrom: TestIdentities.idp.certificate))
        #expect(lookalike.certificate.subject == TestIdentities.idp.certificate.subject)
        let result = try Samples.validate(Samples.signedResponseXML(identity: lookalike))
        #expect(!result.isValid)
        #expect(result.report[CheckID.responseSignature.keyInfo]?.isFailure == true)
        #expect(result.report[CheckID.responseSignature.value]?.isFailure == true)
    }

    @Test func expiredAndFutureResponses() throws {
        let old = try Samples.validate(Samples.signedResponseXML(Samples.response(now: testNow.addingTimeInterval(-3 * 3600))))
        #expect(old.report[CheckID.responseIssueInstant]?.isFailure == true)
        #expect(old.report[CheckID.assertionConditionsNotOnOrAfter]?.isFailure == true)
        #expect(old.report[CheckID.assertionSubjectConfirmationNotOnOrAfter]?.isFailure == true)
        // TC_SEC_04: Moldova local time (UTC+2) written as UTC.
        let future = try Samples.validate(Samples.signedResponseXML(Samples.response(now: testNow.addingTimeInterval(2 * 3600))))
        #expect(future.report[CheckID.responseIssueInstant]?.isFailure == true)
        #expect(future.report[CheckID.assertionConditionsNotBefore]?.isFailure == true)
        #expect(!future.isValid)
    }

    @Test func missingDestinationAndInResponseTo() throws {
        let noDestination = try Samples.validate(Samples.signedResponseXML(Samples.response(destination: nil)))
        #expect(noDestination.report[CheckID.responseDestination]?.isFailure == true)
        let noInResponseTo = try Samples.validate(Samples.signedResponseXML(Samples.response(inResponseTo: nil)))
        #expect(noInResponseTo.report[CheckID.responseInResponseTo]?.isFailure == true)
        #expect(noInResponseTo.report[CheckID.assertionSubjectConfirmationInResponseTo]?.isFailure == true)
        let unknown = try Samples.validate(Samples.signedResponseXML(), expectations: Samples.expectations(outstanding: ["_other"]))
        #expect(unknown.report[CheckID.responseInResponseTo]?.isFailure == true)
    }

    @Test func cancelledLoginIsAFailedStatusWithoutAssertionChecks() throws {
        let cancelled = Samples.response(status: Status(code: SAMLURI.statusResponder, subcode: SAMLURI.statusAuthnFailed,
                                                        message: "User cancelled"), withAssertion: false)
        let result = try Samples.validate(Samples.signedResponseXML(cancelled))
        #expect(!result.isValid)
        #expect(result.report[CheckID.responseSignature.value]?.isPass == true)
        #expect(result.report[CheckID.responseStatus]?.isFailure == true)
        #expect(result.report[CheckID.responseStatus]?.detail.contains("AuthnFailed") == true)
        #expect(result.report[CheckID.assertionSubjectNameID]?.outcome == .notApplicable(why: "the Response reports failure and carries no Assertion"))
    }

    @Test func wrongAudienceAndRecipient() throws {
        var expectations = Samples.expectations()
        expectations.audience = "https://other.example"
        expectations.acsURL = "https://other.example/acs"
        let result = try Samples.validate(Samples.signedResponseXML(), expectations: expectations)
        #expect(result.report[CheckID.assertionConditionsAudience]?.isFailure == true)
        #expect(result.report[CheckID.assertionSubjectConfirmationRecipient]?.isFailure == true)
        #expect(result.report[CheckID.responseDestination]?.isFailure == true)
    }

    @Test func weakAlgorithmRefusedUnlessAllowed() throws {
        let doc = try Samples.response().signedDocument(
            signer: XMLSigner(identity: TestIdentities.idp, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1))
        let refused = try Samples.validate(doc.serialized())
        #expect(refused.report[CheckID.responseSignature.algorithm]?.isFailure == true)
        var expectations = Samples.expectations()
        expectations.allowWeakAlgorithms = true
        #expect(try Samples.validate(doc.serialized(), expectations: expectations).isValid)
    }

    // SAML Profiles 4.1.4.2: "If the <Response> message is signed ..., then the <Issuer>
    // element MUST be present"; unsigned (only the Assertion signed) it stays optional.
    @Test func signedResponseWithoutIssuerIsRefused() throws {
        var response = Samples.response()
        response.issuer = nil
        let signed = try Samples.validate(Samples.signedResponseXML(response))
        #expect(signed.report[CheckID.responseIssuer]?.isFailure == true)
        #expect(!signed.isValid)
        var expectations = Samples.expectations()
        expectations.requireSignedResponse = false
        expectations.requireSignedAssertion = true
        let assertionOnly = try Samples.validate(Samples.signedResponseXML(response, signResponse: false, signAssertion: true),
                                                 expectations: expectations)
        #expect(assertionOnly.report[CheckID.responseIssuer]?.isFailure == false)
        #expect(assertionOnly.isValid, "\(assertionOnly.report.failures.map(\.line))")
    }

    // saml-schema-assertion-2.0, AuthnStatementType: AuthnContext has no minOccurs="0".
    @Test func authnStatementWithoutAuthnContextIsRefused() throws {
        var response = Samples.response()
        response.assertions[0].authnStatements[0].authnContextClassRef = nil
        let result = try Samples.validate(Samples.signedResponseXML(response))
        #expect(result.report[CheckID.assertionAuthnStatement]?.isFailure == true)
        #expect(!result.isValid)
        var lawful = Samples.response()
        lawful.assertions[0].authnStatements[0].sessionNotOnOrAfter = nil
        #expect(try Samples.validate(Samples.signedResponseXML(lawful)).isValid)
    }
}
