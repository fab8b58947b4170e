import CaseCatalogue
import HarnessModel
import Testing
import Vocabulary

@Suite struct TestPlanTests {
    @Test func builtInPlans() throws {
        #expect(try TestPlan.resolve("chapter9").cases.count == 12)
        #expect(try TestPlan.resolve("full").cases.count == Catalogue.entries.count)
    }

    @Test func yamlWithIncludeExpectedFailuresAndSkip() throws {
        let plan = try TestPlan.parse("""
            plan: ci
            include: chapter9
            cases:
              - MPX-RSP-01
              - id: MPX-SIG-08
                expected_failure: known gap
            skip: [TC_FUNCT_02]
            """, name: "file")
        #expect(plan.name == "ci")
        #expect(plan.cases.count == 13)
        #expect(!plan.cases.contains { $0.id == "TC_FUNCT_02" })
        #expect(plan.expectedFailures == ["MPX-SIG-08": "known gap"])
    }

    @Test func plainListWithCommentsAndIncludes() throws {
        let plan = try TestPlan.parse("# mine\nchapter9\nMPX-XML-01   # XXE\nMPX-RPL-01 expected-failure: replay cache lost on restart\n", name: "list")
        #expect(plan.name == "list")
        #expect(plan.cases.map(\.id).suffix(2) == ["MPX-XML-01", "MPX-RPL-01"])
        #expect(plan.expectedFailures["MPX-RPL-01"] == "replay cache lost on restart")
    }

    @Test(arguments: [
        ("MPX-RSP-999\n", "unknown case id MPX-RSP-999", HarnessError.Code.planUnknownCase),
        ("TC_SEC_01 maybe\n", "only `expected-failure: reason` may follow", .planMalformed),
        ("plan: x\ncases: TC_SEC_01\n", "cases must be a list", .planMalformed),
        ("include: nightly\n", "include must be one of chapter9, full", .planMalformed),
        ("# nothing\n", "lists no case id", .planMalformed),
    ])
    func refusals(text: String, message: String, code: HarnessError.Code) {
        #expect(throws: HarnessError(code, "")) { try TestPlan.parse(text, name: "p") }
        do throws(HarnessError) {
            _ = try TestPlan.parse(text, name: "p")
        } catch {
            #expect(error.reason.contains(message), "\(error.reason)")
        }
    }

    @Test func aPlanThatIsNeitherBuiltInNorAFileIsRefusedWithItsCode() {
        #expect(throws: HarnessError(.planNotFound, "")) { try TestPlan.resolve("/nonexistent/nightly.yaml") }
    }

    @Test func expectationsMarkResults() throws {
        let plan = TestPlan(name: "p", cases: [], expectedFailures: ["A": "gap", "B": "gap"])
        func result(_ id: String, _ verdict: CaseVerdict) -> CaseResult {
            CaseResult(id: id, title: id, reference: "r", kind: .extended, severity: .required, expected: "rejected",
                       observed: "", verdict: verdict, reason: "", durationMs: 0)
        }
        let marked = plan.applyExpectations(to: [result("A", .fail), result("B", .pass), result("C", .fail)])
        #expect(marked[0].expectedFailure?.outcome == .failedAsExpected)
        #expect(marked[1].expectedFailure?.outcome == .passedUnexpectedly)
        #expect(marked[2].expectedFailure == nil)
        #expect(RunVerdict(cases: Array(marked.prefix(2))) == .pass)
        #expect(RunVerdict(cases: marked) == .fail)
    }
}
