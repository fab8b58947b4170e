import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Replay
import Testing
import TestSupport

/// AGE's check of a bundle: it passes untouched, and each kind of tampering fails it with
/// the check that names what is wrong.
@Suite(.temporaryDirectories, .timeLimit(.minutes(5))) struct ReportVerifierTests {
    static let signer = try! TestCredentialFactory.make(.init(commonName: "Beneficiary system certificate (test only)"))
    static let other = try! TestCredentialFactory.make(.init(commonName: "Someone else (test only)"))

    /// A bundle as `run --bundle` makes it: the run's own HAR evidence (with its plan,
    /// chapter9, in `_mpassHarness`) and a report whose cases are that evidence's.
    static func makeBundle(fixture: String? = nil) throws -> URL {
        let name = try #require(fixture ?? FixturePaths.recordingNames.first { $0.hasPrefix("run-") })
        let recording = try RecordingReader.read(file: FixturePaths.recordings.appendingPathComponent(name).path)
        var report = try ReplayEngine().replay([recording]).report
        report.plan = try #require(recording.har.log.harnessRun?.plan)
        let har = try Data(contentsOf: FixturePaths.recordings.appendingPathComponent(name))
        let directory = FixturePaths.temporaryDirectory().appendingPathComponent("bundle")
        try ComplianceBundle.write(report: report, evidence: ["run.har": har], identity: signer,
                                   createdAt: Date(), to: directory)
        return directory
    }

    static func failedIDs(_ verification: ReportVerifier.Verification) -> Set<String> {
        Set(verification.allChecks.filter(\.isFailure).map(\.id.rawValue))
    }

    @Test func untouchedBundleVerifies() throws {
        let bundle = try Self.makeBundle()
        let verification = try ReportVerifier.verify(bundle, expectSerial: Self.signer.certificate.serialHex)
        #expect(verification.isValid, "\(verification.allChecks.filter(\.isFailure).map(\.line))")
        #expect(verification.checks.contains { $0.id == CheckID.reportVerdict && $0.isPass })
        #expect(verification.bundle.signer?.serialHex == Self.signer.certificate.serialHex)
    }

    @Test func oneByteChangedInTheHARFailsItsDigest() throws {
        let bundle = try Self.makeBundle()
        let har = bundle.appendingPathComponent("evidence/run.har")
        var data = try Data(contentsOf: har)
        // A byte inside the JSON text: flip a status 200 to 201 would change a verdict; any byte will do.
        let index = data.firstIndex(of: UInt8(ascii: "2"))!
        data[index] = UInt8(ascii: "3")
        try data.write(to: har)
        let verification = try ReportVerifier.verify(bundle)
        let digest = verification.allChecks.filter { $0.id == CheckID.bundleManifestDigest && $0.isFailure }
        #expect(digest.map(\.file) == ["evidence/run.har"])
    }

    @Test func editedVerdictIsNamedWithItsCase() throws {
        let bundle = try Self.makeBundle()
        let reportURL = bundle.appendingPathComponent("report.json")
        let text = try String(contentsOf: reportURL, encoding: .utf8)
        // The first case's verdict, pass → fail (summary and verdict left as they were).
        let range = try #require(text.range(of: "\"verdict\" : \"pass\""))
        try text.replacingCharacters(in: range, with: "\"verdict\" : \"fail\"").write(to: reportURL, atomically: true, encoding: .utf8)
        let verification = try ReportVerifier.verify(bundle)
        let failed = Self.failedIDs(verification)
        #expect(failed.contains("bundle.manifest.digest"))
        #expect(failed.contains("report.verdict"))
        let verdict = verification.checks.first { $0.id == CheckID.reportVerdict && $0.isFailure }
        #expect(verdict?.result.detail.contains("the report says fail, the evidence gives pass") == true)
    }

    @Test func addedFileIsAnUnsignedExtra() throws {
        let bundle = try Self.makeBundle()
        try Data("note".utf8).write(to: bundle.appendingPathComponent("evidence/extra.har"))
        let verification = try ReportVerifier.verify(bundle)
        #expect(verification.allChecks.contains { $0.id == CheckID.bundleFilesExtra && $0.isFailure && $0.file == "evidence/extra.har" })
    }

    @Test func removedFileIsMissing() throws {
        let bundle = try Self.makeBundle()
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("summary.md"))
        let verification = try ReportVerifier.verify(bundle)
        #expect(verification.allChecks.contains { $0.id == CheckID.bundleFilesMissing && $0.isFailure && $0.file == "summary.md" })
    }

    @Test func removedEvidenceLeavesNothingToReplay() throws {
        let bundle = try Self.makeBundle()
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("evidence/run.har"))
        let failed = Self.failedIDs(try ReportVerifier.verify(bundle))
        #expect(failed.contains("bundle.files.missing"))
        #expect(failed.contains("report.evidence"))
    }

    /// Someone re-signs the manifest with their own key: the signature is valid, the signer is not AGE's.
    @Test func manifestSignedByAnotherKeyFailsTheExpectedSerial() throws {
        let bundle = try Self.makeBundle()
        let copy = FixturePaths.temporaryDirectory().appendingPathComponent("bundle")
        let report = try ReportJSON.decode(Data(contentsOf: bundle.appendingPathComponent("report.json")))
        try ComplianceBundle.write(report: report, evidence: ["run.har": Data(contentsOf: bundle.appendingPathComponent("evidence/run.har"))],
                                   identity: Self.other, createdAt: Date(), to: copy)
        // The other key's signature over this bundle's manifest.
        try FileManager.default.removeItem(at: bundle.appendingPathComponent("manifest.json.p7s"))
        try FileManager.default.copyItem(at: copy.appendingPathComponent("manifest.json.p7s"),
                                         to: bundle.appendingPathComponent("manifest.json.p7s"))
        let verification = try ReportVerifier.verify(bundle, expectSerial: Self.signer.certificate.serialHex)
        let failed = Self.failedIDs(verification)
        #expect(failed.contains("bundle.signature") || failed.contains("bundle.signer"))
        // Re-signed whole (manifest and signature by the other key): only the serial tells.
        let resigned = try ReportVerifier.verify(copy, expectSerial: Self.signer.certificate.serialHex)
        #expect(Self.failedIDs(resigned) == ["bundle.signer"])
    }

    /// The standard tool AGE can use without the harness (README): OpenSSL's CMS verification.
    @Test func bundleSignatureVerifiesWithOpenSSL() throws {
        let bundle = try Self.makeBundle()
        let result = try ChildProcess.run(try ChildProcess.tool("openssl"), [
            "cms", "-verify", "-binary", "-inform", "DER",
            "-in", bundle.appendingPathComponent("manifest.json.p7s").path,
            "-content", bundle.appendingPathComponent("manifest.json").path, "-noverify", "-out", "/dev/null",
        ])
        let message = result.stderr
        #expect(result.status == 0, "\(message)")
        #expect(message.contains("Verification successful"))
    }
}
