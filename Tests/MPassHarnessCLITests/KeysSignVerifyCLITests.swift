import Foundation
import Testing
import TestSupport
import MPassSAML

/// One shared folder with a generated IdP and Service credential, made once through the CLI
/// itself (a task, so that the first test to need it awaits it instead of blocking a thread).
private let workspace = Task { () throws -> URL in
    // Shared by every test of the process: removed when the process exits, not after the first test.
    let dir = try makeProcessTemporaryDirectory("mpass-cli-keys")
    for name in ["idp", "service"] {
        let result = try await CLI.run(["keys", "generate", "--out", dir.path, "--name", name])
        guard result.status == 0 else { throw TestSupportError("keys generate failed: \(result.stderr)") }
    }
    return dir
}

private func path(_ name: String) async throws -> String { try await workspace.value.appendingPathComponent(name).path }

@Suite(.timeLimit(.minutes(10)), .temporaryDirectories) struct KeysSignVerifyCLITests {
    @Test func keysGenerateWritesAPrivateKeyReadableOnlyByItsOwner() async throws {
        let attributes = try await FileManager.default.attributesOfItem(atPath: path("idp.key.pem"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let show = try await CLI.run(["keys", "show", path("idp.cert.pem")])
        #expect(show.status == 0)
        #expect(show.stdout.contains("TEST ONLY"))
        #expect(show.stdout.contains("RSA 2048"))
        #expect(show.stdout.range(of: #"serial        [0-9A-F]+"#, options: .regularExpression) != nil)
    }

    @Test func keysGenerateRefusesToOverwrite() async throws {
        let again = try await CLI.run(["keys", "generate", "--out", workspace.value.path, "--name", "idp"])
        #expect(again.status == 64)
        #expect(again.stderr.contains("exists; pass --force"))
    }

    @Test func signedResponseVerifiesAndTamperedOneDoesNot() async throws {
        let signed = try await CLI.run(["sign", "response", "--cert", path("idp.cert.pem"), "--key", path("idp.key.pem"),
                                  "--issuer", "https://mpass.sim.test", "--destination", "https://sp.example/acs",
                                  "--audience", "https://sp.example", "--in-response-to", "_request1234567890abcdef",
                                  "--output", "base64"])
        #expect(signed.status == 0, "\(signed.stderr)")
        let verified = try await CLI.run(["verify", "--base64", signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                    "--idp-cert", path("idp.cert.pem"), "--destination", "https://sp.example/acs",
                                    "--audience", "https://sp.example", "--in-response-to", "_request1234567890abcdef",
                                    "--idp-issuer", "https://mpass.sim.test"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("PASS response.signature.value"))
        #expect(verified.stdout.contains("VALID: Response"))

        // The Service's own key is not MPass's: the same message is refused, exit 1.
        let wrongPin = try await CLI.run(["verify", "--base64", signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                    "--idp-cert", path("service.cert.pem"), "--format", "json"])
        #expect(wrongPin.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(wrongPin.stdout.utf8)) as? [String: Any]
        #expect(json?["valid"] as? Bool == false)
        let checks = json?["checks"] as? [[String: Any]] ?? []
        #expect(checks.contains { $0["id"] as? String == "response.signature.value" && $0["outcome"] as? String == "fail" })
    }

    @Test func authnRequestSignedByServiceVerifiesAgainstItsCertificate() async throws {
        let file = try await path("authn.xml")
        let signed = try await CLI.run(["sign", "authn-request", "--cert", path("service.cert.pem"), "--key", path("service.key.pem"),
                                  "--issuer", "https://sp.example"])
        #expect(signed.status == 0)
        try Data(signed.stdout.utf8).write(to: URL(fileURLWithPath: file))
        let verified = try await CLI.run(["verify", file, "--sp-cert", path("service.cert.pem"),
                                    "--destination", MPassEnvironment.staging.singleSignOnURL, "--issuer", "https://sp.example"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("PASS authn-request.name-id-policy"))
    }

    @Test func productionDestinationIsRefused() async throws {
        let result = try await CLI.run(["sign", "authn-request", "--cert", path("service.cert.pem"), "--key", path("service.key.pem"),
                                  "--issuer", "https://sp.example", "--destination", "https://mpass.gov.md/login/saml"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("a production host of AGE"))
        #expect(result.stdout.isEmpty)
    }

    // MARK: Bad input: each names the problem and exits non-zero.

    @Test func missingCertificateFile() async throws {
        let result = try await CLI.run(["verify", "--base64", "PHg+", "--idp-cert", "/nonexistent/mpass.cer"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/mpass.cer: no such file"))
    }

    @Test func brokenBase64() async throws {
        let result = try await CLI.run(["verify", "--base64", "PHNhbWxwOlJlc3BvbnNl$$$not-base64"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("nor valid base64"))
    }

    @Test func nonXML() async throws {
        let file = try await path("not-xml.xml")
        try Data("<this is not xml".utf8).write(to: URL(fileURLWithPath: file))
        let result = try await CLI.run(["verify", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("not well-formed XML"))
    }

    @Test func wrongRootElement() async throws {
        let file = try await path("wrong-root.xml")
        try Data(#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>"#.utf8).write(to: URL(fileURLWithPath: file))
        let result = try await CLI.run(["verify", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("the root element is md:EntityDescriptor"))
    }

    @Test func wrongPasswordForPKCS12() async throws {
        // A PKCS#12 made with openssl from the generated credential.
        let pfx = try await path("service.pfx")
        let export = try await ChildProcess.runOffPool(try ChildProcess.tool("openssl"), [
            "pkcs12", "-export", "-in", path("service.cert.pem"), "-inkey", path("service.key.pem"),
            "-out", pfx, "-passout", "pass:right-password"])
        try #require(export.status == 0, "\(export.stderr)")
        let wrong = try await CLI.run(["sign", "authn-request", "--cert", pfx, "--issuer", "https://sp.example"],
                                environment: ["MPASS_HARNESS_PASSWORD": "Sup3r-Wr0ng-Pw"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("password for \(pfx) is wrong"))
        #expect(!wrong.stderr.contains("Sup3r-Wr0ng-Pw"), "a password must never be printed")
        let right = try await CLI.run(["sign", "authn-request", "--cert", pfx, "--issuer", "https://sp.example"],
                                environment: ["MPASS_HARNESS_PASSWORD": "right-password"])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(right.stdout.contains("<ds:SignatureValue>"))
    }

    @Test func missingMessageIsAUsageError() async throws {
        let result = try await CLI.run(["verify"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("give the message"))
    }
}
