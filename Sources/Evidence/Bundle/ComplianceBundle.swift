import Vocabulary
import Foundation
import HarnessModel
import MPassSAML

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
            throw HarnessError(.bundleWriteFailed, "the reports could not be rendered: \(error)")
        }
        var reportFiles: [String: Data] = [:]
        for file in files { reportFiles[file.name] = file.contents }
        return try BundleWriter(createdAt: createdAt).write(reportFiles: reportFiles, harFiles: evidence, identity: identity,
                                                            to: directory)
    }
}
