import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Replay
import Testing
import TestSupport

/// A beneficiary holds the signing key, so it can change anything in its bundle and sign it
/// again: the signature then verifies. `report verify` must still refuse, because it rebuilds
/// the whole report from the evidence. Each tampering below starts from a run in which the
/// required case TC_SEC_05 failed (`run-skipDestination.har`), is re-signed with the right key,
/// and must fail with the check that names what changed.
@Suite(.temporaryDirectories) struct BundleTamperingTests {
    static let fixture = "run-skipDestination.har"

    /// A bundle's content opened for editing: report.json decoded (re-rendered into
    /// summary.md, report.html and junit.xml unless `replaced`), and the HAR as JSON.
    struct Contents {
        var report: RunReport
        var har: [String: Any]
        /// Files written as given instead of rendered from `report`.
        var replaced: [String: Data] = [:]

        var entries: [[String: Any]] {
            get { (har["log"] as? [String: Any])?["entries"] as? [[String: Any]] ?? [] }
            set { var log = har["log"] as? [String: Any] ?? [:]; log["entries"] = newValue; har["log"] = log }
        }

        var context: [String: Any] {
            get { (har["log"] as? [String: Any])?["_mpassHarness"] as? [String: Any] ?? [:] }
            set { var log = har["log"] as? [String: Any] ?? [:]; log["_mpassHarness"] = newValue; har["log"] = log }
        }

        mutating func editCase(_ id: String, _ edit: (inout CaseResult) -> Void) throws {
            let index = try #require(report.cases.firstIndex { $0.id == id })
            edit(&report.cases[index])
        }
    }

    /// Edits the bundle and signs it again, whole, with the beneficiary's own key.
    static func resigned(_ bundle: URL, _ edit: (inout Contents) throws -> Void) throws -> URL {
        let report = try ReportJSON.decode(Data(contentsOf: bundle.appendingPathComponent("report.json")))
        let har = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("evidence/run.har"))) as? [String: Any])
        var contents = Contents(report: report, har: har)
        try edit(&contents)
        let harData = try JSONSerialization.data(withJSONObject: contents.har, options: [.sortedKeys])
        var reportFiles: [String: Data] = [:]
        let pictures = RunPictures.make(contents.report, evidence: ["run.har": harData])
        for file in try ReportWriter.files(for: contents.report, pictures: pictures) { reportFiles[file.name] = file.contents }
        for (name, data) in contents.replaced { reportFiles[name] = data }
        let directory = FixturePaths.temporaryDirectory().appendingPathComponent("resigned")
        try BundleWriter(createdAt: Date()).write(reportFiles: reportFiles, harFiles: ["run.har": harData],
                                                  identity: ReportVerifierTests.signer, to: directory)
        return directory
    }

    struct Expected: Sendable {
        let id: String
        let fragment: String
        var file: String? = nil
    }

    struct Tampering: CustomTestStringConvertible, Sendable {
        let name: String
        let edit: @Sendable (inout Contents) throws -> Void
        let failures: [Expected]
        var testDescription: String { name }
    }

    static let tamperings: [Tampering] = [
        Tampering(name: "the failed required case removed from report.json, the HAR and the summary", edit: { contents in
            contents.report.cases.removeAll { $0.id == "TC_SEC_05" }
            contents.entries.removeAll { $0["_case"] as? String == "TC_SEC_05" }
        }, failures: [Expected(id: "report.plan", fragment: "TC_SEC_05: the plan chapter9 holds this case, but the evidence holds none"),
                      Expected(id: "report.coverage", fragment: "no evidence for TC_SEC_05")]),
        Tampering(name: "the failed case's severity lowered to recommended", edit: { contents in
            try contents.editCase("TC_SEC_05") { $0.severity = .recommended }
        }, failures: [Expected(id: "report.case", fragment: "TC_SEC_05 severity: the report says recommended, the evidence gives required"),
                      Expected(id: "report.summary", fragment: "verdict: the report says pass, the evidence gives fail")]),
        Tampering(name: "summary.md, report.html and junit.xml swapped for an all-pass run's", edit: { contents in
            let passing = try ReportVerifierTests.makeBundle(fixture: "run-pass.har")
            for name in ["summary.md", "report.html", "junit.xml"] {
                contents.replaced[name] = try Data(contentsOf: passing.appendingPathComponent(name))
            }
        }, failures: ["junit.xml", "report.html", "summary.md"].map {
            Expected(id: "report.derived", fragment: "is not what report.json renders to", file: $0)
        }),
        Tampering(name: "the target renamed in report.json", edit: { contents in
            contents.report.target.name = "Some Other Service"
        }, failures: [Expected(id: "report.target",
                               fragment: "target.name: the report says Some Other Service, the evidence gives embedded reference Service")]),
        Tampering(name: "the plan changed in report.json", edit: { contents in
            contents.report.plan = "full"
        }, failures: [Expected(id: "report.plan", fragment: "plan: the report says full, the evidence gives chapter9")]),
        Tampering(name: "the plan changed in report.json and in the evidence", edit: { contents in
            contents.report.plan = "full"
            contents.context["plan"] = "full"
        }, failures: [Expected(id: "report.plan", fragment: "MPX-RSP-01: the plan full holds this case, but the evidence holds none")]),
        Tampering(name: "a narrower plan written into report and evidence, the failed case dropped from both", edit: { contents in
            contents.report.plan = "beneficiary-plan"
            contents.report.cases.removeAll { $0.id == "TC_SEC_05" }
            contents.entries.removeAll { $0["_case"] as? String == "TC_SEC_05" }
            contents.context["plan"] = "beneficiary-plan"
            contents.context["planCases"] = contents.report.cases.map(\.id)
        }, failures: [Expected(id: "report.coverage", fragment: "no evidence for TC_SEC_05 of the guide's chapter 9")]),
        Tampering(name: "one HAR exchange altered: a byte of TC_FUNCT_01's SAMLResponse", edit: { contents in
            var entries = contents.entries
            let index = try #require(entries.firstIndex { entry in
                entry["_case"] as? String == "TC_FUNCT_01"
                    && (((entry["request"] as? [String: Any])?["postData"] as? [String: Any])?["text"] as? String)?.contains("SAMLResponse=") == true
            })
            var request = try #require(entries[index]["request"] as? [String: Any])
            var postData = try #require(request["postData"] as? [String: Any])
            var text = Array(try #require(postData["text"] as? String))
            let start = try #require(String(text).range(of: "SAMLResponse=")).upperBound.utf16Offset(in: String(text))
            // A letter well inside the base64, swapped for another letter: still base64, other bytes.
            let position = try #require((start + 400..<text.count).first { text[$0].isLetter && text[$0] != "Q" })
            text[position] = "Q"
            postData["text"] = String(text)
            request["postData"] = postData
            entries[index]["request"] = request
            contents.entries = entries
        }, failures: [Expected(id: "report.verdict", fragment: "TC_FUNCT_01: the report says pass, the evidence gives")]),
        Tampering(name: "the failed case marked as an expected failure in report.json", edit: { contents in
            try contents.editCase("TC_SEC_05") { $0.expectedFailure = ExpectedFailure(reason: "known gap", outcome: .failedAsExpected) }
        }, failures: [Expected(id: "report.case", fragment: "TC_SEC_05 expectedFailure: the report says"),
                      Expected(id: "report.summary", fragment: "verdict: the report says pass, the evidence gives fail")]),
        Tampering(name: "a simulator run passed off as MPass staging, in report and evidence", edit: { contents in
            contents.report.idp.kind = .staging
            var context = contents.context
            var idp = try #require(context["identityProvider"] as? [String: Any])
            idp["kind"] = "staging"
            context["identityProvider"] = idp
            contents.context = context
        }, failures: [Expected(id: "report.idp.pin", fragment: "not staging's pinned one")]),
        Tampering(name: "a field added to report.json by hand", edit: { contents in
            let encoded = try ReportJSON.encode(contents.report)
            var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
            object["approvedBy"] = "AGE"
            contents.replaced["report.json"] = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }, failures: [Expected(id: "report.derived", fragment: "is not in the form the harness writes", file: "report.json")]),
        Tampering(name: "a passing case listed twice in report.json", edit: { contents in
            contents.report.cases.append(contents.report.cases[0])
        }, failures: [Expected(id: "report.case", fragment: "TC_FUNCT_01: the report holds this case (verdict pass), but the evidence holds no such case")]),
    ]

    @Test("the bundle re-signed unchanged still verifies (the tamperings below are what fails)")
    func resignedUnchangedVerifies() throws {
        let bundle = try Self.resigned(try ReportVerifierTests.makeBundle(fixture: Self.fixture)) { _ in }
        let verification = try ReportVerifier.verify(bundle, expectSerial: ReportVerifierTests.signer.certificate.serialHex)
        #expect(verification.isValid, "\(verification.allChecks.filter(\.isFailure).map(\.line))")
        #expect(verification.replayed?.verdict == .fail)
        #expect(verification.scope?.plan == "chapter9")
    }

    @Test("a re-signed bundle that lies is refused, naming what changed", arguments: tamperings)
    func tampering(_ tampering: Tampering) throws {
        let bundle = try Self.resigned(try ReportVerifierTests.makeBundle(fixture: Self.fixture), tampering.edit)
        let verification = try ReportVerifier.verify(bundle, expectSerial: ReportVerifierTests.signer.certificate.serialHex)
        let failures = verification.allChecks.filter(\.isFailure)
        #expect(!verification.isValid)
        // Signed by the right key: the signature, signer and digests all pass.
        #expect(!failures.contains { $0.id.rawValue.hasPrefix("bundle.") }, "\(failures.map(\.line))")
        for expected in tampering.failures {
            #expect(failures.contains { $0.id.rawValue == expected.id && $0.result.detail.contains(expected.fragment)
                        && (expected.file == nil || $0.file == expected.file) },
                    "\(expected.id) \(expected.fragment) not among \(failures.map(\.line))")
        }
    }

    /// `replay --bundle` of a recording whose only login MPass never answered: no case at all.
    @Test func bundleWithNoCaseIsRefused() throws {
        let source = FixturePaths.recordings.appendingPathComponent("run-pass.har")
        var har = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var log = try #require(har["log"] as? [String: Any])
        let entries = try #require(log["entries"] as? [[String: Any]])
        let request = try #require(entries.firstIndex { entry in
            (try? JSONSerialization.data(withJSONObject: entry)).map { String(decoding: $0, as: UTF8.self).contains("SAMLRequest") } == true
        })
        log["entries"] = entries[...request].map { entry in var unlabelled = entry; unlabelled["_case"] = nil; return unlabelled }
        var context = try #require(log["_mpassHarness"] as? [String: Any])
        context["plan"] = "replay"
        log["_mpassHarness"] = context
        har["log"] = log
        let data = try JSONSerialization.data(withJSONObject: har, options: [.sortedKeys])
        let recording = try RecordingReader.read(data: data, source: "abandoned.har")
        let report = RunReport(tool: .init(version: ToolInfo.version), startedAt: Date(timeIntervalSince1970: 0),
                               finishedAt: Date(timeIntervalSince1970: 0),
                               target: .init(name: recording.har.log.harnessRun?.service.name ?? "", baseURL: "", issuer: nil),
                               idp: .init(kind: .simulator, baseURL: "", issuer: nil), plan: "replay", cases: [])
        let directory = FixturePaths.temporaryDirectory().appendingPathComponent("bundle")
        try ComplianceBundle.write(report: report, evidence: ["abandoned.har": data], identity: ReportVerifierTests.signer,
                                   createdAt: Date(), to: directory)
        let verification = try ReportVerifier.verify(directory, allowPartial: true)
        let failures = verification.allChecks.filter(\.isFailure)
        #expect(!verification.isValid)
        #expect(failures.contains { ($0.id == CheckID.reportCases && $0.result.detail.contains("no case at all")) || $0.id == CheckID.reportEvidence },
                "\(failures.map(\.line))")
    }
}
