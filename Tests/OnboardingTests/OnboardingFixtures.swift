import Foundation
import HarnessModel
import MPassSAML
import TestSupport
@testable import Onboarding

/// Credentials and target files made in the tests: each preflight fault has its own.
enum OnboardingFixtures {
    static let now = Date()

    /// A new folder inside the running test's own (`.temporaryDirectories`), removed when the test ends.
    static func folder() -> URL {
        scopedTemporaryDirectory("onboarding")
    }

    static func identity(_ name: String, bits: Int = 2048, notBefore: Date = now.addingTimeInterval(-86_400),
                         notAfter: Date = now.addingTimeInterval(2 * 365 * 86_400), keyUsage: String? = nil) throws -> SigningIdentity {
        try TestCredentialFactory.make(.init(commonName: name, bits: bits, notBefore: notBefore, notAfter: notAfter, keyUsage: keyUsage))
    }

    /// Key and certificate in one PEM, as many servers keep them.
    @discardableResult
    static func writePEM(_ identity: SigningIdentity, to url: URL) throws -> URL {
        try Data((try identity.privateKey.pkcs8PEM() + identity.certificate.pem).utf8).write(to: url)
        return url
    }

    @discardableResult
    static func writeDER(_ certificate: Certificate, to url: URL) throws -> URL {
        try certificate.derBytes.write(to: url)
        return url
    }

    /// What a good onboarding section says, with any line replaced by `overrides` (a key path
    /// such as `production.acs_url` → the YAML text after the colon, or nil to drop it).
    static func yaml(_ overrides: [String: String?] = [:]) -> String {
        var values: [String: String?] = [
            "system_name": "\"Registrul de test\"",
            "attributes": "[NameIdentifier, FirstName, LastName, BirthDate, Role]",
            "custom_attributes": "[Role]",
            "test.certificate": "test.pem",
            "test.key": nil,
            "production.certificate": "production.cer",
            "production.acs_url": "https://service.example.md/mpass-login",
            "production.logout_request_url": "https://service.example.md/mpass-slo",
            "production.logout_response_url": "https://service.example.md/mpass-logout",
            "mnotify.test_ips": "[203.0.113.10]",
            "mnotify.production_ips": "[203.0.113.11]",
            "mnotify.channels": "[email, sms]",
        ]
        for (key, value) in overrides { values[key] = value }
        func line(_ key: String, indent: String) -> String? {
            guard let value = values[key] ?? nil else { return nil }
            return "\(indent)\(key.split(separator: ".").last!): \(value)"
        }
        var lines = [
            "base_url: https://localhost:5001",
            "issuer: https://mpass.localhost.egov.md",
            "logged_in:",
            "  url: /protected",
            "onboarding:",
        ]
        lines += ["system_name", "attributes", "custom_attributes"].compactMap { line($0, indent: "  ") }
        for section in ["test", "production", "mnotify"] {
            let keys = values.keys.filter { $0.hasPrefix(section + ".") }.sorted()
            let body = keys.compactMap { line($0, indent: "    ") }
            if !body.isEmpty { lines += ["  \(section):"] + body }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Made once: RSA key generation is the slow part of these tests, and other suites'
    /// timing tests share the two cores.
    static let goodTest = Result(catching: { try identity("test.service.example.md") })
    static let goodProduction = Result(catching: { try identity("service.example.md") })

    /// A folder with test.pem (key and certificate) and production.cer, both good.
    static func goodFolder() throws -> URL {
        let directory = folder()
        try writePEM(try goodTest.get(), to: directory.appendingPathComponent("test.pem"))
        try writeDER(try goodProduction.get().certificate, to: directory.appendingPathComponent("production.cer"))
        return directory
    }

    static func preflight(yaml text: String, in directory: URL, variables: [String: String] = [:],
                          prober: (any EndpointProber)? = nil) async throws -> PreflightReport {
        let file = directory.appendingPathComponent("service.yaml")
        try Data(text.utf8).write(to: file)
        let target = try TargetDescription.load(contentsOf: file)
        return await Preflight(input: PreflightInput(target: target, file: file.path), now: now, variables: variables,
                               prober: prober).run()
    }

    /// `openssl`, for the PKCS#12 made the way the public sample is.
    @discardableResult
    static func openssl(_ arguments: [String], in directory: URL) throws -> String {
        let result = try ChildProcess.run(try ChildProcess.tool("openssl"), arguments, directory: directory)
        let output = result.stdout + result.stderr
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")): \(output)"])
        }
        return output
    }

    /// A CA and a leaf it issued (C=MD, CN=…, digitalSignature), exported like the public
    /// sample: 3DES-shrouded key bag, plain certificate bags with the chain, SHA-1 MAC.
    /// Returns the .pfx and the leaf's serial as openssl prints it.
    static func sampleLikePKCS12(in directory: URL, password: String) throws -> (pfx: URL, serial: String) {
        try Data("""
            [ leaf ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """.utf8).write(to: directory.appendingPathComponent("ext.cnf"))
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "30",
                     "-subj", "/C=MD/O=TEST ONLY E-Governance Agency/CN=pki.test"], in: directory)
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
                     "-subj", "/C=MD/CN=mpass-localhost.test"], in: directory)
        try openssl(["x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-days", "700",
                     "-set_serial", "0x1C1A0D18AA2816D83D67A55BFCA59EBF77C08FA3", "-extfile", "ext.cnf", "-extensions", "leaf",
                     "-out", "leaf.crt"], in: directory)
        try openssl(["pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
                     "-keypbe", "PBE-SHA1-3DES", "-certpbe", "NONE", "-macalg", "sha1", "-iter", "2048",
                     "-passout", "pass:\(password)", "-out", "sample.pfx"], in: directory)
        let serial = try openssl(["x509", "-in", "leaf.crt", "-noout", "-serial"], in: directory)
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "serial=", with: "")
        return (directory.appendingPathComponent("sample.pfx"), serial)
    }
}

/// A network that answers as told, for the reachability items.
struct FakeProber: EndpointProber {
    var answer: @Sendable (URL) -> EndpointProbe
    func probe(_ url: URL) async -> EndpointProbe { answer(url) }
}
