import CaseCatalogue
import Foundation
import MPassSimulator
import Testing

/// A fault the harness cannot make must never pass as the Service's refusal (issue 12: "a
/// catalogue fault can silently not apply"). When the simulator cannot build its faulted
/// Response, no Response reaches the Service, which then keeps no session: without this rule
/// that reads exactly like a refusal, a PASS the Service never earned.
@Suite(.serialized, .timeLimit(.minutes(10))) struct FaultNotAppliedTests {
    struct CannotApply: Error, CustomStringConvertible {
        var description: String { "the fault could not be applied: the test key could not be made" }
    }

    @Test func aFaultThatCannotBeAppliedEndsInErrorNamingWhy() async throws {
        var switches = ResponseSwitches()
        switches.mutateSignedDocument = { _ in throw CannotApply() }
        let testCase = ConformanceCase(id: "TEST-FAULT-01", title: "a fault the harness cannot make", reference: "issue 12",
                                       kind: .extended, severity: .required, expectation: .rejected,
                                       fault: "signed by a key that could not be made", scenario: .login(switches))
        let results = try await VerdictTrustTests.run(cases: [testCase])
        let result = try VerdictTrustTests.result("TEST-FAULT-01", in: results)
        #expect(result.verdict == .error, "\(result.verdict): \(result.reason)")
        #expect(result.reason.contains("the Service was not tested"))
        #expect(result.reason.contains("the test key could not be made"))
        #expect(result.steps.contains { $0.title == "MPass answers" && $0.outcome == .fail })
    }
}
