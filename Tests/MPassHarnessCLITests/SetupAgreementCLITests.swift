import Foundation
import Testing
import TestSupport

/// What README's "Testing your own Service" tells a user and what the commands then do must
/// agree (issue 10, the set-up contradictions).
@Suite(.timeLimit(.minutes(10)), .temporaryDirectories) struct SetupAgreementCLITests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func simulatorMetadataByDefaultPrintsTheURLsReadmeStepOneGives() async throws {
        let dir = CLI.temporaryDirectory()
        let result = try await CLI.run(["simulator", "metadata", "--identity-dir", dir.appendingPathComponent("sim").path,
                                  "--out", dir.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        // README step 1 names these URLs for `run`: the same must be printed and written.
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        for url in ["https://mpass.sim.test/login/saml", "https://mpass.sim.test/logout/saml"] {
            #expect(readme.contains(url), "README step 1 gives \(url)")
            #expect(result.stdout.contains(url), "\(result.stdout)")
        }
        #expect(result.stdout.contains("Issuer   https://mpass.sim.test\n"), "\(result.stdout)")
        #expect(result.stdout.contains("Use these with `mpass-harness run`"), "\(result.stdout)")
        let metadata = try String(contentsOf: dir.appendingPathComponent("out/metadata.xml"), encoding: .utf8)
        #expect(metadata.contains("Location=\"https://mpass.sim.test/login/saml\""))
        #expect(metadata.contains("entityID=\"https://mpass.sim.test\""))
    }

    @Test func simulatorMetadataForALoopbackPortSaysItIsForSimulatorServe() async throws {
        let dir = CLI.temporaryDirectory()
        let result = try await CLI.run(["simulator", "metadata", "--identity-dir", dir.appendingPathComponent("sim").path,
                                  "--base-url", "http://127.0.0.1:7070", "--out", dir.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("SSO URL  http://127.0.0.1:7070/login/saml"))
        #expect(result.stdout.contains("Use these with `mpass-harness simulator serve`"), "\(result.stdout)")
        #expect(result.stdout.contains("without --base-url"), "how to get run's URLs instead: \(result.stdout)")
    }

    @Test func runRefusesATargetWithoutCertificateAsTheTemplateSays() async throws {
        let dir = CLI.temporaryDirectory()
        // The template `init` writes calls the certificate required by `run`.
        let template = dir.appendingPathComponent("template.yaml")
        #expect(try await CLI.run(["init", template.path]).status == 0)
        let text = try String(contentsOf: template, encoding: .utf8)
        #expect(text.contains("# Required by `run`. The Service's certificate"), "\(text)")
        #expect(!text.contains("reported as skipped"))
        // A target without it: exit 65, naming the field and the fix, and no report written.
        let file = dir.appendingPathComponent("service.yaml")
        try Data("base_url: http://127.0.0.1:9\nlogged_in:\n  url: /protected\nissuer: https://sp.example\n".utf8).write(to: file)
        let out = dir.appendingPathComponent("out")
        let result = try await CLI.run(["run", "--target", file.path, "--out", out.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("certificate"), "\(result.stderr)")
        #expect(result.stderr.contains("add `certificate: path/to/service.crt`"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
    }
}
