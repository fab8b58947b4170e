import Conformance
import Evidence
import Foundation
import MPassSAML
import Vocabulary

/// Writes a compliance bundle for a run or a replay: the four reports, the HAR evidence
/// under `evidence/` and the signed manifest (`Evidence.BundleWriter`).
public enum ComplianceBundle {
    @discardableResult
    public static func write(report: RunReport, evidence: [String: Data], identity: SigningIdentity, createdAt: Date,
                             to directory: URL) throws -> BundleManifest {
        let files: [ReportWriter.File]
        do {
            files = try ReportWriter.files(for: report)
        } catch {
            throw HarnessError(.replayReportFailed, "the reports could not be rendered: \(error)")
        }
        var reportFiles: [String: Data] = [:]
        for file in files { reportFiles[file.name] = file.contents }
        return try BundleWriter(createdAt: createdAt).write(reportFiles: reportFiles, harFiles: evidence, identity: identity,
                                                            to: directory)
    }

    /// A recording as bundle evidence: HAR, with the replay's setup written into it, so that
    /// `report verify` replays it with no option and gets the same verdicts. The SAML
    /// messages keep every byte (their signatures must still verify).
    public static func evidence(for recording: Recording, setup: ReplaySetup) throws(HarnessError) -> (name: String, data: Data) {
        var har = recording.har
        har.log.harnessRun = setup.recordedContext(plan: "replay")
        var name = (recording.source as NSString).lastPathComponent
        if !name.lowercased().hasSuffix(".har") { name += ".har" }
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        return (safe.hasPrefix(".") ? "_" + safe : safe, try HARWriter.encode(har))
    }
}
