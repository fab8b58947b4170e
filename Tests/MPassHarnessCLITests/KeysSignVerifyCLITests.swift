import Foundation
import Testing
import TestSupport
import MPassSAML

/// One shared folder with a generated IdP and Service credential, made through the CLI itself.
private let workspace: URL = {
    let dir = CLI.temporaryDirectory()
    for name in ["idp", "service"] {
        let result = try! CLI.run(["keys", "generate", "--out", dir.path, "--name", name])
        precondition(result.status == 0, result.stderr)
    }
    return dir
}()

private func path(_ name: String) -> String { workspace.appendingPathComponent(name).path }

@Suite(.timeLimit(.minutes(10))) struct KeysSignVerifyCLITests {
    @Test func keysGenerateWritesAPrivateKeyReadableOnlyByItsOwner() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path("idp.key.pem"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let show = try CLI.run(["keys", "show", path("idp.cert.pem")])
        #expect(show.status == 0)
        #expect(show.stdout.contains("TEST ONLY"))
        #expect(show.stdout.contains("RSA 2048"))
        #expect(show.stdout.range(of: #"serial        [0-9A-F]+"#, options: .regularExpression) != nil)
    }

    @Test func keysGenerateRefusesToOverwrite() throws {
        let again = try CLI.run(["keys", "generate", "--out", workspace.path, "--name", "idp"])
        #expect(again.status == 64)
        #expect(again.stderr.contains("exists; pass --force"))
    }

    @Test func signedResponseVerifiesAndTamperedOneDoesNot() throws {
        let signed = try CLI.run(["sign", "response", "--cert", path("idp.cert.pem"), "--key", path("idp.key.pem"),
                                  "--issuer", "https://mpass.sim.test", "--destination", "https://sp.example/acs",
                                  "--audience", "https://sp.example", "--in-response-to", "_request1234567890abcdef",
                                  "--output", "base64"])
        #expect(signed.status == 0, "\(signed.stderr)")
        let verified = try CLI.run(["verify", "--base64", signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                    "--idp-cert", path("idp.cert.pem"), "--destination", "https://sp.example/acs",
                                    "--audience", "https://sp.example", "--in-response-to", "_request1234567890abcdef",
                                    "--idp-issuer", "https://mpass.sim.test"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("PASS response.signature.value"))
        #expect(verified.stdout.contains("VALID: Response"))

        // The Service's own key is not MPass's: the same message is refused, exit 1.
        let wrongPin = try CLI.run(["verify", "--base64", signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                    "--idp-cert", path("service.cert.pem"), "--format", "json"])
        #expect(wrongPin.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(wrongPin.stdout.utf8)) as? [String: Any]
        #expect(json?["valid"] as? Bool == false)
        let checks = json?["checks"] as? [[String: Any]] ?? []
        #expect(checks.contains { $0["id"] as? String == "response.signature.value" && $0["outcome"] as? String == "fail" })
    }

    @Test func authnRequestSignedByServiceVerifiesAgainstItsCertificate() throws {
        let file = path("authn.xml")
        let signed = try CLI.run(["sign", "authn-request", "--cert", path("service.cert.pem"), "--key", path("service.key.pem"),
                                  "--issuer", "https://sp.example"])
        #expect(signed.status == 0)
        try Data(signed.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let verified = try CLI.run(["verify", file, "--sp-cert", path("service.cert.pem"),
                                    "--destination", MPassEnvironment.staging.singleSignOnURL, "--issuer", "https://sp.example"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("PASS authn-request.name-id-policy"))
    }

    @Test func productionDestinationIsRefused() throws {
        let result = try CLI.run(["sign", "authn-request", "--cert", path("service.cert.pem"), "--key", path("service.key.pem"),
                                  "--issuer", "https://sp.example", "--destination", "https://mpass.gov.md/login/saml"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("a production host of AGE"))
        #expect(result.stdout.isEmpty)
    }

    // MARK: Bad input: each names the problem and exits non-zero.

    @Test func missingCertificateFile() throws {
        let result = try CLI.run(["verify", "--base64", "PHg+", "--idp-cert", "/nonexistent/mpass.cer"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/mpass.cer: no such file"))
    }

    @Test func brokenBase64() throws {
        let result = try CLI.run(["verify", "--base64", "PHNhbWxwOlJlc3BvbnNl$$$not-base64"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("nor valid base64"))
    }

    @Test func nonXML() throws {
        let file = path("not-xml.xml")
        try Data("<this is not xml".utf8).write(to: URL(fileURLWithPath: file))
        let result = try CLI.run(["verify", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("not well-formed XML"))
    }

    @Test func wrongRootElement() throws {
        let file = path("wrong-root.xml")
        try Data(#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>"#.utf8).write(to: URL(fileURLWithPath: file))
        let result = try CLI.run(["verify", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("the root element is md:EntityDescriptor"))
    }

    @Test func wrongPasswordForPKCS12() throws {
        // A PKCS#12 made with openssl from the generated credential.
        let pfx = path("service.pfx")
        let export = try ChildProcess.run(try ChildProcess.tool("openssl"), [
            "pkcs12", "-export", "-in", path("service.cert.pem"), "-inkey", path("service.key.pem"),
            "-out", pfx, "-passout", "pass:right-password"])
        try #require(export.status == 0, "\(export.stderr)")
        let wrong = try CLI.run(["sign", "authn-request", "--cert", pfx, "--issuer", "https://sp.example"],
                                environment: ["MPASS_HARNESS_PASSWORD": "Sup3r-Wr0ng-Pw"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("password for \(pfx) is wrong"))
        #expect(!wrong.stderr.contains("Sup3r-Wr0ng-Pw"), "a password must never be printed")
        let right = try CLI.run(["sign", "authn-request", "--cert", pfx, "--issuer", "https://sp.example"],
                                environment: ["MPASS_HARNESS_PASSWORD": "right-password"])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(right.stdout.contains("<ds:SignatureValue>"))
    }

    @Test func missingMessageIsAUsageError() throws {
        let result = try CLI.run(["verify"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("give the message"))
    }
}
