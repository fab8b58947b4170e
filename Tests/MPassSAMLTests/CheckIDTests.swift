import Foundation
import Testing
@testable import MPassSAML

/// Check ids are constants (`CheckID`): every id a validator emits must be one of them, so a
/// typo or a check added without its constant shows here, not in a report.
@Suite struct CheckIDTests {
    /// Every report the library's validators make over the attack corpus and over valid and
    /// broken messages of every kind, both bindings.
    static func reports() throws -> [ValidationReport] {
        var reports: [ValidationReport] = []
        let window = TimeWindow(now: testNow)

        // The attack corpus: one fixture per failing check, each with its profile's validator.
        let manifest = try AttackManifest.load()
        for entry in manifest.attacks {
            let data = try Data(contentsOf: AttackManifest.directory.appendingPathComponent(entry.file))
            guard let document = try? SafeXMLParser().parse(data) else { continue }
            switch entry.profile {
            case .signedResponse, .signedAssertion:
                reports.append(try ResponseValidator(expectations: entry.profile.responseExpectations, window: window)
                    .validate(document).report)
            case .mpassLogoutRequest:
                reports.append(try RequestValidator(expectations: entry.profile.requestExpectations, window: window)
                    .validateLogoutRequest(document).report)
            case .serviceAuthnRequest:
                reports.append(try RequestValidator(expectations: entry.profile.requestExpectations, window: window)
                    .validateAuthnRequest(document).report)
            }
        }

        // Responses: signed, Assertion signed too, unsigned, a cancelled login, no conditions.
        let signer = XMLSigner(identity: TestIdentities.idp)
        var bare = Samples.response()
        bare.assertions[0].conditions = nil
        bare.assertions[0].subject?.confirmations = []
        let responses = [
            try Samples.signedResponseXML(), try Samples.signedResponseXML(signAssertion: true),
            try Samples.signedResponseXML(signResponse: false),
            try Samples.signedResponseXML(Samples.response(status: Status(code: SAMLURI.statusRequester), withAssertion: false)),
            try bare.signedDocument(signer: signer).serialized(),
        ]
        for data in responses {
            reports.append(try Samples.validate(data).report)
            var unsignedOK = Samples.expectations()
            unsignedOK.requireSignedResponse = false
            reports.append(try Samples.validate(data, expectations: unsignedOK).report)
        }

        // The request-side messages, by POST (XML signature) and by Redirect (query signature).
        let expectations = RequestExpectations(
            pinnedCertificates: [TestIdentities.service.certificate], issuer: Samples.spIssuer, destination: Samples.ssoURL,
            registeredACSURLs: [Samples.acsURL], nameID: "2001234567890", sessionIndex: "_session-1",
            outstandingRequestIDs: [Samples.requestID])
        let serviceSigner = XMLSigner(identity: TestIdentities.service)
        let authn = AuthnRequest(issueInstant: testNow, destination: Samples.ssoURL, issuer: Samples.spIssuer,
                                 assertionConsumerServiceURL: Samples.acsURL)
        let logout = LogoutRequest(issueInstant: testNow, destination: Samples.ssoURL, issuer: Samples.spIssuer,
                                   nameID: NameID("2001234567890"), sessionIndex: "_session-1")
        let answer = LogoutResponse(issueInstant: testNow, destination: Samples.ssoURL, inResponseTo: Samples.requestID,
                                    issuer: Samples.spIssuer)
        let signed = [try authn.signedDocument(signer: serviceSigner), try logout.signedDocument(signer: serviceSigner),
                      try answer.signedDocument(signer: serviceSigner)]
        let unsigned = [try authn.document(), try logout.document(), try answer.document()]
        for (index, document) in (signed + unsigned).enumerated() {
            var byRedirect = expectations
            byRedirect.signatureVerifiedByBinding = index >= signed.count
            let validator = RequestValidator(expectations: byRedirect, window: window)
            switch index % signed.count {
            case 0: reports.append(try validator.validateAuthnRequest(document).report)
            case 1: reports.append(try validator.validateLogoutRequest(document).report)
            default: reports.append(try validator.validateLogoutResponse(document).report)
            }
        }
        let policy = SignaturePolicy(pinnedCertificates: [TestIdentities.service.certificate])
        for key in [TestIdentities.service.privateKey, nil] {
            let url = try HTTPRedirectBinding.encode(unsigned[0].serialized(), as: .request, destination: Samples.ssoURL,
                                                     relayState: "state", signingKey: key)
            let message = try HTTPRedirectBinding.decode(url: url.url)
            reports.append(ValidationReport(messageKind: "redirect", checks: message.verifySignature(policy: policy)
                + [message.embeddedSignatureCheck, message.relayStateCheck]))
        }
        return reports
    }

    @Test("Every id a validator emits is a declared CheckID constant")
    func everyEmittedIDIsDeclared() throws {
        let emitted = Set(try Self.reports().flatMap(\.checks).map(\.id))
        #expect(emitted.count > 60, "the corpus reached only \(emitted.count) checks")
        #expect(emitted.subtracting(CheckID.all).isEmpty,
                "emitted but not declared: \(emitted.subtracting(CheckID.all).sorted())")
    }

    @Test("No two declared constants share a spelling, and none is listed twice")
    func declaredIDsAreDistinct() {
        let spellings = CheckID.declared.map(\.rawValue)
        let repeated = Dictionary(grouping: spellings, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "declared more than once: \(repeated)")
        #expect(CheckID.all.count == spellings.count)
    }

    @Test("The check that would catch an undeclared id does catch one")
    func anUndeclaredIDIsNoticed() {
        let stray: Set<CheckID> = [.responseDestination, CheckID(rawValue: "response.destinaton")]
        #expect(stray.subtracting(CheckID.all) == [CheckID(rawValue: "response.destinaton")])
    }

    // The ids as the README, the spec notes and shipped reports spell them (never renamed).
    @Test func constantsSpellTheShippedIDs() {
        #expect(CheckID.responseDestination.rawValue == "response.destination")
        #expect(CheckID.responseSignature.referenceTargetsRoot.rawValue == "response.signature.reference-targets-root")
        #expect(CheckID.assertionSubjectConfirmationInResponseTo.rawValue == "assertion.subject.confirmation.in-response-to")
        #expect(CheckID.authnRequestSignature.digestAlgorithm.rawValue == "authn-request.signature.digest-algorithm")
        #expect(CheckID.redirectSignatureValue.rawValue == "redirect.signature.value")
        #expect(CheckID.bindingRelayStateLength.rawValue == "binding.relay-state.length")
        #expect(CheckID.responseSignature.inOrder.map(\.rawValue) == [
            "response.signature.present", "response.signature.position", "response.signature.signed-info",
            "response.signature.canonicalization", "response.signature.algorithm", "response.signature.reference-count",
            "response.signature.reference-targets-root", "response.signature.transforms",
            "response.signature.digest-algorithm", "response.signature.key-info", "response.signature.value",
        ])
    }

    @Test("A check id is written to JSON as its plain string, as report.json always spelt it")
    func encodesAsItsRawString() throws {
        let check = CheckResult.fail(.responseSignature.value, "bad")
        let json = String(decoding: try JSONEncoder().encode(check), as: UTF8.self)
        #expect(json.contains("\"id\":\"response.signature.value\""), "\(json)")
        let decoded = try JSONDecoder().decode(CheckResult.self, from: Data(json.utf8))
        #expect(decoded.id == .responseSignature.value)
    }
}
