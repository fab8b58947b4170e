import CaseCatalogue
import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

/// AGE's `report verify`: the folder holds plain files only (`BundleFolder`), the bundle's
/// signature, signer and digests (`BundleVerifier`), then the whole report rebuilt from the
/// evidence and compared with report.json field by field.
///
/// The rebuilt report is the evidence replayed (`ReplayEngine`, the code `replay` uses, with
/// the certificates the evidence pins), with the plan and its expected failures as the
/// evidence records them, and each case's title, kind, expectation and severity from the
/// catalogue by id, never from the file. summary.md, report.html and junit.xml are rendered
/// again from the verified report.json and must be the bundle's bytes.
///
/// Check ids (stable, added to `BundleVerifier`'s):
/// - `report.readable`: report.json is a report this tool reads.
/// - `report.evidence`: the bundle holds HAR evidence, it says what run it records, and it replays.
/// - `report.cases`: the evidence gives at least one case.
/// - `report.plan`: report.json's plan is the evidence's, and every case the plan holds is there.
/// - `report.target`, `report.idp`: the Service and the MPass named are the evidence's.
/// - `report.time`: the run's times hold the evidence's exchanges.
/// - `report.verdict`: one per case: the verdict is the evidence's. A case whose verdict the
///   replay cannot re-derive (`AttestedVerdict`) passes when the evidence holds its exchanges
///   and shows nothing against it; it is then listed as attested by the signer only.
/// - `report.case`: one per difference in a case's other fields (severity, title, …), or a
///   case one side has and the other lacks.
/// - `report.summary`: the stored summary and verdict are those of the rebuilt cases, with the
///   attested cases' verdicts as the report gives them.
/// - `report.derived`: one per rendered file: the bundle's copy is what the verified report renders to
///   (report.html with the diagrams the bundle's HAR evidence gives and its screenshots embedded).
/// - `report.screenshots`: one per screenshot a case names (present, and its SHA-256 is the
///   case's) and one per file under `screenshots/` no case names (or one pass when there are none).
/// - `report.idp.pin`: a staging run's MPass certificate is the pinned staging certificate.
/// - `report.coverage`: the evidence holds every case of the guide's chapter 9 (AGE certifies
///   on it); with `allowPartial`, a bundle of fewer cases passes and says which are absent.
public enum ReportVerifier {
    public struct Verification: Sendable {
        public var bundle: BundleVerification
        public var checks: [BundleCheck]
        /// The report the evidence gives (nil when it could not be replayed).
        public var replayed: RunReport?
        /// report.json as decoded (nil when unreadable).
        public var claimed: RunReport?
        /// What was tested and what the bundle can prove (nil when the evidence could not be replayed).
        public var scope: BundleScope?
        /// Cases whose verdict the replay cannot re-derive: attested by the signer only.
        public var attested: [String]

        public var allChecks: [BundleCheck] { bundle.checks + checks }
        public var isValid: Bool { !allChecks.contains(where: \.isFailure) }
    }

    /// Case fields compared besides the verdict. The prose (`observed`, `reason`, steps) is
    /// the run's own account of what happened: a replay words it differently, so it is not
    /// compared, and `report verify` says so.
    static let comparedCaseFields = ["severity", "kind", "title", "expected", "expectedFailure"]

    public static func verify(_ directory: URL, expectSerial: String? = nil, allowPartial: Bool = false, parallel: Bool = true,
                              limits: BundleFolder.Limits = .standard) throws(HarnessError) -> Verification {
        // Nothing is read before every entry of the folder is known to be a plain file.
        let folder = try BundleFolder.open(directory, limits: limits)
        let bundle = BundleVerifier.verify(folder, expectSerial: expectSerial)
        var checks: [BundleCheck] = []

        // What report.json claims, read leniently as JSON so that a hand-edited field is
        // named, and strictly as a report.
        var claimedObject: [String: Any]?
        var claimed: RunReport?
        if let data = try? folder.read(ReportJSON.fileName),
           let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], object["cases"] is [[String: Any]] {
            claimedObject = object
            do {
                claimed = try ReportJSON.decode(data)
                checks.append(BundleCheck(.pass(.reportReadable, "\(claimed?.cases.count ?? 0) cases"), file: ReportJSON.fileName))
            } catch {
                checks.append(BundleCheck(.fail(.reportReadable, error.reason), file: ReportJSON.fileName))
            }
        } else {
            checks.append(BundleCheck(.fail(.reportReadable, "report.json is missing or lists no cases"), file: ReportJSON.fileName))
        }

        let (evidence, evidenceChecks) = rebuild(folder, parallel: parallel)
        checks += evidenceChecks
        var attested: [String] = []
        if let evidence, let claimedObject {
            let compared = compare(claimed: claimedObject, decoded: claimed, evidence: evidence)
            checks += compared.checks
            attested = compared.attested
        } else {
            for id in [CheckID.reportPlan, .reportTarget, .reportIdP, .reportVerdict, .reportSummary] {
                checks.append(BundleCheck(.skip(id, because: claimedObject == nil ? CheckID.reportReadable : .reportEvidence)))
            }
        }
        if let evidence {
            checks.append(coverage(evidence.report, allowPartial: allowPartial))
        }
        checks += screenshots(folder, claimed: claimed)
        checks += derivedFiles(folder, verified: claimed, manifest: bundle.manifest)
        return Verification(bundle: bundle, checks: checks, replayed: evidence?.report, claimed: claimed,
                            scope: evidence.map { BundleScope(evidence: $0, signer: bundle.signer, attested: attested) }, attested: attested)
    }

    /// The evidence replayed into a report, with what the recordings say about the run.
    struct Evidence {
        var report: RunReport
        var contexts: [RecordedRunContext]
        /// The plan's case ids (nil: a replay, whose cases are whatever the recordings show).
        var planCases: [String]?
        var messageCount: Int
        /// MPass's messages, and those that verified against the pinned certificate.
        var idpMessages: Int
        var idpMessagesVerified: Int
        var stagingPinned: Bool
        /// Each recording's judged flows, for the cases the replay cannot re-derive.
        var judged: [ReplayEngine.JudgedRecording] = []
    }

    static func rebuild(_ folder: BundleFolder, parallel: Bool) -> (Evidence?, [BundleCheck]) {
        var checks: [BundleCheck] = []
        let prefix = BundleWriter.evidenceDirectory + "/"
        let paths = folder.paths.filter { $0.hasPrefix(prefix) }.sorted()
        for path in paths where !path.lowercased().hasSuffix(".har") {
            checks.append(BundleCheck(.fail(.reportEvidence, "not HAR: evidence/ holds the HAR files the report is rebuilt from, nothing else"),
                                      file: path))
        }
        let harPaths = paths.filter { $0.lowercased().hasSuffix(".har") }
        guard !harPaths.isEmpty else {
            checks.append(BundleCheck(.fail(.reportEvidence, "the bundle holds no HAR evidence under evidence/: nothing backs the report")))
            return (nil, checks)
        }
        let recordings: [Recording]
        let outcome: ReplayEngine.Outcome
        do {
            recordings = try harPaths.map { path throws(HarnessError) in try RecordingReader.read(data: folder.read(path), source: path) }
            outcome = try ReplayEngine(parallel: parallel).replay(recordings)
        } catch let error as HarnessError {
            checks.append(BundleCheck(.fail(.reportEvidence, error.reason)))
            return (nil, checks)
        } catch {
            checks.append(BundleCheck(.fail(.reportEvidence, "\(error)")))
            return (nil, checks)
        }
        var contexts: [RecordedRunContext] = []
        for (path, recording) in zip(harPaths, recordings) {
            if let context = recording.har.log.harnessRun {
                contexts.append(context)
            } else {
                checks.append(BundleCheck(.fail(.reportEvidence,
                    "the HAR does not say what run it records (no _mpassHarness): the bundle's plan, Service and MPass cannot be rebuilt; make bundles with `run --bundle` or `replay --bundle`"),
                    file: path))
            }
        }
        guard contexts.count == recordings.count, let first = contexts.first else { return (nil, checks) }
        checks.append(BundleCheck(.pass(.reportEvidence,
            "\(harPaths.count) HAR file(s), \(outcome.messageCount) SAML messages replayed, \(outcome.report.cases.count) cases")))

        var report = outcome.report
        let plans = Set(contexts.map(\.plan))
        if plans.count > 1 {
            checks.append(BundleCheck(.fail(.reportPlan, "the evidence files record different plans (\(plans.sorted().joined(separator: ", "))): one bundle is one run")))
        }
        report.plan = first.plan
        report.cases = TestPlan(name: first.plan, cases: [], expectedFailures: first.expectedFailures ?? [:])
            .applyExpectations(to: report.cases)

        // The plan's cases: a built-in plan's are known here; another's as the run recorded them.
        var planCases: [String]?
        if let builtIn = TestPlan.builtIn(first.plan) {
            planCases = builtIn.cases.map(\.id)
            if let recorded = first.planCases, recorded != planCases {
                checks.append(BundleCheck(.fail(.reportPlan,
                    "the evidence says the plan \(first.plan) held \(recorded.count) cases; the built-in \(first.plan) holds \(planCases!.count)")))
            }
        } else if first.plan != "replay" {
            planCases = first.planCases
            if planCases == nil {
                checks.append(BundleCheck(.fail(.reportPlan,
                    "the evidence does not list the cases of the plan \(first.plan), so nothing shows that none was left out")))
            }
        }
        if let planCases {
            let present = Set(report.cases.map(\.id))
            let missing = planCases.filter { !present.contains($0) }
            for id in missing {
                checks.append(BundleCheck(.fail(.reportPlan,
                    "\(id): the plan \(first.plan) holds this case, but the evidence holds none (a case cannot be left out of a bundle)")))
            }
            let listed = Set(planCases)
            for id in report.cases.map(\.id) where !listed.contains(id) {
                checks.append(BundleCheck(.fail(.reportPlan, "\(id): in the evidence, but not a case of the plan \(first.plan)")))
            }
            if missing.isEmpty {
                checks.append(BundleCheck(.pass(.reportPlan, "every case of the plan \(first.plan) (\(planCases.count)) is in the evidence")))
            }
        }
        if report.cases.isEmpty {
            checks.append(BundleCheck(.fail(.reportCases,
                "the evidence gives no case at all (every message refused or left unanswered): the bundle proves nothing")))
        } else {
            checks.append(BundleCheck(.pass(.reportCases, "\(report.cases.count) cases rebuilt from the evidence")))
        }

        // A staging run: MPass's messages must verify against the pinned staging certificate.
        var stagingPinned = false
        if report.idp.kind == .staging {
            let pin = normalisedFingerprint(MPassEnvironment.staging.signingCertificateSHA256 ?? "")
            let recorded = recordings.flatMap { recording in
                (try? ReplayOverrides().setup(for: recording).identityProvider.certificates) ?? []
            }
            let others = recorded.filter { normalisedFingerprint($0.sha256Fingerprint) != pin }
            if recorded.isEmpty || !others.isEmpty {
                checks.append(BundleCheck(.fail(.reportIdPPin,
                    "the evidence names MPass staging, but checks its messages against \(others.first.map { "a certificate with SHA-256 \($0.sha256Fingerprint)" } ?? "no certificate"), not staging's pinned one (SHA-256 \(MPassEnvironment.staging.signingCertificateSHA256 ?? "?"))")))
            } else {
                stagingPinned = true
                checks.append(BundleCheck(.pass(.reportIdPPin, "MPass's messages are checked against staging's pinned certificate")))
            }
        }
        let fromIdP = report.cases.flatMap(\.messages).filter { $0.direction == .idpToService }
        let verified = fromIdP.filter { message in
            let signatureChecks = message.checks.checks.filter { CheckID.signatureChecks.contains($0.id) }
            return signatureChecks.contains(where: \.isPass) && !signatureChecks.contains(where: \.isFailure)
        }
        return (Evidence(report: report, contexts: contexts, planCases: planCases, messageCount: outcome.messageCount,
                         idpMessages: fromIdP.count, idpMessagesVerified: verified.count, stagingPinned: stagingPinned,
                         judged: outcome.judged), checks)
    }

    /// report.json against the rebuilt report, field by field; with the cases whose verdict
    /// is attested by the signer only.
    static func compare(claimed: [String: Any], decoded: RunReport?, evidence: Evidence) -> (checks: [BundleCheck], attested: [String]) {
        var checks: [BundleCheck] = []
        var attested: [String] = []
        let rebuilt = (try? ReportJSON.encode(evidence.report))
            .flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] } ?? [:]
        func differ(_ id: CheckID, _ what: String, _ claimedValue: Any?, _ rebuiltValue: Any?) -> BundleCheck? {
            let (left, right) = (render(claimedValue), render(rebuiltValue))
            guard left != right else { return nil }
            return BundleCheck(.fail(id, "\(what): the report says \(left), the evidence gives \(right)"), file: ReportJSON.fileName)
        }

        if let failed = differ(.reportPlan, "plan", claimed["plan"], rebuilt["plan"]) {
            checks.append(failed)
        } else {
            checks.append(BundleCheck(.pass(.reportPlan, "\(evidence.report.plan), as the evidence records it")))
        }
        for (id, key) in [(CheckID.reportTarget, "target"), (.reportIdP, "idp")] {
            let left = claimed[key] as? [String: Any] ?? [:]
            let right = rebuilt[key] as? [String: Any] ?? [:]
            let found = Set(left.keys).union(right.keys).sorted().compactMap { field in
                differ(id, "\(key).\(field)", left[field], right[field])
            }
            checks += found.isEmpty ? [BundleCheck(.pass(id, "as the evidence records it"))] : found
        }
        if let decoded {
            checks.append(timeCheck(decoded, rebuilt: evidence.report))
        }

        // Cases, paired by id in order of appearance (a replay of several runs repeats ids).
        let rebuiltCases = (rebuilt["cases"] as? [[String: Any]]) ?? []
        var remaining = Array(rebuiltCases.indices)
        // The rebuilt cases, with an attested case's verdict as the report gives it: what the
        // summary must agree with once every case is checked.
        var expected = evidence.report
        var seen: [String: Int] = [:]
        for claim in (claimed["cases"] as? [[String: Any]]) ?? [] {
            let caseID = render(claim["id"])
            let occurrence = seen[caseID, default: 0]
            seen[caseID] = occurrence + 1
            guard let position = remaining.firstIndex(where: { render(rebuiltCases[$0]["id"]) == caseID }) else {
                checks.append(BundleCheck(.fail(.reportCase,
                    "\(caseID): the report holds this case (verdict \(render(claim["verdict"]))), but the evidence holds no such case"),
                    file: ReportJSON.fileName))
                continue
            }
            let index = remaining.remove(at: position)
            let found = rebuiltCases[index]
            let (claimedVerdict, replayed) = (render(claim["verdict"]), evidence.report.cases[index].verdict)
            if AttestedVerdict.isRederivable(id: caseID, claimed: claimedVerdict, replayed: replayed, occurrence: occurrence,
                                            in: evidence.judged) {
                if let failed = differ(.reportVerdict, caseID, claim["verdict"], found["verdict"]) {
                    checks.append(failed)
                } else {
                    checks.append(BundleCheck(.pass(.reportVerdict, "\(caseID): \(render(found["verdict"])), as the evidence gives")))
                }
            } else if let contradiction = AttestedVerdict.contradiction(id: caseID, claimed: claimedVerdict, occurrence: occurrence,
                                                                         in: evidence.judged) {
                checks.append(BundleCheck(.fail(.reportVerdict, "\(caseID): \(contradiction)"), file: ReportJSON.fileName))
            } else {
                attested.append(caseID)
                if let verdict = CaseVerdict(rawValue: claimedVerdict) { expected.cases[index].verdict = verdict }
                checks.append(BundleCheck(.pass(.reportVerdict,
                    "\(caseID): \(claimedVerdict), attested by the signer only (the replay gives \(replayed.rawValue): \(AttestedVerdict.neverRederivable(caseID) ?? "it cannot re-derive this case")); its exchanges are in the evidence and show nothing against it")))
            }
            checks += comparedCaseFields.compactMap { field in differ(.reportCase, "\(caseID) \(field)", claim[field], found[field]) }
        }
        for extra in remaining.map({ rebuiltCases[$0] }) {
            checks.append(BundleCheck(.fail(.reportCase,
                "\(render(extra["id"])): the evidence gives \(render(extra["verdict"])), but the report leaves this case out"),
                file: ReportJSON.fileName))
        }
        let recomputed = (try? ReportJSON.encode(expected))
            .flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] } ?? [:]
        let summary = [differ(.reportSummary, "summary", claimed["summary"], recomputed["summary"]),
                       differ(.reportSummary, "verdict", claimed["verdict"], recomputed["verdict"])].compactMap { $0 }
        let basis = attested.isEmpty ? "as the rebuilt cases give" : "as the rebuilt cases and the \(attested.count) attested verdict(s) give"
        checks += summary.isEmpty ? [BundleCheck(.pass(.reportSummary, "\(render(recomputed["verdict"])), \(basis)"))] : summary
        return (checks, attested)
    }

    static func coverage(_ report: RunReport, allowPartial: Bool) -> BundleCheck {
        let present = Set(report.cases.map(\.id))
        let missing = Chapter9.cases.map(\.id).filter { !present.contains($0) }
        if missing.isEmpty {
            return BundleCheck(.pass(.reportCoverage, "every case of the guide's chapter 9 is in the evidence"))
        }
        if allowPartial {
            return BundleCheck(.pass(.reportCoverage, "a partial bundle, accepted as asked (--allow-partial): no evidence for \(missing.joined(separator: ", "))"))
        }
        return BundleCheck(.fail(.reportCoverage,
            "no evidence for \(missing.joined(separator: ", ")) of the guide's chapter 9, on which AGE certifies; give --allow-partial to accept a bundle of fewer cases (a replay of one recording, a narrowed run)"))
    }

    /// A replay's times are the recordings'; a run starts before its first exchange and ends after its last.
    static func timeCheck(_ claimed: RunReport, rebuilt: RunReport) -> BundleCheck {
        let (start, end) = (ReportTimestamp.string(claimed.startedAt), ReportTimestamp.string(claimed.finishedAt))
        let (first, last) = (ReportTimestamp.string(rebuilt.startedAt), ReportTimestamp.string(rebuilt.finishedAt))
        // One millisecond of slack: a recording may hold finer instants than a report writes.
        let slack = 0.0015
        let early = rebuilt.startedAt.timeIntervalSince(claimed.startedAt)
        let late = claimed.finishedAt.timeIntervalSince(rebuilt.finishedAt)
        let holds = rebuilt.plan == "replay"
            ? (abs(early) <= slack && abs(late) <= slack)
            : (early >= -slack && late >= -slack)
        if holds { return BundleCheck(.pass(.reportTime, "\(start) to \(end), holding the evidence's exchanges")) }
        return BundleCheck(.fail(.reportTime,
            "the report says \(start) to \(end), the evidence's exchanges run from \(first) to \(last)"), file: ReportJSON.fileName)
    }

    /// Each rendered file, from the verified report.json, against the bundle's copy; report.json
    /// itself must be in the form the harness writes (no field added or reordered by hand).
    ///
    /// A bundle of an older format (`BundleManifest.olderFormats`) was rendered as that format
    /// drew its files: those this tool draws differently are held to what that format drew
    /// (`olderFormatCheck`); the rest are compared byte for byte.
    static func derivedFiles(_ folder: BundleFolder, verified: RunReport?, manifest: BundleManifest? = nil) -> [BundleCheck] {
        guard let verified, let rendered = try? ReportWriter.files(for: verified, pictures: pictures(folder, report: verified)) else {
            return [BundleCheck(.skip(.reportDerived, because: CheckID.reportReadable))]
        }
        let redrawn = manifest.flatMap { BundleManifest.olderFormats[$0.format] } ?? []
        return rendered.map { file in
            guard let bytes = try? folder.read(file.name) else {
                return BundleCheck(.fail(.reportDerived, "missing: the bundle must hold it, rendered from report.json"), file: file.name)
            }
            if redrawn.contains(file.name), let manifest {
                return olderFormatCheck(file.name, bytes: bytes, rendered: file.contents, manifest: manifest)
            }
            if bytes == file.contents {
                return BundleCheck(.pass(.reportDerived, "the bytes report.json renders to"), file: file.name)
            }
            let what = file.name == ReportJSON.fileName ? "is not in the form the harness writes (a field added, removed or reordered)"
                : "is not what report.json renders to: it was not made from this report"
            return BundleCheck(.fail(.reportDerived, "\(what); first difference at line \(firstDifferentLine(bytes, file.contents))"),
                               file: file.name)
        }
    }

    /// A file an older format drew otherwise, held to what that format drew from report.json
    /// (`OlderFormatRendering`): a pass when it matches, a warning when its diagrams could only
    /// be set aside, a failure naming the first departure otherwise.
    static func olderFormatCheck(_ name: String, bytes: Data, rendered: Data, manifest: BundleManifest) -> BundleCheck {
        let writer = "written by \(manifest.tool.name) \(manifest.tool.version) in the older bundle format \(manifest.format)"
        switch OlderFormatRendering.compare(fileName: name, bundle: bytes, rendered: rendered) {
        case .matches(let diagrams) where diagrams > 0:
            return BundleCheck(.warn(.reportDerived,
                "\(name) \(writer): every line outside its \(diagrams) sequence diagram(s) is what that format rendered from report.json; the diagrams were set aside (that format drew the harness's own messages otherwise): each stands where report.json draws one and is that format's drawing element for element, but its words were not compared"),
                file: name)
        case .matches:
            return BundleCheck(.pass(.reportDerived, "what the older format \(manifest.format) rendered from report.json"), file: name)
        case .differs(let departure):
            return BundleCheck(.fail(.reportDerived,
                "\(name) \(writer) is not what that format renders from report.json: \(departure)"), file: name)
        }
    }

    /// The pictures report.html is rendered with, from the bundle's own files: the HAR evidence
    /// (`evidence/NAME.har`, by name) and the screenshots (`screenshots/NAME`, by path).
    static func pictures(_ folder: BundleFolder, report: RunReport) -> ReportPictures {
        var evidence: [String: Data] = [:]
        var shots: [String: Data] = [:]
        for path in folder.paths.sorted() {
            if path.hasPrefix(BundleWriter.evidenceDirectory + "/"), path.lowercased().hasSuffix(".har") {
                evidence[String(path.dropFirst(BundleWriter.evidenceDirectory.count + 1))] = try? folder.read(path)
            } else if path.hasPrefix(RunPictures.screenshotsDirectory + "/") {
                shots[path] = try? folder.read(path)
            }
        }
        return RunPictures.make(report, evidence: evidence, screenshots: shots)
    }

    /// Each screenshot a case names is in the bundle with the case's SHA-256; nothing else is
    /// under `screenshots/`. (The manifest pins the bytes too; this ties them to the case.)
    static func screenshots(_ folder: BundleFolder, claimed: RunReport?) -> [BundleCheck] {
        guard let claimed else { return [BundleCheck(.skip(.reportScreenshots, because: CheckID.reportReadable))] }
        var checks: [BundleCheck] = []
        var named: Set<String> = []
        for result in claimed.cases {
            guard let shot = result.screenshot else { continue }
            named.insert(shot.path)
            guard folder.paths.contains(shot.path), let data = try? folder.read(shot.path) else {
                checks.append(BundleCheck(.fail(.reportScreenshots, "case \(result.id) names this picture, but the bundle does not hold it"),
                                          file: shot.path))
                continue
            }
            let digest = MessageDigest.sha256Hex(data)
            if digest == shot.sha256.lowercased() {
                checks.append(BundleCheck(.pass(.reportScreenshots, "case \(result.id)'s picture, sha256 \(digest)"), file: shot.path))
            } else {
                checks.append(BundleCheck(.fail(.reportScreenshots,
                    "the picture's SHA-256 is \(digest), case \(result.id) records \(shot.sha256): it is not the picture the case took"),
                    file: shot.path))
            }
        }
        let prefix = RunPictures.screenshotsDirectory + "/"
        for path in folder.paths.filter({ $0.hasPrefix(prefix) && !named.contains($0) }).sorted() {
            checks.append(BundleCheck(.fail(.reportScreenshots, "no case of report.json names this picture"), file: path))
        }
        if checks.isEmpty { checks.append(BundleCheck(.pass(.reportScreenshots, "no case has a screenshot, and the bundle holds none"))) }
        return checks
    }

    static func firstDifferentLine(_ left: Data, _ right: Data) -> Int {
        let (a, b) = (left.split(separator: 0x0A, omittingEmptySubsequences: false),
                      right.split(separator: 0x0A, omittingEmptySubsequences: false))
        return (zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)) + 1
    }

    /// A JSON value as the messages show it: strings bare, anything else as compact JSON.
    static func render(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "nothing"
        case let text as String: return text
        case let value?:
            guard JSONSerialization.isValidJSONObject([value]),
                  let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys, .withoutEscapingSlashes]) else {
                return "\(value)"
            }
            return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        }
    }

    static func normalisedFingerprint(_ text: String) -> String {
        text.uppercased().filter { $0.isHexDigit }
    }
}

/// The checks `report verify` makes on a bundle's report against its evidence (`ReportVerifier`).
extension CheckID {
    /// report.json is present and lists the cases.
    public static let reportReadable = CheckID(rawValue: "report.readable")
    /// evidence/ holds the HAR files the report is rebuilt from, and they read.
    public static let reportEvidence = CheckID(rawValue: "report.evidence")
    /// One plan, every case of it in the evidence, as the report names it.
    public static let reportPlan = CheckID(rawValue: "report.plan")
    /// The cases rebuilt from the evidence.
    public static let reportCases = CheckID(rawValue: "report.cases")
    /// MPass's messages were checked against staging's pinned certificate (live runs).
    public static let reportIdPPin = CheckID(rawValue: "report.idp.pin")
    /// The report's target, as the evidence gives it.
    public static let reportTarget = CheckID(rawValue: "report.target")
    /// The report's identity provider, as the evidence gives it.
    public static let reportIdP = CheckID(rawValue: "report.idp")
    /// Each case's verdict, as the evidence gives it.
    public static let reportVerdict = CheckID(rawValue: "report.verdict")
    /// Each case's other fields, as the evidence gives them.
    public static let reportCase = CheckID(rawValue: "report.case")
    /// The summary and overall verdict, recomputed.
    public static let reportSummary = CheckID(rawValue: "report.summary")
    /// Every case of chapter 9 is in the evidence (or a partial bundle was allowed).
    public static let reportCoverage = CheckID(rawValue: "report.coverage")
    /// The report's times hold the evidence's exchanges.
    public static let reportTime = CheckID(rawValue: "report.time")
    /// report.html, junit.xml and summary.md are what report.json renders to.
    public static let reportDerived = CheckID(rawValue: "report.derived")
    /// Each case's screenshot is in the bundle with the case's SHA-256, and no other picture is.
    public static let reportScreenshots = CheckID(rawValue: "report.screenshots")
}
