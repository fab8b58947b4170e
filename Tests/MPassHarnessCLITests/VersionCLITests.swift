import Foundation
import HarnessModel
import Testing
import TestSupport

/// `mpass-harness --version` prints the tool's version (README, "Commands"), and the version
/// is spelt in one place: `ToolInfo.version`, which reports, HAR files and bundles carry too.
@Suite(.temporaryDirectories, .timeLimit(.minutes(5))) struct VersionCLITests {
    @Test func versionFlagPrintsTheOneVersionConstant() async throws {
        let result = try await CLI.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == ToolInfo.version + "\n")
        #expect(result.stdout.split(separator: ".").count == 3, "a version is major.minor.patch: \(result.stdout)")
    }

    /// A line that states a version as a dotted literal ("1.2.3"), the way a second copy of
    /// the constant would be written.
    static func statesVersionLiteral(_ line: Substring) -> Bool {
        line.lowercased().contains("version") && line.contains(/"\d+\.\d+\.\d+"/)
    }

    @Test func noOtherVersionLiteralInSources() throws {
        #expect(Self.statesVersionLiteral("    static let current = \"0.1.0\" // version"))
        #expect(Self.statesVersionLiteral("RunReport.Tool(version: \"0.2.0\")"))
        #expect(!Self.statesVersionLiteral("values: [\"17.05.1980\"]"))
        #expect(!Self.statesVersionLiteral("version: ToolInfo.version"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var places: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where Self.statesVersionLiteral(line) {
                places.append("\(url.lastPathComponent):\(number + 1)")
            }
        }
        #expect(places.count == 1 && places.allSatisfy { $0.hasPrefix("ToolInfo.swift:") },
                "the version is spelt once, in HarnessModel/ToolInfo.swift: \(places)")
    }
}
