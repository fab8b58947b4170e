import CaseCatalogue
import Foundation

/// The positive control of a refusal, read from a recording.
///
/// A run of the harness records, right after every refused faulty message, the unfaulted
/// twin in the same browser: a clean login (or a clean login and MPass's valid logout). The
/// replay finds those trailing flows in the case and judges the refusal only if the twin
/// succeeded. A recording without them (a person's browser export, or a harness recording
/// made before controls existed) falls back to the recording's own clean login: the same
/// Service, the same session of testing. Without either, a refusal is "not judged".
enum ReplayControl {
    /// A login MPass answered with a valid Response (`TC_FUNCT_01`/`02` by its evidence).
    static func isCleanLogin(_ flow: JudgedFlow) -> Bool {
        flow.flow.kind == .login && flow.classification?.expectation == .accepted
    }

    /// MPass's valid LogoutRequest to the Service (`TC_FUNCT_05` by its evidence).
    static func isCleanSingleLogout(_ flow: JudgedFlow) -> Bool {
        flow.flow.kind == .mpassLogout && flow.classification?.expectation == .loggedOut
    }

    /// A login that ended at MPass refusing the Service's AuthnRequest.
    static func isRefusedLogin(_ flow: JudgedFlow) -> Bool {
        flow.flow.kind == .login && flow.classification == nil && flow.settled?.verdict == .fail
    }

    /// Splits a refusal case's flows into the faulty attempt (and what led to it) and the
    /// trailing control flows the harness recorded after it.
    static func split(_ flows: [JudgedFlow]) -> (attempt: [JudgedFlow], control: [JudgedFlow]) {
        if flows.count >= 3, isCleanSingleLogout(flows[flows.count - 1]), isCleanLogin(flows[flows.count - 2]) {
            return (Array(flows.dropLast(2)), Array(flows.suffix(2)))
        }
        // A trailing login whose AuthnRequest MPass refused is the control, failed: the run
        // tried it right after the faulty attempt and stopped there.
        if flows.count >= 2, let last = flows.last, isCleanLogin(last) || isRefusedLogin(last) {
            return (Array(flows.dropLast()), [last])
        }
        return (flows, [])
    }

    /// A passed refusal, kept only when its control held.
    ///
    /// - Parameters:
    ///   - control: the case's own trailing control flows (empty when it has none).
    ///   - recording: every flow of the recording, for the fallback.
    static func checked(_ decision: JudgedFlow.Decision, expectation: ConformanceCase.Expectation,
                        control: [JudgedFlow], recording: [JudgedFlow], exchangeID: (Int) -> Int) -> JudgedFlow.Decision {
        guard decision.verdict == .pass, expectation.isRefusal else { return decision }
        if let logout = control.last, isCleanSingleLogout(logout) {
            guard let probe = logout.probe, !probe.served else {
                return notJudged(decision, "MPass's valid LogoutRequest recorded right after did not end the session (\(logout.probe?.description ?? "the protected resource was not asked for"))")
            }
            return keep(decision, "MPass's valid LogoutRequest recorded right after ended the session (exchange \(exchangeID(logout.firstEntry)))")
        }
        if let login = control.last {
            guard let probe = login.probe, probe.served else {
                return notJudged(decision, "the clean login recorded right after did not open a session (\(login.settled?.reason ?? login.probe?.description ?? "the protected resource was not asked for"))")
            }
            return keep(decision, "the clean login recorded right after opened a session (exchange \(exchangeID(login.firstEntry)))")
        }
        let accepted = recording.first { flow in
            expectation == .sessionKept ? isCleanSingleLogout(flow) && flow.probe?.served == false
                : isCleanLogin(flow) && flow.probe?.served == true
        }
        guard let accepted else {
            return notJudged(decision, expectation == .sessionKept
                ? "the recording shows no valid LogoutRequest from MPass that ended a session"
                : "the recording shows no clean login that opened a session; record one (TC_FUNCT_01) in the same session of testing")
        }
        return keep(decision, "the recording's clean \(expectation == .sessionKept ? "single logout" : "login") at exchange \(exchangeID(accepted.firstEntry)) succeeded (same recording, not right after this case)")
    }

    private static func keep(_ decision: JudgedFlow.Decision, _ note: String) -> JudgedFlow.Decision {
        .init(verdict: .pass, observed: decision.observed, reason: "\(decision.reason); positive control: \(note)")
    }

    private static func notJudged(_ decision: JudgedFlow.Decision, _ reason: String) -> JudgedFlow.Decision {
        .init(verdict: .notJudged, observed: "\(decision.observed); positive control failed",
              reason: "the Service refused the faulty message, but the positive control failed: \(reason). A refusal proves nothing while the valid message is refused too")
    }
}
