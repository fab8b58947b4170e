import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Replay
import Testing
import TestSupport
import Vocabulary

/// Screenshots in a compliance bundle: signed like the other files, tied to their case by
/// SHA-256, embedded in report.html; a picture swapped, removed or added is caught.
@Suite(.temporaryDirectories) struct BundleScreenshotTests {
    static let path = "screenshots/first-case.png"

    /// A bundle of the run fixture whose first case has a screenshot.
    static func makeBundle(picture: Data = TestImages.png()) throws -> (bundle: URL, caseID: String) {
        let name = try #require(FixturePaths.recordingNames.first { $0.hasPrefix("run-") })
        let recording = try RecordingReader.read(file: FixturePaths.recordings.appendingPathComponent(name).path)
        var report = try ReplayEngine().replay([recording]).report
        report.plan = try #require(recording.har.log.harnessRun?.plan)
        report.browser = .chromium
        report.cases[0].screenshot = CaseScreenshot(path: path, mediaType: "image/png", sha256: MessageDigest.sha256Hex(picture),
                                                    pageURL: "\(report.target.baseURL)/welcome")
        let har = try Data(contentsOf: FixturePaths.recordings.appendingPathComponent(name))
        let directory = FixturePaths.temporaryDirectory().appendingPathComponent("bundle")
        try ComplianceBundle.write(report: report, evidence: ["run.har": har], screenshots: [path: picture],
                                   identity: ReportVerifierTests.signer, createdAt: Date(), to: directory)
        return (directory, report.cases[0].id)
    }

    static func failures(_ verification: ReportVerifier.Verification) -> [String] {
        verification.allChecks.filter(\.isFailure).map { "\($0.id.rawValue) \($0.file ?? "")" }.sorted()
    }

    @Test("A bundle with a screenshot verifies: the picture is signed, matches its case, and is what report.html embeds")
    func untouched() throws {
        let (bundle, caseID) = try Self.makeBundle()
        let verification = try ReportVerifier.verify(bundle)
        #expect(verification.isValid, "\(Self.failures(verification))")
        #expect(verification.allChecks.contains { $0.id == CheckID.reportScreenshots && $0.isPass && $0.file == Self.path })
        #expect(verification.allChecks.contains { $0.id == CheckID.bundleManifestDigest && $0.isPass && $0.file == Self.path })
        let html = try String(contentsOf: bundle.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("src=\"data:image/png;base64,\(TestImages.png().base64EncodedString())\""))
        #expect(html.contains("The page the browser showed at the end of \(caseID)"))
        #expect(html.contains("<svg class=\"sd\""), "the run's HAR gives each case a diagram")
    }

    @Test("A swapped picture fails its digest, its case's hash and report.html's rendering")
    func swapped() throws {
        let (bundle, _) = try Self.makeBundle()
        try TestImages.png(pixels: [(0, 0, 0), (255, 255, 255)]).write(to: bundle.appendingPathComponent(Self.path))
        let verification = try ReportVerifier.verify(bundle)
        #expect(Self.failures(verification) == ["bundle.manifest.digest \(Self.path)", "report.derived report.html",
                                                "report.screenshots \(Self.path)"])
    }

    @Test("A missing picture is named as missing from the bundle and from its case")
    func missing() throws {
        let (bundle, caseID) = try Self.makeBundle()
        try FileManager.default.removeItem(at: bundle.appendingPathComponent(Self.path))
        let verification = try ReportVerifier.verify(bundle)
        #expect(Self.failures(verification) == ["bundle.files.missing \(Self.path)", "report.derived report.html",
                                                "report.screenshots \(Self.path)"])
        let check = try #require(verification.allChecks.first { $0.id == CheckID.reportScreenshots && $0.isFailure })
        #expect(check.line.contains("case \(caseID) names this picture, but the bundle does not hold it"))
    }

    @Test("A picture added after signing is an unsigned extra that no case names")
    func added() throws {
        let (bundle, _) = try Self.makeBundle()
        try TestImages.png().write(to: bundle.appendingPathComponent("screenshots/extra.png"))
        let verification = try ReportVerifier.verify(bundle)
        #expect(Self.failures(verification) == ["bundle.files.extra screenshots/extra.png", "report.screenshots screenshots/extra.png"])
    }

    @Test("A screenshot path outside screenshots/ is refused when the bundle is written")
    func badPath() throws {
        let writer = BundleWriter(createdAt: Date())
        let error = #expect(throws: HarnessError.self) {
            try writer.write(reportFiles: ["report.json": Data("{}".utf8)], harFiles: [:],
                             screenshotFiles: ["evidence/../x.png": TestImages.png()],
                             identity: ReportVerifierTests.signer, to: FixturePaths.temporaryDirectory().appendingPathComponent("b"))
        }
        #expect(error?.code == .bundleBadFileName)
        #expect(error?.reason.contains("screenshots go in screenshots/") == true)
    }
}
