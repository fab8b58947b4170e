import Vocabulary
import Foundation
import HarnessModel
import MPassSAML

/// Writes a compliance bundle for a run or a replay: the four reports, the HAR evidence
/// under `evidence/`, the cases' screenshots under `screenshots/` and the signed manifest
/// (`Evidence.BundleWriter`). report.html is rendered with the pictures these files give
/// (`RunPictures`), as `report verify` renders it again.
public enum ComplianceBundle {
    @discardableResult
    public static func write(report: RunReport, evidence: [String: Data], screenshots: [String: Data] = [:],
                             identity: SigningIdentity, createdAt: Date, to directory: URL) throws -> BundleManifest {
        try RunPictures.check(screenshots, for: report)
        let files: [ReportWriter.File]
        do {
            files = try ReportWriter.files(for: report, pictures: RunPictures.make(report, evidence: evidence, screenshots: screenshots))
        } catch {
            throw HarnessError(.bundleWriteFailed, "the reports could not be rendered: \(error)")
        }
        var reportFiles: [String: Data] = [:]
        for file in files { reportFiles[file.name] = file.contents }
        return try BundleWriter(createdAt: createdAt).write(reportFiles: reportFiles, harFiles: evidence, screenshotFiles: screenshots,
                                                            identity: identity, to: directory)
    }
}
