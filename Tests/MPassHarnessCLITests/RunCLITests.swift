import Foundation
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(20)), .temporaryDirectories) struct RunCLITests {
    @Test func targetWithAMissingFieldNamesTheFieldAndTheFix() async throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("service.yaml")
        try Data("name: x\nlogged_in:\n  url: /protected\nissuer: https://sp.example\n".utf8).write(to: file)
        let result = try await CLI.run(["run", "--target", file.path, "--out", dir.appendingPathComponent("out").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("base_url"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "no half-written report")
    }

    @Test func productionMPassInATargetIsRefused() async throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("service.yaml")
        try Data("""
            base_url: https://service.example.md
            logged_in:
              url: /protected
            issuer: https://service.example.md
            idp:
              kind: simulator
              simulator_base_url: https://mpass.gov.md
            """.utf8).write(to: file)
        let result = try await CLI.run(["run", "--target", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("production"), "\(result.stderr)")
    }

    @Test func initWritesATemplateAndRefusesToOverwrite() async throws {
        let dir = CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("service.yaml").path
        let first = try await CLI.run(["init", file])
        #expect(first.status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("base_url:"))
        #expect(text.contains("certificate: \".mpass-harness/service/service.cert.pem\"") || text.contains("certificate: .mpass-harness/service/service.cert.pem"))
        let second = try await CLI.run(["init", file])
        #expect(second.status == 64)
        #expect(second.stderr.contains("exists; pass --force"))
    }

    @Test func embeddedRunWritesFourReportsAndPasses() async throws {
        let dir = CLI.temporaryDirectory().appendingPathComponent("reports")
        let result = try await CLI.run(["run", "--out", dir.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("12 of 12 cases passed"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.contains("report.json") && files.contains("junit.xml") && files.contains("report.html") && files.contains("summary.md"))
    }

    @Test func embeddedRunWithAWeaknessFailsAndExitsOne() async throws {
        let dir = CLI.temporaryDirectory().appendingPathComponent("reports")
        let result = try await CLI.run(["run", "--weakness", "skipDestination", "--out", dir.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("TC_SEC_05    FAIL"))
        let json = try Data(contentsOf: dir.appendingPathComponent("report.json"))
        let report = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        #expect(report?["verdict"] as? String == "fail")
    }
}
