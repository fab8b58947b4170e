import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML

/// A case whose verdict `report verify` cannot re-derive from the evidence, and what the
/// evidence can still show about it.
///
/// The replay judges what a recording holds: the messages and what the Service did after
/// them. Some catalogue cases are judged by a live run from what a recording does not hold
/// (a connection to the run's external-entity listener, the expectations the replay leaves
/// "not judged from a recording", messages the safe parser refuses to read). For those the
/// replay's verdict is not definite (review, error, not judged), and the run's verdict is
/// attested by the signer only. It is not taken blindly either: the case's exchanges must be
/// in the evidence, and a claimed PASS must not contradict what they show (the protected
/// resource served after a refused message, a positive control that failed).
enum AttestedVerdict {
    /// The replay decided this case, so its verdict is compared exactly: a chapter-9 case
    /// always (AGE certifies on them, and the replay judges each by its expectation); another
    /// when both sides agree (but a refusal's PASS read from a flow the replay took for a clean
    /// one: that is checked as attested), or when the replay's verdict is pass or fail and it judged the
    /// case's faulty flow as what the case is about (the flow's evidence shows the case's
    /// expectation, or its verdict was settled whatever the case: a refused AuthnRequest).
    /// A recording that files no exchange under the case (a browser's) is always compared.
    ///
    /// A case of a kind the replay never judges (`neverRederivable`) is attested, whatever both
    /// sides say. A message-check case is judged by the named checks of the Service's message
    /// the evidence holds, as the run judges it. A settled flow is the case's own only when it
    /// is a login (MPass refused the AuthnRequest: no case past it can be tried); a refused
    /// Service LogoutRequest settles its logout, not a case about something else. MPass's
    /// faulty LogoutRequest, judged as refused, is what a session-kept case is about.
    static func isRederivable(id: String, claimed: String, replayed: CaseVerdict, occurrence: Int,
                              in recordings: [ReplayEngine.JudgedRecording]) -> Bool {
        if Chapter9.cases.contains(where: { $0.id == id }) { return true }
        if neverRederivable(id) != nil { return false }
        guard let testCase = Catalogue.entry(id)?.testCase,
              recordings.contains(where: { $0.flows.contains { $0.flow.caseLabel != nil } }) else { return true }
        let expectation = testCase.expectation
        let judgedAsItself: Bool = {
            guard let (_, flows) = caseFlows(id, occurrence: occurrence, in: recordings) else { return false }
            if let kind = checkedMessageKind(testCase.scenario) {
                return flows.flatMap(\.messages).contains { $0.direction == .serviceToIdP && $0.kind == kind.rawValue }
            }
            let attempt = expectation.isRefusal ? ReplayControl.split(flows).attempt : flows
            guard let main = attempt.last else { return false }
            if main.settled != nil && main.flow.kind == .login { return true }
            guard let shown = main.classification?.expectation else { return false }
            return shown == expectation || (expectation == .sessionKept && main.flow.kind == .mpassLogout && shown == .rejected)
        }()
        // Agreeing is not enough where the replay judged another thing than the case: a
        // refusal it read as a clean login "passes" for the wrong reason.
        if replayed.rawValue == claimed { return judgedAsItself || !(expectation.isRefusal && replayed == .pass) }
        return [.pass, .fail].contains(replayed) && judgedAsItself
    }

    /// Why no recording lets the replay re-derive the case's verdict; nil when one may.
    static func neverRederivable(_ id: String) -> String? {
        switch Catalogue.entry(id)?.testCase.scenario {
        case .observe?: "judged from HTTP headers, cookies and the deployment's scheme, which the replay does not judge"
        case .externalEntity?: "judged by a connection to the run's external-entity listener, which no recording holds"
        default: nil
        }
    }

    /// The Service's message a message-check case judges by named checks (nil for another case).
    static func checkedMessageKind(_ scenario: ConformanceCase.Scenario?) -> SAMLMessage.Kind? {
        switch scenario {
        case .authnRequestChecks?: .authnRequest
        case .logoutRequestChecks?: .logoutRequest
        case .singleLogoutAnswerChecks?: .logoutResponse
        default: nil
        }
    }

    /// The recording whose exchanges are filed under the case's `occurrence`-th appearance,
    /// with the case's flows there (none for a case that only looks at pages), a login the
    /// Service restarted folded into the attempt it answered, as the case's verdict sees them.
    static func caseFlows(_ id: String, occurrence: Int, in recordings: [ReplayEngine.JudgedRecording])
        -> (ReplayEngine.JudgedRecording, [JudgedFlow])? {
        let holding = recordings.compactMap { recording -> (ReplayEngine.JudgedRecording, [JudgedFlow])? in
            guard recording.observations?.entries.contains(where: { $0.caseID == id }) == true else { return nil }
            let flows = recording.flows.filter { $0.flow.caseLabel == id }
            return (recording, recording.observations.map { RestartedLogin.folded(flows, observations: $0) } ?? flows)
        }
        return holding.indices.contains(occurrence) ? holding[occurrence] : nil
    }

    /// Where the claimed verdict contradicts the evidence: nil when nothing does.
    ///
    /// - Parameters:
    ///   - occurrence: which appearance of the id this is (a replay of several runs repeats ids).
    static func contradiction(id: String, claimed: String, occurrence: Int,
                              in recordings: [ReplayEngine.JudgedRecording]) -> String? {
        guard let (recording, flows) = caseFlows(id, occurrence: occurrence, in: recordings) else {
            return "no exchange of the evidence is filed under this case: nothing backs its verdict"
        }
        guard claimed == CaseVerdict.pass.rawValue, let expectation = Catalogue.entry(id)?.testCase.expectation else { return nil }
        let exchange = { (index: Int) in recording.observations?.exchangeID(index) ?? index }
        let (attempt, control) = expectation.isRefusal ? ReplayControl.split(flows) : (flows, [])
        // The faulty flow is the attempt's last one. A lone clean flow is not: the evidence
        // holds no faulty message the replay could see (the parser refused it), and that
        // flow's probe says nothing about the refusal.
        // A clean-looking last flow after a prerequisite is the faulty one the replay could not
        // tell from a clean one (a reused ID).
        let faulty = attempt.last.flatMap { last in
            attempt.count >= 2 || !(ReplayControl.isCleanLogin(last) || ReplayControl.isCleanSingleLogout(last)) ? last : nil
        }
        if let main = expectation.isRefusal ? faulty : attempt.last, let probe = main.probe {
            let seen = "\(probe.description), exchange \(exchange(probe.entry))"
            let login = main.flow.kind == .login
            if [.rejected, .rejectedWithoutError].contains(expectation) && login && probe.served {
                return "the report says pass for a refusal, but the evidence shows a session opened after its faulty flow (\(seen))"
            }
            if expectation == .sessionKept && main.flow.kind == .mpassLogout && !probe.served {
                return "the report says pass (session kept), but the evidence shows the session ended after the faulty LogoutRequest (\(seen))"
            }
            if [.accepted, .acceptedWithWholeNameID].contains(expectation) && login && !probe.served {
                return "the report says pass, but the evidence shows no session after the login (\(seen))"
            }
            if expectation == .loggedOut && probe.served {
                return "the report says pass, but the evidence shows the session still open after the logout (\(seen))"
            }
        }
        // A second login answered with what the first used up is a login flow of its own, which
        // the replay cannot tell from a clean one: refused, it opened no session; every login of
        // the case opening one shows that none was refused.
        let logins = flows.filter { $0.flow.kind == .login }
        if case .secondLoginReusing = Catalogue.entry(id)?.testCase.scenario, let last = logins.last,
           logins.allSatisfy({ $0.probe?.served == true }), let probe = last.probe {
            return "the report says pass for a refusal, but every login of the case opened a session, the last at exchange \(exchange(probe.entry)) (\(probe.description)): nothing was refused"
        }
        if expectation.isRefusal {
            let passed = JudgedFlow.Decision(verdict: .pass, observed: "", reason: "")
            let checked = ReplayControl.checked(passed, expectation: expectation, control: control, recording: recording.flows,
                                                exchangeID: exchange)
            if checked.verdict == .notJudged {
                return "the report says pass, but by the evidence \(checked.reason)"
            }
        }
        return nil
    }
}
