import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

extension Preflight {
    /// What `mpass-harness preflight` is given: files and switches, read here.
    public struct FileRequest: Sendable {
        /// The target description with its `onboarding:` section.
        public var targetPath: String
        /// MPass staging's cached metadata (`idp fetch`); a missing or unusable cache is a step not done.
        public var idpCache: URL
        /// The report.json of a `live` run, to mark the staging steps confirmed.
        public var liveReportPath: String?
        /// Probe no URL.
        public var offline = false
        public var now: Date

        public init(targetPath: String, idpCache: URL, now: Date = Date()) {
            self.targetPath = targetPath
            self.idpCache = idpCache
            self.now = now
        }
    }

    /// Reads the target description, the IdP cache and a live report, then runs every check.
    ///
    /// - Throws: `PreflightFailure` when a file given cannot serve; findings are the report's.
    public static func run(files request: FileRequest) async throws(PreflightFailure) -> PreflightReport {
        let file = URL(fileURLWithPath: request.targetPath)
        guard FileManager.default.fileExists(atPath: file.path) else { throw .targetMissing(path: request.targetPath) }
        let description: TargetDescription
        do {
            description = try TargetDescription.load(contentsOf: file)
        } catch {
            throw .target(error)
        }
        var report: RunReport?
        if let path = request.liveReportPath {
            let data: Data
            do {
                data = try InputFile.read(path)
            } catch {
                throw .liveReportUnreadable(error)
            }
            do {
                report = try JSONDecoder().decode(RunReport.self, from: data)
            } catch {
                throw .liveReportInvalid(path: path, detail: "\(error)")
            }
        }
        let cache = IdPCache(directory: request.idpCache)
        let cached = cache.exists ? try? cache.load(now: request.now).entry : nil
        let preflight = Preflight(input: PreflightInput(target: description, file: request.targetPath), now: request.now,
                                  prober: request.offline ? nil : HTTPEndpointProber(), idpCache: cached, liveReport: report)
        return await preflight.run()
    }
}

/// Why a preflight could not run: the line a person reads after `error: `.
public enum PreflightFailure: Error, Sendable, CustomStringConvertible {
    /// The target description is not there.
    case targetMissing(path: String)
    /// The target description is unreadable or invalid; the error names the field and the fix.
    case target(TargetError)
    /// The `--live-report` file is missing, unreadable or too large (`InputFile`'s codes).
    case liveReportUnreadable(HarnessError)
    /// The `--live-report` file is not a run report.
    case liveReportInvalid(path: String, detail: String)

    public var description: String {
        switch self {
        case .targetMissing(let path):
            "\(path): no such file; give the target description with --target (`mpass-harness init` writes one)"
        case .target(let error):
            "\(error)"
        case .liveReportUnreadable(let error):
            error.reason
        case .liveReportInvalid(let path, let detail):
            "\(path) is not a report.json written by `mpass-harness live` (\(detail))"
        }
    }
}
