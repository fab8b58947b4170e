import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Replay
import Testing
import TestSupport
import Vocabulary

/// `replay`'s one library call (`ReplayRun.performAndWrite`): the recordings and the files that
/// override their context read, the messages judged, the reports (and the bundle) written; each
/// stage that fails is a `ReplayFailure` whose description is the line after `error: `.
@Suite(.timeLimit(.minutes(3)), .temporaryDirectories) struct ReplayRunTests {
    static let signer = Result { try TestCredentialFactory.make(.init(commonName: "replay bundle signer (test only)")) }
    static let browserPass = FixturePaths.browser.appendingPathComponent("pass.har").path

    /// The browser fixture's request: its target file and MPass's certificate, as the README says to replay it.
    static func browserRequest(out: URL, target: String = FixturePaths.browser.appendingPathComponent("target.yaml").path) -> ReplayRun.Request {
        var request = ReplayRun.Request(paths: [browserPass], out: out)
        request.targetPath = target
        request.identityProviderCertificatePaths = [FixturePaths.browser.appendingPathComponent("simulator.cert.pem").path]
        return request
    }

    @Test func aRecordingIsJudgedAndTheReportsWritten() throws {
        try withTemporaryDirectory("replay-run") { directory in
            let out = directory.appendingPathComponent("reports")
            var notes: [String] = []
            let written = try ReplayRun.performAndWrite(Self.browserRequest(out: out)) { notes.append($0) }
            #expect(written.directory == out)
            #expect(written.recordingCount == 1)
            #expect(written.messageCount > 0)
            // The verdicts the recorder declared for this session (fixtures/verdicts/browser-pass.txt).
            let declared = try FixturePaths.expectedVerdicts(for: "browser-pass")
            #expect(written.report.cases.map { "\($0.id) \($0.verdict.rawValue)" } == declared)
            #expect(written.report.plan == "replay")
            for name in ["report.json", "junit.xml", "report.html", "summary.md"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
            }
            // The notes say where the context came from.
            #expect(notes.contains { $0.hasSuffix("MPass's certificate from --idp-cert") }, "\(notes)")
            #expect(notes.contains { $0.hasSuffix("the Service as the target file describes it") }, "\(notes)")
            // No bundle asked for, none written.
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("bundle").path))
        }
    }

    @Test func aBundleIsSignedWithTheRecordingsAsItsEvidence() throws {
        try withTemporaryDirectory("replay-run") { directory in
            var request = Self.browserRequest(out: directory.appendingPathComponent("reports"))
            let bundle = directory.appendingPathComponent("bundle")
            request.bundle = RunArtefacts.BundleRequest(directory: bundle, identity: try Self.signer.get(), evidence: [:])
            _ = try ReplayRun.performAndWrite(request)
            let verification = try ReportVerifier.verify(bundle, expectSerial: try Self.signer.get().certificate.serialHex, allowPartial: true)
            #expect(verification.isValid, "\(verification.allChecks.filter(\.isFailure).map(\.line))")
            #expect(FileManager.default.fileExists(atPath: bundle.appendingPathComponent("evidence/pass.har").path))
        }
    }

    // MARK: each stage's failure, as the person reads it

    @Test func anUnreadableCertificateIsACertificateFailure() throws {
        try withTemporaryDirectory("replay-run") { directory in
            var request = ReplayRun.Request(paths: [Self.browserPass], out: directory)
            request.identityProviderCertificatePaths = ["/nonexistent/idp.pem"]
            #expect(Self.failure(request)?.description == "/nonexistent/idp.pem: no such file; check the path [credential.file-unreadable]")
            guard case .certificate = Self.failure(request) else { Issue.record("not a certificate failure"); return }
        }
    }

    @Test func aMissingTargetIsNamed() throws {
        try withTemporaryDirectory("replay-run") { directory in
            let missing = directory.appendingPathComponent("absent.yaml").path
            let failure = Self.failure(Self.browserRequest(out: directory, target: missing))
            guard case .targetMissing(let path) = failure else { Issue.record("not a missing target: \(String(describing: failure))"); return }
            #expect(path == missing)
            #expect(failure?.description == "\(missing): no such file; check the path")
        }
    }

    @Test func aMissingRecordingIsARecordingsFailure() throws {
        try withTemporaryDirectory("replay-run") { directory in
            let missing = directory.appendingPathComponent("absent.har").path
            let failure = Self.failure(ReplayRun.Request(paths: [missing], out: directory))
            guard case .recordings(let error) = failure else { Issue.record("not a recordings failure: \(String(describing: failure))"); return }
            #expect(error.code == .recordingUnreadable)
            #expect(failure?.description.contains(missing) == true, "\(String(describing: failure))")
        }
    }

    @Test func aRecordingWithoutSAMLIsRefusedSayingWhatToRecord() throws {
        try withTemporaryDirectory("replay-run") { directory in
            let file = directory.appendingPathComponent("browsing.har")
            try Data(#"{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[{"startedDateTime":"2026-11-22T10:00:00.000Z","time":1,"request":{"method":"GET","url":"https://example.org/"},"response":{"status":200}}]}}"#.utf8).write(to: file)
            let failure = Self.failure(ReplayRun.Request(paths: [file.path], out: directory.appendingPathComponent("r")))
            guard case .replay(let error) = failure else { Issue.record("not a replay failure: \(String(describing: failure))"); return }
            #expect(error.code == .replayNoMessages)
            #expect(failure?.description.contains("record the whole login") == true, "\(String(describing: failure))")
        }
    }

    /// The bundle's evidence is the recordings prepared again, their certificate read again
    /// from the target's file. A certificate file replaced by something unreadable between the
    /// replay and the bundle stops the bundle, naming the file; no half bundle is left. The
    /// notes come between the two (the replay's, before the evidence), so the file is replaced
    /// when the first note arrives: the same moment on every run.
    @Test func evidenceThatCannotBePreparedStopsTheBundle() throws {
        try withTemporaryDirectory("replay-run") { directory in
            let (target, certificate) = try Self.targetWithOwnCertificate(in: directory)
            var request = Self.browserRequest(out: directory.appendingPathComponent("reports"), target: target.path)
            let bundle = directory.appendingPathComponent("bundle")
            request.bundle = RunArtefacts.BundleRequest(directory: bundle, identity: try Self.signer.get(), evidence: [:])
            var replaced = false
            let failure: ReplayFailure?
            do throws(ReplayFailure) {
                _ = try ReplayRun.performAndWrite(request) { _ in
                    if !replaced { replaced = (try? Data("replaced: no certificate".utf8).write(to: certificate)) != nil }
                }
                failure = nil
            } catch {
                failure = error
            }
            #expect(replaced, "no note came between the replay and the evidence")
            guard case .bundleEvidence(let error) = failure else { Issue.record("not a bundle-evidence failure: \(String(describing: failure))"); return }
            #expect(error.code == .replayCertificateUnreadable)
            #expect(failure?.description == "the bundle could not be written: \(certificate.path) (the target's certificate): \(certificate.path) is neither a PEM nor a DER certificate; give a .cer/.crt/.pem file (or a .pfx with --password) [replay.certificate-unreadable]")
            #expect(!FileManager.default.fileExists(atPath: bundle.appendingPathComponent("manifest.json").path), "no half bundle")
        }
    }

    /// Without a bundle the same evidence only draws report.html's diagrams: the replay goes on, with a note.
    @Test func withoutABundleEvidenceThatCannotBePreparedIsANote() throws {
        try withTemporaryDirectory("replay-run") { directory in
            let (target, certificate) = try Self.targetWithOwnCertificate(in: directory)
            var notes: [String] = []
            let written = try ReplayRun.performAndWrite(Self.browserRequest(out: directory.appendingPathComponent("reports"), target: target.path)) {
                if notes.isEmpty { try? Data("replaced: no certificate".utf8).write(to: certificate) }
                notes.append($0)
            }
            #expect(written.report.cases.count == 5)
            #expect(notes.contains { $0.hasPrefix("report.html draws no sequence diagram: the recordings could not be prepared for it: ") && $0.hasSuffix("[replay.certificate-unreadable]") },
                    "\(notes)")
        }
    }

    /// The browser fixture's target file, its `certificate:` a copy of the Service's
    /// certificate in `directory` that a test can replace.
    static func targetWithOwnCertificate(in directory: URL) throws -> (target: URL, certificate: URL) {
        let certificate = directory.appendingPathComponent("service.cert.pem")
        try FileManager.default.copyItem(at: FixturePaths.browser.appendingPathComponent("service.cert.pem"), to: certificate)
        let text = try String(contentsOf: FixturePaths.browser.appendingPathComponent("target.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "certificate: service.cert.pem", with: "certificate: \(certificate.path)")
        #expect(text.contains("certificate: \(certificate.path)"))
        let target = directory.appendingPathComponent("target.yaml")
        try Data(text.utf8).write(to: target)
        return (target, certificate)
    }

    static func failure(_ request: ReplayRun.Request) -> ReplayFailure? {
        do throws(ReplayFailure) {
            _ = try ReplayRun.performAndWrite(request)
            return nil
        } catch {
            return error
        }
    }
}
