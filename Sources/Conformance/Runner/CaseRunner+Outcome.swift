import CaseCatalogue
import Foundation
import HarnessModel

/// What a case comes to, and how a case ends before its scenario is done.
///
/// Every scenario returns an `Outcome`. Where a step finds that the case cannot go on (the
/// login never reached MPass, MPass refused the AuthnRequest, the harness could not build
/// MPass's answer), it throws a `Stop` carrying the outcome known so far up to `run`, the
/// one place that catches it. So returning is the normal path and throwing only cuts it short.
extension CaseRunner {
    /// A case's verdict, what was observed and why.
    struct Outcome {
        let verdict: CaseVerdict
        let observed: String
        let reason: String
        /// For a refusal (`pass` because the Service said no): the unfaulted attempt that must
        /// succeed right after, in the same browser, for the refusal to count.
        var control: PositiveControl? = nil
    }

    /// Thrown by a step after which the case cannot go on; caught only by `run`.
    struct Stop: Error {
        /// The case's outcome, already known when it stops.
        let outcome: Outcome
        /// The case stopped before its fault was tried (the prerequisite login or logout
        /// failed). For a case whose expected outcome is a refusal that is "not judged".
        let beforeFault: Bool

        init(verdict: CaseVerdict, observed: String, reason: String, beforeFault: Bool = false) {
            outcome = Outcome(verdict: verdict, observed: observed, reason: reason)
            self.beforeFault = beforeFault
        }

        /// The outcome `testCase` gets from this stop: a refusal whose fault was never tried
        /// is not judged (its unfaulted steps failed first), whatever they failed with.
        func judged(for testCase: ConformanceCase) -> Outcome {
            guard beforeFault, testCase.expectation.isRefusal, outcome.verdict != .error else { return outcome }
            return Outcome(verdict: .notJudged, observed: "not judged: \(outcome.observed)",
                           reason: "the fault was never tried, because the unfaulted steps before it failed: \(outcome.reason). A refusal cannot be judged until the Service accepts the valid exchange")
        }
    }

    /// The unfaulted twin of a faulty attempt.
    enum PositiveControl {
        /// A login answered by MPass's valid Response must open a session.
        case login
        /// A valid LogoutRequest from MPass must end the session.
        case singleLogout
    }
}
