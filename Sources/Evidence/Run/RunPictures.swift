import Foundation
import HarnessModel
import Vocabulary

/// What report.html shows beyond report.json, made the same way wherever the page is
/// rendered (a run's folder, its bundle, `report verify` rendering it again): the diagrams
/// from the HAR evidence, and the screenshots' bytes, checked against the report first.
public enum RunPictures {
    /// The run-folder and bundle folder that holds screenshots (`screenshots/TC_SEC_01.jpg`).
    public static let screenshotsDirectory = "screenshots"
    /// The picture formats report.html embeds.
    public static let mediaTypes = ["image/jpeg", "image/png"]

    /// The pictures of `report`: a diagram per case from the HAR files (by name, read in name
    /// order; an unreadable one gives no diagrams), and the screenshots as given.
    public static func make(_ report: RunReport, evidence: [String: Data], screenshots: [String: Data] = [:]) -> ReportPictures {
        let recordings = evidence.sorted { $0.key < $1.key }.compactMap { name, data in
            try? RecordingReader.read(data: data, source: name)
        }
        return ReportPictures(diagrams: CaseDiagrams.build(report, recordings: recordings), screenshots: screenshots)
    }

    /// Refuses screenshots that do not match the report: a path outside `screenshots/` (or one
    /// that could leave the folder), a file no case names, a case's picture without bytes,
    /// bytes whose SHA-256 is not the case's, or a format report.html does not show.
    public static func check(_ screenshots: [String: Data], for report: RunReport) throws(HarnessError) {
        var named: [String: (caseID: String, shot: CaseScreenshot)] = [:]
        for result in report.cases {
            if let shot = result.screenshot { named[shot.path] = (result.id, shot) }
        }
        for path in screenshots.keys.sorted() {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == screenshotsDirectory, BundleManifest.isSafePath(path) else {
                throw HarnessError(.reportsScreenshotRefused,
                    "the screenshot path \"\(path)\" is not allowed: a screenshot is \(screenshotsDirectory)/NAME, with letters, digits, '.', '-' and '_' in NAME, inside the run folder")
            }
            guard named[path] != nil else {
                throw HarnessError(.reportsScreenshotRefused,
                    "\(path) is given but no case of the report names it; set the case's screenshot, or leave the file out")
            }
        }
        for (path, entry) in named.sorted(by: { $0.key < $1.key }) {
            guard let data = screenshots[path] else {
                throw HarnessError(.reportsScreenshotRefused,
                    "case \(entry.caseID) names the screenshot \(path), but its bytes were not given; pass them, or clear the case's screenshot")
            }
            guard mediaTypes.contains(entry.shot.mediaType) else {
                throw HarnessError(.reportsScreenshotRefused,
                    "case \(entry.caseID)'s screenshot \(path) is \(entry.shot.mediaType); report.html embeds \(mediaTypes.joined(separator: " or ")) only")
            }
            let digest = SHA256Digest.hex(of: data)
            guard digest == entry.shot.sha256.lowercased() else {
                throw HarnessError(.reportsScreenshotRefused,
                    "\(path) has SHA-256 \(digest), but case \(entry.caseID) records \(entry.shot.sha256): the picture is not the one the case took")
            }
        }
    }
}
