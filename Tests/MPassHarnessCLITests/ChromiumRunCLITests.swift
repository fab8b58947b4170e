import Foundation
import Testing
import TestSupport

/// `run --browser chromium` as a user meets it: the fix when Chromium is missing, and a run
/// whose evidence `replay` judges to the very same verdicts.
@Suite(.serialized, .timeLimit(.minutes(10)), .temporaryDirectories) struct ChromiumRunCLITests {
    /// Chromium named (MPASS_HARNESS_CHROMIUM) where there is none: exit 69 (EX_UNAVAILABLE),
    /// and the error names what is missing, where it looked, and the install command.
    @Test func aMissingChromiumIsNamedWithTheInstallCommand() async throws {
        let out = CLI.temporaryDirectory().appendingPathComponent("reports")
        let result = try await CLI.run(["run", "--browser", "chromium", "--case", "TC_FUNCT_01", "--out", out.path],
                                 environment: ["MPASS_HARNESS_CHROMIUM": "/nonexistent/chromium"])
        #expect(result.status == 69, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("Chromium is not installed (no executable at /nonexistent/chromium)"), "\(result.stderr)")
        #expect(result.stderr.contains("apt-get install -y chromium chromium-driver"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
    }

    /// An unknown browser is a usage error naming the two that exist.
    @Test func anUnknownBrowserIsAUsageError() async throws {
        let result = try await CLI.run(["run", "--browser", "firefox"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("in-process") && result.stderr.contains("chromium"), "\(result.stderr)")
    }

    /// Chapter 9 through Chromium: every case passes against the reference Service, each has
    /// its picture in the run folder, and `replay` of the run's HAR gives each case the verdict
    /// the run gave it (the evidence holds what Chromium really sent).
    @Test func aChromiumRunReplaysToTheSameVerdicts() async throws {
        let dir = CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("reports")
        let run = try await CLI.run(["run", "--browser", "chromium", "--out", out.path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any])
        #expect(report["browser"] as? String == "chromium")
        let cases = try #require(report["cases"] as? [[String: Any]])
        #expect(cases.count == 12)
        for result in cases {
            let screenshot = try #require(result["screenshot"] as? [String: Any], "\(result["id"] ?? "?") has no screenshot")
            let path = try #require(screenshot["path"] as? String)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(path) is not in the run folder")
        }
        let replayed = dir.appendingPathComponent("replayed")
        let replay = try await CLI.run(["replay", out.appendingPathComponent("evidence/run.har").path, "--out", replayed.path])
        let again = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: replayed.appendingPathComponent("report.json"))) as? [String: Any])
        func verdicts(_ report: [String: Any]) -> [String] {
            (report["cases"] as? [[String: Any]] ?? []).map { "\($0["id"] ?? "?") \($0["verdict"] ?? "?")" }.sorted()
        }
        #expect(verdicts(again) == verdicts(report), "replay: \(replay.stdout)")
    }
}
