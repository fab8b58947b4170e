import Conformance
import Evidence
import Foundation
import MPassSAML

/// AGE's `report verify`: the bundle's signature, signer and digests (`BundleVerifier`),
/// then the evidence replayed and its verdicts compared with report.json's.
///
/// Check ids (stable, added to `BundleVerifier`'s):
/// - `report.readable`: report.json lists its cases (each with an id and a verdict).
/// - `report.evidence`: the bundle holds HAR evidence and it replays.
/// - `report.verdict`: one per case: the verdict in report.json is the evidence's.
public enum ReportVerifier {
    public struct Verification: Sendable {
        public var bundle: BundleVerification
        public var checks: [BundleCheck]
        /// The report the evidence gives (nil when it could not be replayed).
        public var replayed: RunReport?

        public var allChecks: [BundleCheck] { bundle.checks + checks }
        public var isValid: Bool { !allChecks.contains(where: \.isFailure) }
    }

    public static func verify(_ directory: URL, expectSerial: String? = nil, parallel: Bool = true) throws(EvidenceError) -> Verification {
        let bundle = try BundleVerifier.verify(directory, expectSerial: expectSerial)
        var checks: [BundleCheck] = []

        // What report.json claims, read leniently: a hand-edited verdict must be named, not
        // refused as an unreadable file.
        var claimed: [(id: String, verdict: String)]?
        let reportURL = directory.appendingPathComponent(ReportJSON.fileName)
        if let data = try? Data(contentsOf: reportURL),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let cases = object["cases"] as? [[String: Any]] {
            claimed = cases.map { (($0["id"] as? String) ?? "?", ($0["verdict"] as? String) ?? "?") }
            do {
                _ = try ReportJSON.decode(data)
                checks.append(BundleCheck(.pass("report.readable", "\(cases.count) cases"), file: ReportJSON.fileName))
            } catch {
                checks.append(BundleCheck(.fail("report.readable", error.reason), file: ReportJSON.fileName))
            }
        } else {
            checks.append(BundleCheck(.fail("report.readable", "report.json is missing or lists no cases"), file: ReportJSON.fileName))
        }

        // The evidence, replayed from the bundle's own files.
        let evidenceDirectory = directory.appendingPathComponent(BundleWriter.evidenceDirectory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: evidenceDirectory.path)) ?? [])
            .filter { $0.lowercased().hasSuffix(".har") }.sorted()
        var replayed: RunReport?
        if names.isEmpty {
            checks.append(BundleCheck(.fail("report.evidence", "the bundle holds no HAR evidence under evidence/: nothing backs the report")))
        } else {
            do {
                let recordings = try names.map { name throws(EvidenceError) in
                    try RecordingReader.read(file: evidenceDirectory.appendingPathComponent(name).path)
                }
                let outcome = try ReplayEngine(parallel: parallel).replay(recordings)
                replayed = outcome.report
                checks.append(BundleCheck(.pass("report.evidence",
                    "\(names.count) HAR file(s), \(outcome.messageCount) SAML messages replayed, \(outcome.report.cases.count) cases")))
            } catch let error as EvidenceError {
                checks.append(BundleCheck(.fail("report.evidence", error.reason)))
            } catch let error as ReplayError {
                checks.append(BundleCheck(.fail("report.evidence", error.reason)))
            } catch {
                checks.append(BundleCheck(.fail("report.evidence", "\(error)")))
            }
        }

        // Verdict by verdict, in order.
        switch (claimed, replayed) {
        case (let claimed?, let replayed?):
            checks += compare(claimed: claimed, replayed: replayed.cases.map { ($0.id, $0.verdict.rawValue) })
        default:
            checks.append(BundleCheck(.skip("report.verdict", because: claimed == nil ? "report.readable" : "report.evidence")))
        }
        return Verification(bundle: bundle, checks: checks, replayed: replayed)
    }

    /// Pairs cases by id in order of appearance (a replay of several runs repeats ids).
    static func compare(claimed: [(id: String, verdict: String)], replayed: [(id: String, verdict: String)]) -> [BundleCheck] {
        var checks: [BundleCheck] = []
        var remaining = replayed
        for claim in claimed {
            guard let position = remaining.firstIndex(where: { $0.id == claim.id }) else {
                checks.append(BundleCheck(.fail("report.verdict",
                    "\(claim.id): the report says \(claim.verdict), but the evidence holds no such case"), file: ReportJSON.fileName))
                continue
            }
            let found = remaining.remove(at: position)
            if found.verdict == claim.verdict {
                checks.append(BundleCheck(.pass("report.verdict", "\(claim.id): \(claim.verdict), as the evidence gives")))
            } else {
                checks.append(BundleCheck(.fail("report.verdict",
                    "\(claim.id): the report says \(claim.verdict), the evidence gives \(found.verdict)"), file: ReportJSON.fileName))
            }
        }
        for extra in remaining {
            checks.append(BundleCheck(.fail("report.verdict",
                "\(extra.id): the evidence gives \(extra.verdict), but the report leaves this case out"), file: ReportJSON.fileName))
        }
        return checks
    }
}
