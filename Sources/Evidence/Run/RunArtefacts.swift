import Vocabulary
import Foundation
import HarnessModel
import MPassSAML

/// A run's artefacts, written by one call that `run`, `replay` and `live` share: the four
/// reports (`ReportWriter`, all or nothing), the HAR evidence beside them, and, when asked
/// for, the signed compliance bundle (`ComplianceBundle`). The reports come first: a bundle
/// that cannot be written still leaves the reports to read.
public enum RunArtefacts {
    /// The signed bundle to write as well.
    public struct BundleRequest: Sendable {
        public var directory: URL
        public var identity: SigningIdentity
        /// The HAR files the bundle carries under `evidence/`, by file name.
        public var evidence: [String: Data]
        public var createdAt: Date

        public init(directory: URL, identity: SigningIdentity, evidence: [String: Data], createdAt: Date = Date()) {
            self.directory = directory
            self.identity = identity
            self.evidence = evidence
            self.createdAt = createdAt
        }
    }

    /// Writes the reports into `directory`, then each of `files` (paths relative to the folder,
    /// such as `evidence/run.har`) and of `screenshots` (`screenshots/TC_SEC_01.jpg`, the paths
    /// the cases' `CaseScreenshot` name), then the bundle when one is asked for. report.html
    /// draws each case's exchanges from the HAR evidence (the bundle's when there is one, else
    /// the `.har` files among `files`) and embeds the screenshots.
    ///
    /// - Throws: `reportsScreenshotRefused` when a screenshot does not match the report (nothing
    ///   is written); `reportsWriteFailed` when the folder's files cannot be written (the bundle
    ///   is then not attempted); a `bundle.*` code when the bundle cannot be written.
    ///
    /// - Parameter drawnFrom: HAR files report.html draws from when no bundle is asked for and
    ///   `files` holds none (a replay's recordings, already on disk): read, not written.
    public static func write(_ report: RunReport, to directory: URL, overwrite: Bool = false, files: [String: Data] = [:],
                             screenshots: [String: Data] = [:], bundle: BundleRequest? = nil,
                             drawnFrom: [String: Data] = [:]) throws(HarnessError) {
        try RunPictures.check(screenshots, for: report)
        let written = files.filter { $0.key.lowercased().hasSuffix(".har") }
        let evidence = bundle?.evidence ?? (written.isEmpty ? drawnFrom : written)
        let pictures = RunPictures.make(report, evidence: evidence, screenshots: screenshots)
        do {
            try ReportWriter.write(report, to: directory, overwrite: overwrite, pictures: pictures)
            for (path, data) in (files.merging(screenshots) { first, _ in first }).sorted(by: { $0.key < $1.key }) {
                let url = directory.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url, options: .atomic)
            }
        } catch {
            throw HarnessError(.reportsWriteFailed, "the reports could not be written: \(error)")
        }
        guard let bundle else { return }
        do {
            try ComplianceBundle.write(report: report, evidence: bundle.evidence, screenshots: screenshots, identity: bundle.identity,
                                       createdAt: bundle.createdAt, to: bundle.directory)
        } catch let error as HarnessError {
            throw HarnessError(error.code, "the bundle could not be written: \(error.reason)")
        } catch {
            throw HarnessError(.bundleWriteFailed, "the bundle could not be written: \(error)")
        }
    }

    /// The report folder of a new run: `out` when given (missing or empty), else a new folder
    /// under `mpass-reports` named after the start time; a run started in the same second gets
    /// `-2`, `-3`… (made with mkdir(2), which only one process can win). Taken before any case
    /// runs, so a second run cannot end by losing its results to a folder the first one made.
    /// `prefix` starts the made folder's name (`live-` for live sessions).
    public static func reserveFolder(out: String?, started: Date, parent: URL = URL(fileURLWithPath: "mpass-reports"),
                                     prefix: String = "") throws(HarnessError) -> URL {
        if let out {
            let directory = URL(fileURLWithPath: out)
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            guard contents.isEmpty else {
                throw HarnessError(.reportFolderUnavailable,
                    "\(out) already holds \(contents.count) file(s) (\(contents.sorted().prefix(4).joined(separator: ", "))); choose a new folder for --out, or leave it out for a new one under mpass-reports")
            }
            return directory
        }
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw HarnessError(.reportFolderUnavailable,
                "the report folder \(parent.path) cannot be made: \(error.localizedDescription); choose one with --out")
        }
        let stamp = prefix + folderName(started)
        for attempt in 1...1000 {
            let directory = parent.appendingPathComponent(attempt == 1 ? stamp : "\(stamp)-\(attempt)")
            if mkdir(directory.path, 0o755) == 0 { return directory }
            guard errno == EEXIST else {
                throw HarnessError(.reportFolderUnavailable,
                    "the report folder \(directory.path) cannot be made: \(String(cString: strerror(errno))); choose one with --out")
            }
        }
        throw HarnessError(.reportFolderUnavailable, "a thousand runs already started at \(stamp) in \(parent.path); choose a folder with --out")
    }

    /// A start time as a folder name: `20261206T055633Z`.
    public static func folderName(_ date: Date) -> String {
        SAMLTime.format(date).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
    }
}
