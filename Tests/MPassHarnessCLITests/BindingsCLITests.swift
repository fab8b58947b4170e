import Foundation
import Testing
import TestSupport

/// A Service credential made once through the CLI (a task: the first test awaits it, no thread blocks).
private let keysFolder = Task { () throws -> URL in
    // Shared by every test of the process: removed when the process exits, not after the first test.
    let dir = try makeProcessTemporaryDirectory("mpass-cli-bindings")
    let result = try await CLI.run(["keys", "generate", "--out", dir.path, "--name", "sp"])
    guard result.status == 0 else { throw TestSupportError("keys generate failed: \(result.stderr)") }
    return dir
}

private func keys() async throws -> URL { try await keysFolder.value }

private func credential() async throws -> [String] {
    let folder = try await keys()
    return ["--cert", folder.appendingPathComponent("sp.cert.pem").path, "--key", folder.appendingPathComponent("sp.key.pem").path]
}

@Suite(.timeLimit(.minutes(10)), .temporaryDirectories) struct BindingsCLITests {
    @Test func redirectURLIsSignedOverTheQueryAndVerifies() async throws {
        let signed = try await CLI.run(["sign", "authn-request"] + credential() + ["--issuer", "https://sp.example", "--output", "redirect-url",
                                                                              "--relay-state", "r1", "--lang", "ro"])
        #expect(signed.status == 0, "\(signed.stderr)")
        let url = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(url.hasPrefix("https://mpass.staging.egov.md/login/saml?lang=ro&SAMLRequest="))
        #expect(url.contains("&SigAlg=") && url.contains("&Signature="))
        let verified = try await CLI.run(["verify", "--redirect-url", url, "--sp-cert", keys().appendingPathComponent("sp.cert.pem").path,
                                    "--issuer", "https://sp.example"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("PASS redirect.signature.value"))
        #expect(verified.stdout.contains("N/A authn-request.signature.present"))

        // The RelayState changed after signing: the query signature no longer holds.
        let tampered = try await CLI.run(["verify", "--redirect-url", url.replacingOccurrences(of: "RelayState=r1", with: "RelayState=r2"),
                                    "--sp-cert", keys().appendingPathComponent("sp.cert.pem").path])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("FAIL redirect.signature.value"))
    }

    @Test func truncatedDeflateIsAnInputError() async throws {
        let signed = try await CLI.run(["sign", "logout-request"] + credential() + ["--issuer", "https://sp.example", "--name-id", "2001234567890",
                                                                               "--session-index", "_s1", "--output", "redirect-url"])
        let url = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let start = try #require(url.range(of: "SAMLRequest="))
        let end = url[start.upperBound...].firstIndex(of: "&") ?? url.endIndex
        let value = String(url[start.upperBound..<end])
        // Cut the DEFLATE stream itself in half, then encode it again: valid base64, broken DEFLATE.
        let unescaped = try #require(value.removingPercentEncoding)
        let deflated = try #require(Data(base64Encoded: unescaped))
        let half = deflated.prefix(deflated.count / 2).base64EncodedString()
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let truncated = url.replacingOccurrences(of: value, with: half)
        let result = try await CLI.run(["verify", "--redirect-url", truncated, "--sp-cert", keys().appendingPathComponent("sp.cert.pem").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("binding.bad-deflate"), "\(result.stderr)")
    }

    @Test func postPageAndFormBodyRoundTrip() async throws {
        let page = try await CLI.run(["sign", "logout-response"] + credential() + ["--issuer", "https://sp.example", "--in-response-to", "_req123456789012345",
                                                                              "--output", "post-page", "--relay-state", "back"])
        #expect(page.status == 0)
        #expect(page.stdout.contains("<form method=\"post\" action=\"https://mpass.staging.egov.md/logout/saml\""))
        #expect(page.stdout.contains("<noscript>"))
        let base64 = try await CLI.run(["sign", "logout-response"] + credential() + ["--issuer", "https://sp.example", "--in-response-to", "_req123456789012345",
                                                                                "--output", "base64"])
        let encoded = base64.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "/", with: "%2F").replacingOccurrences(of: "=", with: "%3D")
        let verified = try await CLI.run(["verify", "--form", "SAMLResponse=\(encoded)&RelayState=back", "--sp-cert", keys().appendingPathComponent("sp.cert.pem").path,
                                    "--in-response-to", "_req123456789012345"])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("PASS logout-response.in-response-to"))
    }

    @Test func responseCannotBeARedirectURL() async throws {
        let result = try await CLI.run(["sign", "response"] + credential() + ["--issuer", "idp", "--destination", "https://sp/acs", "--audience", "sp",
                                                                         "--output", "redirect-url"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("HTTP-POST only"))
    }
}

@Suite(.temporaryDirectories) struct MetadataCLITests {
    @Test func spMetadataIsSignedWithTheOfficialPaths() async throws {
        let result = try await CLI.run(["metadata", "sp"] + credential() + ["--entity-id", "https://sp.example", "--service-root", "https://localhost:5001"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("https://localhost:5001/mpass-login"))
        #expect(result.stdout.contains("ResponseLocation=\"https://localhost:5001/mpass-logout\""))
        #expect(result.stdout.contains("<ds:SignatureValue>"))
    }

    @Test func idpMetadataIsCheckedAgainstThePin() async throws {
        // The simulator's metadata stands in for MPass's; its certificate's fingerprint is the pin.
        let dir = CLI.temporaryDirectory()
        let export = try await CLI.run(["simulator", "metadata", "--identity-dir", dir.appendingPathComponent("sim").path,
                                  "--base-url", "http://127.0.0.1:7070", "--out", dir.appendingPathComponent("out").path])
        #expect(export.status == 0, "\(export.stderr)")
        let fingerprint = try #require(export.stdout.split(separator: "\n").first { $0.hasPrefix("certificate SHA-256 ") })
            .replacingOccurrences(of: "certificate SHA-256 ", with: "")
        let metadata = dir.appendingPathComponent("out/metadata.xml").path
        let pinned = try await CLI.run(["metadata", "idp", metadata, "--pin", fingerprint, "--cert-out", dir.appendingPathComponent("idp.pem").path])
        #expect(pinned.status == 0, "\(pinned.stdout)\(pinned.stderr)")
        #expect(pinned.stdout.contains("SSO           http://127.0.0.1:7070/login/saml"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("idp.pem").path))
        // Staging's pin (the default) does not match the simulator's certificate.
        let wrong = try await CLI.run(["metadata", "idp", metadata])
        #expect(wrong.status == 1)  // a finding, not undecodable input
        #expect(wrong.stderr.contains("B9:F2:2D:BF"), "\(wrong.stderr)")
    }
}
