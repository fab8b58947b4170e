import Foundation
import MPassSAML
import Testing
import TestSupport

/// preflight, idp fetch, mnotify check and live as a user meets them: output and exit codes,
/// every refusal of production, every error path.
/// Serialized, so that its cases start one child process at a time (waiting for one no longer
/// holds the cooperative pool: `CLI.run` awaits off it).
@Suite(.serialized, .timeLimit(.minutes(10)), .temporaryDirectories) struct OnboardingCLITests {
    static func run(_ arguments: [String]) async throws -> CLIResult {
        try await CLI.run(arguments)
    }

    /// A folder with a good target file: test.pem (key and certificate), production.cer.
    static func goodTarget(production: String = "https://service.example.md") throws -> URL {
        let directory = CLI.temporaryDirectory()
        let test = try TestCredentialFactory.make(.init(commonName: "test.service.example.md"))
        try Data((try test.privateKey.pkcs8PEM() + test.certificate.pem).utf8).write(to: directory.appendingPathComponent("test.pem"))
        try TestCredentialFactory.make(.init(commonName: "service.example.md")).certificate.derBytes
            .write(to: directory.appendingPathComponent("production.cer"))
        try Data("""
            base_url: https://localhost:5001
            issuer: https://mpass.localhost.egov.md
            logged_in:
              url: /protected
            onboarding:
              system_name: "Registrul de test"
              attributes: [NameIdentifier, FirstName, LastName]
              test:
                certificate: test.pem
              production:
                certificate: production.cer
                acs_url: \(production)/mpass-login
                logout_request_url: \(production)/mpass-slo
                logout_response_url: \(production)/mpass-logout
              mnotify:
                test_ips: [203.0.113.10]
                production_ips: [203.0.113.11]
                channels: [email]

            """.utf8).write(to: directory.appendingPathComponent("service.yaml"))
        return directory
    }

    @Test func preflightPassesAGoodDescription() async throws {
        let directory = try Self.goodTarget()
        let result = try await Self.run(["preflight", "--target", directory.appendingPathComponent("service.yaml").path, "--offline",
                                  "--idp-cache", directory.appendingPathComponent("none").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("PASS  certificate.valid-now"))
        #expect(result.stdout.contains("Serial number for AGE: "))
        #expect(result.stdout.contains("MPass integration details (ready to paste)"))
        #expect(result.stdout.contains("Name of the information system: Registrul de test"))
        #expect(result.stdout.contains("MNotify integration details (ready to paste)"))
        #expect(result.stdout.contains("Where the onboarding stands"))
        // Not fetched yet: a warning that says how, not a failure.
        #expect(result.stdout.contains("WARN  idp.metadata-pinned"))
        #expect(result.stdout.contains("mpass-harness idp fetch --env staging"))
    }

    @Test func preflightFailsWithTheFixAndJSON() async throws {
        let directory = try Self.goodTarget(production: "http://localhost:8080")
        let file = directory.appendingPathComponent("service.yaml").path
        let text = try await Self.run(["preflight", "--target", file, "--offline"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("FAIL  url.https"))
        #expect(text.stdout.contains("FAIL  url.not-localhost"))
        #expect(text.stdout.contains("fix: register the production Service's public address"))
        let json = try await Self.run(["preflight", "--target", file, "--offline", "--format", "json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.contains { $0["id"] as? String == "url.https" && $0["status"] as? String == "fail" && $0["fix"] != nil })
        #expect((object["forms"] as? [String: Any])?["mpass"] != nil)
    }

    @Test func preflightErrorsOnTheFileItself() async throws {
        let missing = try await Self.run(["preflight", "--target", "/nonexistent/service.yaml"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no such file"))
        #expect(missing.stderr.contains("mpass-harness init"))

        let directory = CLI.temporaryDirectory()
        let file = directory.appendingPathComponent("service.yaml")
        try Data("base_url: https://localhost:5001\nissuer: x\nlogged_in:\n  url: /p\nonboarding:\n  production:\n    acs_url: https://mpass.gov.md/login/saml\n".utf8).write(to: file)
        let production = try await Self.run(["preflight", "--target", file.path, "--offline"])
        #expect(production.status == 65)
        #expect(production.stderr.contains("onboarding.production.acs_url"))
        #expect(production.stderr.contains("production"))

        try Data("base_url: [\n".utf8).write(to: file)
        let broken = try await Self.run(["preflight", "--target", file.path])
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("not valid YAML"))

        let badReport = try await Self.run(["preflight", "--target", try Self.goodTarget().appendingPathComponent("service.yaml").path,
                                     "--offline", "--live-report", file.path])
        #expect(badReport.status == 65)
        #expect(badReport.stderr.contains("is not a report.json"))
    }

    @Test func idpFetchRefusesAndExplains() async throws {
        let production = try await Self.run(["idp", "fetch", "--env", "production"])
        #expect(production.status == 64)
        #expect(production.stderr.contains("production is refused"))
        let productionURL = try await Self.run(["idp", "fetch", "--base-url", "https://mpass.gov.md"])
        #expect(productionURL.status == 64)
        #expect(productionURL.stderr.contains("production"))
        let far = try await Self.run(["idp", "fetch", "--base-url", "http://192.0.2.7:7070", "--pin", "AA"])
        #expect(far.status == 64)
        #expect(far.stderr.contains("loopback"))
        let unpinned = try await Self.run(["idp", "fetch", "--base-url", "http://127.0.0.1:9"])
        #expect(unpinned.status == 65)
        #expect(unpinned.stderr.contains("--pin"))
        let otherPin = try await Self.run(["idp", "fetch", "--pin", "AA:BB"])
        #expect(otherPin.status == 65)
        #expect(otherPin.stderr.contains("staging's pinned fingerprint"))
        let down = try await Self.run(["idp", "fetch", "--base-url", "http://127.0.0.1:9", "--pin", "AA",
                                "--cache", CLI.temporaryDirectory().path])
        #expect(down.status == 66)
        #expect(down.stderr.contains("could not be fetched"))
    }

    @Test func mnotifyCheckRefusesProductionAndFarEndpoints() async throws {
        let production = try await Self.run(["mnotify", "check", "--endpoint", "https://mnotify.gov.md:8443/api/"])
        #expect(production.status == 64)
        #expect(production.stderr.contains("the harness never contacts production"))
        let far = try await Self.run(["mnotify", "check", "--endpoint", "https://203.0.113.9:8443/api/"])
        #expect(far.status == 64)
        #expect(far.stderr.contains("loopback"))
        let down = try await Self.run(["mnotify", "check", "--endpoint", "https://127.0.0.1:9/api/", "--timeout", "2"])
        #expect(down.status == 1)
        #expect(down.stdout.contains("FAIL  mnotify.tls.connect"))
        let missingCertificate = try await Self.run(["mnotify", "check", "--endpoint", "https://127.0.0.1:9/api/", "--cert", "/nonexistent.pfx"])
        #expect(missingCertificate.status == 66)
        #expect(missingCertificate.stderr.contains("no such file"))
    }

    @Test func liveRefusesProductionAndNeedsThePinnedCache() async throws {
        let production = try await Self.run(["live", "--issuer", "https://mpass.gov.md/x", "--cert", "a.pem"])
        #expect(production.status == 64)
        #expect(production.stderr.contains("production"))
        let noCache = try await Self.run(["live", "--issuer", "https://x.test", "--cert", "a.pem", "--idp-cache", CLI.temporaryDirectory().path])
        #expect(noCache.status == 66)
        #expect(noCache.stderr.contains("idp fetch --env staging"))
        let keyAlone = try await Self.run(["live", "--issuer", "https://x.test", "--cert", "a.pem", "--tls-key", "k.pem"])
        #expect(keyAlone.status == 64)
        #expect(keyAlone.stderr.contains("--tls-key needs --tls-cert"))

        // A cache that claims to come from production is refused, not trusted.
        let cache = CLI.temporaryDirectory()
        try Data(#"{"entityID":"x","fetchedAt":"2026-01-01T00:00:00Z","pinnedSHA256":"AA","sourceURL":"https://mpass.gov.md/meta/saml"}"#.utf8)
            .write(to: cache.appendingPathComponent("cache.json"))
        try Data("<x/>".utf8).write(to: cache.appendingPathComponent("metadata.xml"))
        let fromProduction = try await Self.run(["live", "--issuer", "https://x.test", "--cert", "a.pem", "--idp-cache", cache.path])
        #expect(fromProduction.status == 65)
        #expect(fromProduction.stderr.contains("came from production"))
    }

    @Test func verifyWithAMissingCacheSaysHowToMakeOne() async throws {
        let result = try await Self.run(["verify", "--base64", "PHg+", "--idp-cache", CLI.temporaryDirectory().path])
        #expect(result.status == 66)
        #expect(result.stderr.contains("idp fetch --env staging"))
    }
}
