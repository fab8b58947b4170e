import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Replay
import Testing
import TestSupport

/// A bundle made before report.html named the browser declares the older format
/// `mpass-harness-bundle/1` in its signed manifest. `report verify` holds its report.html and
/// summary.md to what that format drew (OlderFormatRenderingTests checks the comparison on the
/// older tool's own pages): neither a silent pass nor a false "tampered".
@Suite(.temporaryDirectories) struct OlderBundleFormatTests {
    static let olderFormat = "mpass-harness-bundle/1"

    /// The run fixture's report, rendered as the last tool of format 1 rendered it: report.html
    /// with its diagrams but no Browser row, summary.md with no browser, signed as format 1.
    static func makeOlderBundle(format: String = olderFormat, editPage: (String) -> String = { $0 }) throws -> URL {
        let name = try #require(FixturePaths.recordingNames.first { $0.hasPrefix("run-") })
        let recording = try RecordingReader.read(file: FixturePaths.recordings.appendingPathComponent(name).path)
        var report = try ReplayEngine().replay([recording]).report
        report.plan = try #require(recording.har.log.harnessRun?.plan)
        let har = try Data(contentsOf: FixturePaths.recordings.appendingPathComponent(name))
        var files: [String: Data] = [:]
        for file in try ReportWriter.files(for: report, pictures: RunPictures.make(report, evidence: ["run.har": har])) {
            var text = String(decoding: file.contents, as: UTF8.self)
            switch file.name {
            case HTMLReportWriter.fileName:
                let row = "      <dt>Browser</dt><dd>in-process agent</dd>\n"
                #expect(text.contains(row))
                // Format 1 had no class for the harness's own messages (format 2 added
                // `sd-harness`); it drew them with a verdict class.
                text = editPage(text.replacingOccurrences(of: row, with: "")
                    .replacingOccurrences(of: #"<g class="sd-harness">"#, with: #"<g class="sd-unchecked">"#))
            case MarkdownSummaryWriter.fileName:
                #expect(text.contains(", browser in-process agent"))
                text = text.replacingOccurrences(of: ", browser in-process agent", with: "")
            default: break
            }
            files[file.name] = Data(text.utf8)
        }
        var writer = BundleWriter(createdAt: Date(), toolVersion: "0.0.9")
        writer.format = format
        let directory = FixturePaths.temporaryDirectory().appendingPathComponent("bundle")
        try writer.write(reportFiles: files, harFiles: ["run.har": har], identity: ReportVerifierTests.signer, to: directory)
        return directory
    }

    static func derived(_ verification: ReportVerifier.Verification, _ file: String) throws -> BundleCheck {
        try #require(verification.allChecks.first { $0.id == .reportDerived && $0.file == file })
    }

    @Test("An older-format bundle verifies: summary.md is what format 1 drew, report.html too with its diagrams set aside (a WARN naming the tool)")
    func olderFormatIsNamed() throws {
        let verification = try ReportVerifier.verify(try Self.makeOlderBundle())
        #expect(verification.isValid, "\(verification.allChecks.filter(\.isFailure).map(\.line))")
        let page = try Self.derived(verification, "report.html")
        #expect(page.result.outcome.label == "WARN", "\(page.line)")
        #expect(page.line.contains("report.html written by mpass-harness 0.0.9 in the older bundle format mpass-harness-bundle/1"), "\(page.line)")
        #expect(page.line.contains("sequence diagram(s) is what that format rendered from report.json; the diagrams were set aside"), "\(page.line)")
        let summary = try Self.derived(verification, "summary.md")
        #expect(summary.isPass, "\(summary.line)")
        #expect(summary.line.contains("what the older format mpass-harness-bundle/1 rendered from report.json"), "\(summary.line)")
        // What the older format rendered the same way is still compared byte for byte.
        #expect(try Self.derived(verification, "report.json").isPass)
        #expect(try Self.derived(verification, "junit.xml").isPass)
        let manifest = try #require(verification.allChecks.first { $0.id == .bundleManifest })
        #expect(manifest.line.contains("(the older format mpass-harness-bundle/1)"))
    }

    @Test("The same files declared as the current format fail report.derived: the declared format decides, nothing passes silently")
    func currentFormatIsStrict() throws {
        let verification = try ReportVerifier.verify(try Self.makeOlderBundle(format: BundleManifest.currentFormat))
        #expect(try Self.derived(verification, "report.html").isFailure)
        #expect(try Self.derived(verification, "summary.md").isFailure)
    }

    @Test("An older-format bundle whose report.html shows another verdict, signed as it is, fails report.derived")
    func olderFormatIsNoWayAround() throws {
        var edited = false
        let bundle = try Self.makeOlderBundle { page in
            guard let badge = page.range(of: #"<span class="badge pass">✓ PASS</span>"#) else { return page }
            edited = true
            return page.replacingCharacters(in: badge, with: #"<span class="badge review">? REVIEW</span>"#)
        }
        #expect(edited, "the fixture's page shows no PASS badge to change")
        let verification = try ReportVerifier.verify(bundle)
        let page = try Self.derived(verification, "report.html")
        #expect(page.isFailure, "\(page.line)")
        #expect(page.line.contains("is not what that format renders from report.json: line"), "\(page.line)")
        #expect(!verification.isValid)
    }

    @Test("A forged diagram in an older-format page cannot hide the verdict: one placed before the verdict box, or one that breaks out of its <svg>, fails report.derived",
          arguments: ["before the verdict", "breaking out"])
    func forgedDiagramsFail(shape: String) throws {
        // The block a reviewer showed hiding a FAIL in Chromium behind a drawn "✓ PASS".
        let breakout = """
          <svg class="sd" width="0" height="0">
          </svg><g class="verdict-box pass"><g class="word">✓ PASS</g></g><g class="print-only">
          </svg>
        """
        var edited = false
        let bundle = try Self.makeOlderBundle { page in
            switch shape {
            case "before the verdict":
                guard let box = page.range(of: #"  <div class="verdict-box"#) else { return page }
                edited = true
                return page.replacingCharacters(in: box.lowerBound..<box.lowerBound, with: FormatOneDiagramTests.wellFormed + "\n")
            default:
                // In place of the page's first real diagram, where report.json does draw one.
                guard let start = page.range(of: #"  <svg class="sd""#),
                      let end = page.range(of: "  </svg>\n", range: start.upperBound..<page.endIndex) else { return page }
                edited = true
                return page.replacingCharacters(in: start.lowerBound..<end.upperBound, with: breakout + "\n")
            }
        }
        #expect(edited, "the fixture's page has no place to put the forged diagram")
        let verification = try ReportVerifier.verify(bundle)
        let page = try Self.derived(verification, "report.html")
        #expect(page.isFailure, "\(page.line)")
        #expect(page.line.contains(shape == "breaking out" ? "a sequence diagram holds markup that is not one well-formed <svg> element"
                                                           : "reads a sequence diagram where report.json renders"), "\(page.line)")
        #expect(!verification.isValid)
    }

    @Test("An older-format bundle whose report.html was changed after signing still fails its signed digest")
    func olderFormatStillCatchesTampering() throws {
        let bundle = try Self.makeOlderBundle()
        let page = bundle.appendingPathComponent("report.html")
        try (try Data(contentsOf: page) + Data("<!-- edited -->".utf8)).write(to: page)
        let verification = try ReportVerifier.verify(bundle)
        #expect(!verification.isValid)
        #expect(verification.allChecks.contains { $0.id == .bundleManifestDigest && $0.isFailure && $0.file == "report.html" })
    }

    @Test("A format this tool does not know is refused, naming the formats it reads")
    func unknownFormatIsRefused() throws {
        let verification = try ReportVerifier.verify(try Self.makeOlderBundle(format: "mpass-harness-bundle/9"))
        let check = try #require(verification.allChecks.first { $0.id == .bundleManifest })
        #expect(check.isFailure)
        #expect(check.line.contains("the manifest's format is \"mpass-harness-bundle/9\"; this verifier reads mpass-harness-bundle/2, mpass-harness-bundle/1"),
                "\(check.line)")
    }
}
