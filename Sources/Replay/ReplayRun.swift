import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

/// `mpass-harness replay` as one call: the recordings and the files that override their
/// context read, the messages verified and judged, the reports (and the bundle) written.
public enum ReplayRun {
    public struct Request: Sendable {
        /// Recording files, or folders of `.har`/`.json` recordings.
        public var paths: [String]
        /// MPass's certificates (`--idp-cert`), each file read whole; empty: the recordings'.
        public var identityProviderCertificatePaths: [String] = []
        /// The Service's certificates (`--sp-cert`).
        public var serviceCertificatePaths: [String] = []
        public var identityProviderBaseURL: String?
        /// The target description (`--target`), for a browser's recording.
        public var targetPath: String?
        public var strictIdentityProviderAlgorithm = false
        /// The report folder; its files are replaced.
        public var out: URL
        /// Verify messages on every core.
        public var parallel = true
        /// The bundle to sign; its evidence (the recordings as HAR) is filled in here.
        public var bundle: RunArtefacts.BundleRequest?

        public init(paths: [String], out: URL) {
            self.paths = paths
            self.out = out
        }
    }

    public struct Written: Sendable {
        public var report: RunReport
        public var directory: URL
        public var messageCount: Int
        public var recordingCount: Int
    }

    /// Replays `request.paths` and writes the reports into `request.out`. The notes of the
    /// replay (what each recording lacked, what was assumed) go to `note` as they come.
    ///
    /// - Throws: `ReplayFailure` naming the stage that failed. When no case could be judged
    ///   the reports are written (they say why), no bundle is signed, and `.nothingJudged` is thrown.
    public static func performAndWrite(_ request: Request, note: (String) -> Void = { _ in }) throws(ReplayFailure) -> Written {
        var overrides = ReplayOverrides(identityProviderBaseURL: request.identityProviderBaseURL)
        overrides.strictIdentityProviderAlgorithm = request.strictIdentityProviderAlgorithm
        do {
            if !request.identityProviderCertificatePaths.isEmpty {
                overrides.identityProviderCertificates = try certificates(request.identityProviderCertificatePaths)
            }
            if !request.serviceCertificatePaths.isEmpty {
                overrides.serviceCertificates = try certificates(request.serviceCertificatePaths)
            }
        } catch {
            throw .certificate(error)
        }
        if let target = request.targetPath {
            guard FileManager.default.fileExists(atPath: target) else { throw .targetMissing(path: target) }
            do {
                overrides.target = try TargetDescription.load(contentsOf: URL(fileURLWithPath: target))
            } catch {
                throw .target(error)
            }
        }

        let recordings: [Recording]
        do {
            recordings = try RecordingReader.read(paths: request.paths)
        } catch {
            throw .recordings(error)
        }
        let outcome: ReplayEngine.Outcome
        do {
            outcome = try ReplayEngine(overrides: overrides, parallel: request.parallel).replay(recordings)
        } catch {
            throw .replay(error)
        }
        for line in outcome.notes { note(line) }

        // "0 of 0 cases passed" is not a pass: nothing was judged, so the reports say why and no bundle is signed.
        let judged = !outcome.report.cases.isEmpty
        var bundle = judged ? request.bundle : nil
        // The recordings as the bundle carries them: report.html draws each case's diagram
        // from them, with or without a bundle.
        var evidence: [String: Data] = [:]
        if judged {
            do {
                evidence = try ComplianceBundle.evidence(for: recordings, overrides: overrides)
            } catch {
                let failure = (error as? HarnessError) ?? HarnessError(.replayReportFailed, "\(error)")
                guard bundle == nil else { throw .bundleEvidence(failure) }
                note("report.html draws no sequence diagram: the recordings could not be prepared for it: \(failure.userMessage)")
            }
            bundle?.evidence = evidence
        }
        do {
            try RunArtefacts.write(outcome.report, to: request.out, overwrite: true, bundle: bundle, drawnFrom: evidence)
        } catch {
            throw .artefacts(error)
        }
        guard judged else {
            throw .nothingJudged(recordings: recordings.count, messages: outcome.messageCount, directory: request.out)
        }
        return Written(report: outcome.report, directory: request.out, messageCount: outcome.messageCount,
                       recordingCount: recordings.count)
    }

    /// Every certificate of every file, in order.
    static func certificates(_ paths: [String]) throws(HarnessError) -> [Certificate] {
        var all: [Certificate] = []
        for path in paths { all += try CredentialLoader.loadCertificates(path: path) }
        return all
    }
}

/// Why a replay stopped before its verdicts: each case a stage, its description the line a
/// person reads after `error: `.
public enum ReplayFailure: Error, Sendable, CustomStringConvertible {
    /// An `--idp-cert` or `--sp-cert` file cannot be read as certificates.
    case certificate(HarnessError)
    /// The `--target` file does not exist.
    case targetMissing(path: String)
    /// The target description is unreadable or invalid; the error names the field and the fix.
    case target(TargetError)
    /// A recording is missing (`recording.unreadable`, `recording.no-files`) or is not a recording.
    case recordings(HarnessError)
    /// The replay itself refused the recordings (no SAML message, a certificate, production).
    case replay(HarnessError)
    /// The recordings could not be made into the bundle's evidence.
    case bundleEvidence(HarnessError)
    /// The reports (`report.write-failed`) or the bundle (a `bundle.*` code) could not be written.
    case artefacts(HarnessError)
    /// Every message was refused, or none belongs to a login or logout: the reports say why.
    case nothingJudged(recordings: Int, messages: Int, directory: URL)

    public var description: String {
        switch self {
        case .certificate(let error), .replay(let error), .artefacts(let error):
            error.userMessage
        case .targetMissing(let path):
            "\(path): no such file; check the path"
        case .target(let error):
            "\(error)"
        case .recordings(let error):
            error.reason
        case .bundleEvidence(let error):
            "the bundle could not be written: \(error.userMessage)"
        case .nothingJudged(let recordings, let messages, let directory):
            "no case could be judged from \(recordings) recording(s) (\(messages) SAML message(s) verified); every message was refused or none belongs to a login or logout. The notes above and \(directory.path)/report.json say why; no bundle is written"
        }
    }
}
