import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Replay
import Testing
import TestSupport

/// A bundle made before report.html drew sequence diagrams and named the browser declares the
/// older format `mpass-harness-bundle/1` in its signed manifest. `report verify` must neither
/// pass its report.html silently nor call it tampered: it says the file is not re-derivable,
/// who wrote it, and that report.json and the evidence are still verified.
@Suite struct OlderBundleFormatTests {
    static let olderFormat = "mpass-harness-bundle/1"

    /// The run fixture's report, rendered as the tool of format 1 rendered it: report.html with
    /// no Browser row and no diagrams (it drew none), summary.md with no browser, signed as format 1.
    static func makeOlderBundle(format: String = olderFormat) throws -> URL {
        let name = try #require(FixturePaths.recordingNames.first { $0.hasPrefix("run-") })
        let recording = try RecordingReader.read(file: FixturePaths.recordings.appendingPathComponent(name).path)
        var report = try ReplayEngine().replay([recording]).report
        report.plan = try #require(recording.har.log.harnessRun?.plan)
        var files: [String: Data] = [:]
        for file in try ReportWriter.files(for: report) {
            var text = String(decoding: file.contents, as: UTF8.self)
            switch file.name {
            case HTMLReportWriter.fileName:
                let row = "      <dt>Browser</dt><dd>in-process agent</dd>\n"
                #expect(text.contains(row))
                text = text.replacingOccurrences(of: row, with: "")
            case MarkdownSummaryWriter.fileName:
                #expect(text.contains(", browser in-process agent"))
                text = text.replacingOccurrences(of: ", browser in-process agent", with: "")
            default: break
            }
            files[file.name] = Data(text.utf8)
        }
        let har = try Data(contentsOf: FixturePaths.recordings.appendingPathComponent(name))
        var writer = BundleWriter(createdAt: Date(), toolVersion: "0.0.9")
        writer.format = format
        let directory = FixturePaths.temporaryDirectory().appendingPathComponent("bundle")
        try writer.write(reportFiles: files, harFiles: ["run.har": har], identity: ReportVerifierTests.signer, to: directory)
        return directory
    }

    static func derived(_ verification: ReportVerifier.Verification, _ file: String) throws -> BundleCheck {
        try #require(verification.allChecks.first { $0.id == "report.derived" && $0.file == file })
    }

    @Test("An older-format bundle verifies; its report.html and summary.md are reported as not re-derivable, naming the tool")
    func olderFormatIsNamed() throws {
        let verification = try ReportVerifier.verify(try Self.makeOlderBundle())
        #expect(verification.isValid, "\(verification.allChecks.filter(\.isFailure).map(\.line))")
        for file in ["report.html", "summary.md"] {
            let check = try Self.derived(verification, file)
            #expect(check.result.outcome.label == "WARN", "\(check.line)")
            #expect(check.line.contains("\(file) not re-derivable: written by mpass-harness 0.0.9 in the older bundle format mpass-harness-bundle/1"),
                    "\(check.line)")
            #expect(check.line.contains("the signed report.json and HAR evidence are still verified"))
        }
        // What the older format rendered the same way is still compared byte for byte.
        #expect(try Self.derived(verification, "report.json").isPass)
        #expect(try Self.derived(verification, "junit.xml").isPass)
        let manifest = try #require(verification.allChecks.first { $0.id == "bundle.manifest" })
        #expect(manifest.line.contains("(the older format mpass-harness-bundle/1)"))
    }

    @Test("The same files declared as the current format fail report.derived: the declared format decides, nothing passes silently")
    func currentFormatIsStrict() throws {
        let verification = try ReportVerifier.verify(try Self.makeOlderBundle(format: BundleManifest.currentFormat))
        #expect(try Self.derived(verification, "report.html").isFailure)
        #expect(try Self.derived(verification, "summary.md").isFailure)
    }

    @Test("An older-format bundle whose report.html was changed after signing still fails its signed digest")
    func olderFormatStillCatchesTampering() throws {
        let bundle = try Self.makeOlderBundle()
        let page = bundle.appendingPathComponent("report.html")
        try (try Data(contentsOf: page) + Data("<!-- edited -->".utf8)).write(to: page)
        let verification = try ReportVerifier.verify(bundle)
        #expect(!verification.isValid)
        #expect(verification.allChecks.contains { $0.id == "bundle.manifest.digest" && $0.isFailure && $0.file == "report.html" })
    }

    @Test("A format this tool does not know is refused, naming the formats it reads")
    func unknownFormatIsRefused() throws {
        let verification = try ReportVerifier.verify(try Self.makeOlderBundle(format: "mpass-harness-bundle/9"))
        let check = try #require(verification.allChecks.first { $0.id == "bundle.manifest" })
        #expect(check.isFailure)
        #expect(check.line.contains("the manifest's format is \"mpass-harness-bundle/9\"; this verifier reads mpass-harness-bundle/2, mpass-harness-bundle/1"),
                "\(check.line)")
    }
}
