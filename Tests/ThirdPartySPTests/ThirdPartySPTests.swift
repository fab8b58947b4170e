import Foundation
import HeadlessChromium
import TestSupport
import Testing

/// The harness judged against real SAML Service Providers that nobody here wrote: each SP of
/// `Tests/ThirdPartySPs/` (python3-saml strict and lax, pysaml2, mod_auth_mellon), installed
/// from Debian packages, started on a free loopback port and configured to trust the
/// simulator; `mpass-harness run` with the chapter-9 plan and the full plan; every case's
/// verdict compared with the SP's hand-written table (`ExpectationTable`), whose every line
/// says which part of the library makes it so. Lines marked with a finding number are the
/// documented truth where the harness is known to judge wrongly today
/// (/work/notes/thirdparty-findings.md): a mismatch there is a known issue, and the line
/// passes once the harness gives the documented verdict.
@Suite(.serialized, .timeLimit(.minutes(60))) struct ThirdPartySPTests {
    static let plans = ["chapter9", "full"]

    @Test(arguments: ThirdPartySP.all)
    func everyVerdictAgreesWithTheLibrarysDocumentedBehaviour(sp: ThirdPartySP) async throws {
        let missing = sp.packages.filter { !ThirdPartySP.isInstalled($0) }
        guard missing.isEmpty else {
            Issue.record("\(sp.name) needs Debian packages that are not installed: \(missing.joined(separator: " ")). Install them with `sudo apt-get install -y \(missing.joined(separator: " "))` (scripts/test does).")
            return
        }
        let table = try ExpectationTable(parsing: sp.table)
        let workspace = try Workspace.make(for: sp)
        let service = try await sp.start(in: workspace)
        defer { service.stop() }
        for plan in Self.plans {
            let out = workspace.directory.appendingPathComponent("report-\(plan)")
            let run = try await Harness.runOffPool(["run", "--target", workspace.target.path, "--plan", plan,
                                       "--identity-dir", workspace.simulatorIdentity.path, "--out", out.path])
            #expect(run.status == 0 || run.status == 1, "\(sp.name), plan \(plan): the run itself failed (exit \(run.status)): \(run.stderr)")
            let verdicts = try ReportVerdicts(reading: out.appendingPathComponent("report.json"))
            if plan == "chapter9" {
                #expect(Set(verdicts.ids) == Set(table.ids.filter { $0.hasPrefix("TC_") }) && verdicts.ids.count == 12,
                        "\(sp.name): chapter 9 runs the guide's 12 cases, got \(verdicts.ids)")
            } else {
                // Every case the plan ran must have its line (a new catalogue case needs one written
                // from the library's behaviour); lines for cases this build's catalogue lacks wait.
                #expect(Set(verdicts.ids).isSubset(of: table.ids),
                        "\(sp.name): write a table line for every case of the full plan; missing \(Set(verdicts.ids).subtracting(table.ids).sorted())")
            }
            for id in verdicts.ids {
                guard let expected = table.expectations[id], let got = verdicts.cases[id] else { continue }
                let message = Comment(rawValue: "\(sp.name) [\(plan)] \(id): expected \(expected.verdict.rawValue) (\(expected.why)), the harness said \(got.verdict): \(got.reason)")
                if let finding = expected.finding {
                    // A line marked with a harness finding: while the harness still says otherwise
                    // it is a known issue; the day it gives the documented verdict the mark must go.
                    if got.normalised == expected.verdict.rawValue {
                        Issue.record("FIXED-FINDING \(sp.name) [\(plan)] \(id) #\(finding): the harness now gives the documented \(expected.verdict.rawValue); drop the mark from the table line")
                    } else {
                        withKnownIssue("harness finding \(finding) (thirdparty-findings.md)") {
                            Issue.record(message)
                        }
                    }
                } else {
                    #expect(got.normalised == expected.verdict.rawValue, message)
                }
            }
        }
    }
}

/// The verdicts of one report.json, in the report's order.
struct ReportVerdicts {
    struct Case { let verdict: String; let reason: String
        /// "not judged" however the report spells it (`not-judged`, `notJudged`, …).
        var normalised: String { verdict.lowercased().filter(\.isLetter) == "notjudged" ? "notJudged" : verdict.lowercased() }
    }
    var ids: [String] = []
    var cases: [String: Case] = [:]

    init(reading url: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        for item in object?["cases"] as? [[String: Any]] ?? [] {
            guard let id = item["id"] as? String else { continue }
            ids.append(id)
            cases[id] = Case(verdict: item["verdict"] as? String ?? "?", reason: item["reason"] as? String ?? "")
        }
    }
}

/// Runs the built `mpass-harness`, as a user does.
enum Harness {
    static var binary: URL { harnessBinary }

    /// `run` awaited off the cooperative pool: a full plan takes a while, and a blocking wait on
    /// the pool (two threads on a 2-core machine) would starve every other suite's async tests
    /// until their timeouts fire.
    static func runOffPool(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try await ChildProcess.runOffPool(binary, arguments, timeout: 1800)
        return (result.status, result.stdout, result.stderr)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try ChildProcess.run(binary, arguments)
        return (result.status, result.stdout, result.stderr)
    }
}
