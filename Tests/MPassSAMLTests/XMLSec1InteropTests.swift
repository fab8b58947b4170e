import Foundation
import Testing
import TestSupport
@testable import MPassSAML

/// Interop with an independent XML-DSig implementation, the `xmlsec1` command-line tool
/// (Debian package `xmlsec1`): what the library signs, xmlsec1 verifies; what xmlsec1 signs
/// from a template, the library's validators accept. Missing xmlsec1 fails these tests
/// (with the fix: scripts/setup) rather than skipping them silently.
@Suite(.timeLimit(.minutes(10)), .temporaryDirectories) struct XMLSec1InteropTests {
    static let sloURL = "https://mpass.sim.test/logout/saml"

    /// The four messages of the MPass flows, each as one side sends it.
    enum Message: String, CaseIterable, CustomTestStringConvertible {
        case authnRequest = "AuthnRequest"
        case logoutRequest = "LogoutRequest"
        case logoutResponse = "LogoutResponse"
        case response = "Response"

        var testDescription: String { rawValue }

        /// The Service signs requests; MPass signs the Response and the LogoutResponse.
        var signer: SigningIdentity {
            switch self {
            case .authnRequest, .logoutRequest: TestIdentities.service
            case .logoutResponse, .response: TestIdentities.idp
            }
        }

        /// `--id-attr:ID` names the element by namespace and local name.
        var idAttribute: String { "\(XMLNamespace.samlp.uri):\(rawValue)" }

        func unsigned() throws -> XMLDocument {
            switch self {
            case .authnRequest:
                try AuthnRequest(issueInstant: testNow, destination: Samples.ssoURL, issuer: Samples.spIssuer,
                                 assertionConsumerServiceURL: Samples.acsURL).document()
            case .logoutRequest:
                try LogoutRequest(issueInstant: testNow, destination: XMLSec1InteropTests.sloURL, issuer: Samples.spIssuer,
                                  nameID: NameID("2001234567890"), sessionIndex: "_session-1").document()
            case .logoutResponse:
                try LogoutResponse(issueInstant: testNow, destination: AttackProfile.serviceSLOURL, inResponseTo: Samples.requestID,
                                   issuer: Samples.idpIssuer).document()
            case .response:
                try Samples.response().document()
            }
        }

        /// Validates with the library, pinning `signer`'s certificate; the report of every check.
        func validate(_ document: XMLDocument) throws -> ValidationReport {
            let window = TimeWindow(now: testNow)
            let pinned = [signer.certificate]
            switch self {
            case .authnRequest:
                return try RequestValidator(expectations: RequestExpectations(
                    pinnedCertificates: pinned, issuer: Samples.spIssuer, destination: Samples.ssoURL,
                    registeredACSURLs: [Samples.acsURL]), window: window).validateAuthnRequest(document).report
            case .logoutRequest:
                return try RequestValidator(expectations: RequestExpectations(
                    pinnedCertificates: pinned, issuer: Samples.spIssuer, destination: XMLSec1InteropTests.sloURL,
                    nameID: "2001234567890", sessionIndex: "_session-1"), window: window).validateLogoutRequest(document).report
            case .logoutResponse:
                return try RequestValidator(expectations: RequestExpectations(
                    pinnedCertificates: pinned, issuer: Samples.idpIssuer, destination: AttackProfile.serviceSLOURL,
                    outstandingRequestIDs: [Samples.requestID]), window: window).validateLogoutResponse(document).report
            case .response:
                let result = try ResponseValidator(expectations: Samples.expectations(), window: window).validate(document)
                #expect(result.assertion?.subject?.nameID?.value == "2001234567890")
                return result.report
            }
        }

        var scope: String {
            switch self {
            case .authnRequest: "authn-request"
            case .logoutRequest: "logout-request"
            case .logoutResponse: "logout-response"
            case .response: "response"
            }
        }
    }

    // MARK: The library signs, xmlsec1 verifies

    @Test(arguments: Message.allCases)
    func xmlsec1VerifiesWhatTheLibrarySigns(_ message: Message) throws {
        let xmlsec1 = try XMLSec1.locate()
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = try write(message.signer.certificate.pem, "cert.pem", in: folder)

        let document = try message.unsigned()
        try XMLSigner(identity: message.signer).sign(document.root)
        let signed = try write(document.serialized(), "signed.xml", in: folder)
        let verified = try xmlsec1.run(["--verify", "--pubkey-cert-pem", certificate, "--enabled-reference-uris", "same-doc",
                                        "--id-attr:ID", message.idAttribute, signed])
        #expect(verified.status == 0, "xmlsec1 refused the library's \(message.rawValue): \(verified.stderr)")

        // The control: the same check must fail once the signed content changes.
        let tampered = try write(Data(document.serializedString().replacingOccurrences(of: "<saml2:Issuer>", with: "<saml2:Issuer>x").utf8),
                                 "tampered.xml", in: folder)
        let refused = try xmlsec1.run(["--verify", "--pubkey-cert-pem", certificate, "--enabled-reference-uris", "same-doc",
                                       "--id-attr:ID", message.idAttribute, tampered])
        #expect(refused.status != 0, "xmlsec1 accepted a tampered \(message.rawValue); the interop check proves nothing")
    }

    /// MPass can sign the Assertion as well as the Response: xmlsec1 verifies both signatures.
    @Test func xmlsec1VerifiesBothSignaturesOfAResponse() throws {
        let xmlsec1 = try XMLSec1.locate()
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = try write(TestIdentities.idp.certificate.pem, "cert.pem", in: folder)
        let signed = try write(Samples.signedResponseXML(signResponse: true, signAssertion: true), "signed.xml", in: folder)
        let common = ["--verify", "--pubkey-cert-pem", certificate, "--enabled-reference-uris", "same-doc",
                      "--id-attr:ID", Message.response.idAttribute, "--id-attr:ID", Self.assertionIDAttribute]
        // Without --node-xpath xmlsec1 takes the first ds:Signature in document order: the Response's.
        let response = try xmlsec1.run(common + [signed])
        #expect(response.status == 0, "xmlsec1 refused the Response's signature: \(response.stderr)")
        let assertion = try xmlsec1.run(common + ["--node-xpath", Self.assertionSignatureXPath, signed])
        #expect(assertion.status == 0, "xmlsec1 refused the Assertion's signature: \(assertion.stderr)")
    }

    // MARK: xmlsec1 signs, the library verifies

    @Test(arguments: Message.allCases)
    func libraryAcceptsWhatXMLSec1Signs(_ message: Message) throws {
        let xmlsec1 = try XMLSec1.locate()
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (key, certificate) = try writeCredential(message.signer, in: folder)

        let document = try message.unsigned()
        SignatureTemplate.mpass(for: document.root).insert(into: document.root)
        let template = try write(document.serialized(), "template.xml", in: folder)
        let output = folder.appendingPathComponent("signed.xml").path
        let signing = try xmlsec1.run(["--sign", "--privkey-pem", "\(key),\(certificate)", "--id-attr:ID", message.idAttribute,
                                       "--output", output, template])
        try #require(signing.status == 0, "xmlsec1 could not sign the \(message.rawValue) template: \(signing.stderr)")

        let report = try message.validate(SafeXMLParser().parse(Data(contentsOf: URL(fileURLWithPath: output))))
        #expect(report.isValid, "\(message.rawValue) signed by xmlsec1: \(report.failures.map(\.line))")
        // xmlsec1 wrote the certificate into KeyInfo; it is the pinned one.
        #expect(report.passed(CheckID(rawValue: "\(message.scope).signature.key-info")))
        #expect(report.passed(CheckID(rawValue: "\(message.scope).signature.value")))
    }

    /// Both signatures made by xmlsec1 (the Assertion's first, so the Response's digest covers
    /// it), both verified by the library with a Service that requires both.
    @Test func libraryAcceptsAResponseAndAssertionSignedByXMLSec1() throws {
        let xmlsec1 = try XMLSec1.locate()
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (key, certificate) = try writeCredential(TestIdentities.idp, in: folder)

        let document = try Samples.response().document()
        SignatureTemplate.mpass(for: document.root).insert(into: document.root)
        let assertion = document.root.child("Assertion", .saml)!
        SignatureTemplate.mpass(for: assertion).insert(into: assertion)
        let template = try write(document.serialized(), "template.xml", in: folder)
        let half = folder.appendingPathComponent("assertion-signed.xml").path
        let output = folder.appendingPathComponent("signed.xml").path
        let common = ["--sign", "--privkey-pem", "\(key),\(certificate)",
                      "--id-attr:ID", Message.response.idAttribute, "--id-attr:ID", Self.assertionIDAttribute]
        let first = try xmlsec1.run(common + ["--node-xpath", Self.assertionSignatureXPath, "--output", half, template])
        try #require(first.status == 0, "xmlsec1 could not sign the Assertion: \(first.stderr)")
        let second = try xmlsec1.run(common + ["--output", output, half])
        try #require(second.status == 0, "xmlsec1 could not sign the Response: \(second.stderr)")

        var expectations = Samples.expectations()
        expectations.requireSignedAssertion = true
        let result = try ResponseValidator(expectations: expectations, window: TimeWindow(now: testNow))
            .validate(SafeXMLParser().parse(Data(contentsOf: URL(fileURLWithPath: output))))
        #expect(result.isValid, "\(result.report.failures.map(\.line))")
        #expect(result.report.passed(CheckID.responseSignature.value))
        #expect(result.report.passed(CheckID.assertionSignature.value))
    }

    // MARK: The fixtures' signatures are real

    /// The attack fixtures whose shape the MPass profile forbids carry signatures that a
    /// general-purpose verifier accepts: proof that the library's shape checks, not a broken
    /// digest, are what refuse them (AttackFixtureTests asserts the refusal).
    @Test(arguments: [
        ("c14n-with-comments.xml", [String]()),
        ("reference-xpointer.xml", []),
        ("reference-empty-uri.xml", ["--enabled-reference-uris", "same-doc,empty"]),
        ("two-references.xml", ["--id-attr:ID", assertionIDAttribute]),
        ("transform-xpath-excludes-nameid.xml", []),
    ])
    func xmlsec1AcceptsValidlySignedShapesTheProfileRefuses(_ file: String, _ extra: [String]) throws {
        let xmlsec1 = try XMLSec1.locate()
        var arguments = ["--verify", "--pubkey-cert-pem", FixtureCredentials.certificatePath("idp"),
                         "--id-attr:ID", Message.response.idAttribute]
        if !extra.contains("--enabled-reference-uris") { arguments += ["--enabled-reference-uris", "same-doc"] }
        let result = try xmlsec1.run(arguments + extra + [AttackManifest.directory.appendingPathComponent(file).path])
        #expect(result.status == 0, "xmlsec1 refused \(file): \(result.stderr)")
    }

    @Test func hmacFixtureVerifiesWithThePublicCertificateAsSecret() throws {
        let xmlsec1 = try XMLSec1.locate()
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = try write(FixtureCredentials.idp.certificate.derBytes, "idp.der", in: folder)
        let file = AttackManifest.directory.appendingPathComponent("hmac-sha1-public-certificate-as-secret.xml").path
        let result = try xmlsec1.run(["--verify", "--hmackey", secret, "--enabled-reference-uris", "same-doc",
                                      "--id-attr:ID", Message.response.idAttribute, file])
        #expect(result.status == 0, "xmlsec1 refused the HMAC fixture: \(result.stderr)")
    }

    // MARK: Helpers

    static let assertionIDAttribute = "\(XMLNamespace.saml.uri):Assertion"
    /// xmlsec1 cannot be given namespace prefixes for --node-xpath, hence local-name().
    static let assertionSignatureXPath = "//*[local-name()='Assertion']/*[local-name()='Signature']"

    private func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        try write(Data(text.utf8), name, in: folder)
    }

    private func write(_ data: Data, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    private func writeCredential(_ identity: SigningIdentity, in folder: URL) throws -> (key: String, certificate: String) {
        (try write(identity.privateKey.pkcs8PEM(), "key.pem", in: folder), try write(identity.certificate.pem, "cert.pem", in: folder))
    }
}

/// The `xmlsec1` executable, run as a user would run it.
struct XMLSec1 {
    let executable: URL

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// xmlsec1 on PATH, or an error saying to run scripts/setup (it installs the package xmlsec1).
    static func locate() throws -> XMLSec1 {
        XMLSec1(executable: try ChildProcess.tool("xmlsec1"))
    }

    func run(_ arguments: [String]) throws -> Outcome {
        let result = try ChildProcess.run(executable, arguments)
        return Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}
