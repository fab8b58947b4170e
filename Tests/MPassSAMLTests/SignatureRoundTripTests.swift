import Foundation
import Testing
@testable import MPassSAML

@Suite struct SignatureRoundTripTests {
    func signedDocument() throws -> XMLDocument {
        let doc = try XMLDocument(root: "LogoutRequest", namespace: .samlp)
        doc.root.setAttribute("ID", "_abc123")
        doc.root.setAttribute("Version", "2.0")
        doc.root.addChild("Issuer", .saml, text: "https://service.example & co <x>")
        doc.root.addChild("NameID", .saml, text: "2001234567890")
        try XMLSigner(identity: TestIdentities.service).sign(doc.root)
        return doc
    }

    @Test func signsAndVerifiesAfterReparse() throws {
        let bytes = try signedDocument().serialized()
        let reparsed = try SafeXMLParser().parse(bytes)
        let verifier = SignatureVerifier(policy: .init(pinnedCertificates: [TestIdentities.service.certificate]))
        let result = verifier.verify(reparsed.root, checks: SignatureCheckIDs(scope: "message"))
        #expect(result.isValid, "\(result.checks.map(\.line))")
        #expect(result.signedElement?.isSameNode(as: reparsed.root) == true)
        // Signature right after Issuer.
        #expect(reparsed.root.children.map(\.localName) == ["Issuer", "Signature", "NameID"])
        // Values are escaped by libxml2, not interpolated.
        #expect(String(decoding: bytes, as: UTF8.self).contains("https://service.example &amp; co &lt;x&gt;"))
    }

    @Test func tamperedContentFailsDigest() throws {
        let text = String(decoding: try signedDocument().serialized(), as: UTF8.self)
            .replacingOccurrences(of: "2001234567890", with: "2009999999999")
        let doc = try SafeXMLParser().parse(text)
        let result = SignatureVerifier(policy: .init(pinnedCertificates: [TestIdentities.service.certificate]))
            .verify(doc.root, checks: SignatureCheckIDs(scope: "message"))
        #expect(!result.isValid)
        let value = SignatureCheckIDs(scope: "message").value
        #expect(value.rawValue == "message.signature.value")
        #expect(result.checks.first { $0.id == value }?.isFailure == true)
        #expect(result.checks.first { $0.id == value }?.detail.contains("digest") == true)
    }

    @Test func otherKeyFailsEvenWithItsCertificateInKeyInfo() throws {
        let doc = try XMLDocument(root: "LogoutRequest", namespace: .samlp)
        doc.root.setAttribute("ID", "_x1")
        doc.root.addChild("Issuer", .saml, text: "idp")
        try XMLSigner(identity: TestIdentities.attacker).sign(doc.root)
        let reparsed = try SafeXMLParser().parse(doc.serialized())
        let result = SignatureVerifier(policy: .init(pinnedCertificates: [TestIdentities.idp.certificate]))
            .verify(reparsed.root, checks: SignatureCheckIDs(scope: "response"))
        #expect(!result.isValid)
        #expect(result.checks.first { $0.id == CheckID.responseSignature.keyInfo }?.isFailure == true)
        #expect(result.checks.first { $0.id == CheckID.responseSignature.value }?.isFailure == true)
    }

    /// The fixed-profile signer writes the very bytes xmlsec's signer writes (PKCS#1 v1.5 is
    /// deterministic): a Response signed at the root and on the Assertion, an AuthnRequest, and
    /// a LogoutRequest whose text needs escaping. Each then verifies through xmlsec alone.
    @Test(arguments: ["response", "authn-request", "logout-request"])
    func fixedProfileSignerWritesWhatXMLSecWrites(message: String) throws {
        // Built once (their IDs are random), signed twice.
        let response = Samples.response()
        let authnRequest = AuthnRequest(issueInstant: testNow, destination: Samples.ssoURL, issuer: Samples.spIssuer,
                                        assertionConsumerServiceURL: Samples.acsURL)
        func signed(_ engine: SignatureEngine) throws -> Data {
            var signer = XMLSigner(identity: TestIdentities.idp)
            signer.engine = engine
            switch message {
            case "response":
                return try response.signedDocument(signer: signer, signResponse: true, signAssertion: true).serialized()
            case "authn-request":
                return try authnRequest.signedDocument(signer: signer).serialized()
            default:
                let doc = try XMLDocument(root: "LogoutRequest", namespace: .samlp)
                doc.root.setAttribute("ID", "_abc123")
                doc.root.addChild("Issuer", .saml, text: "https://service.example & co <x>")
                doc.root.addChild("NameID", .saml, text: "2001234567890")
                try signer.sign(doc.root)
                return doc.serialized()
            }
        }
        let fixed = try signed(.fixedProfileThenXMLSec)
        let xmlsec = try signed(.xmlsecOnly)
        #expect(fixed == xmlsec, "first difference at byte \(zip(fixed, xmlsec).prefix { $0 == $1 }.count)")
        var policy = SignaturePolicy(pinnedCertificates: [TestIdentities.idp.certificate])
        policy.engine = .xmlsecOnly
        let document = try SafeXMLParser().parse(fixed)
        var signedElements = [document.root]
        signedElements += document.root.children("Assertion", .saml)
        for element in signedElements {
            let verification = SignatureVerifier(policy: policy).verify(element, checks: SignatureCheckIDs(scope: "message"))
            #expect(verification.isValid, "\(verification.checks.filter(\.isFailure).map(\.line))")
        }
    }
}
