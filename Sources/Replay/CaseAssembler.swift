import CaseCatalogue
import Evidence
import Foundation
import HarnessModel
import MPassSAML

/// Turns the judged flows of one recording into the report's cases.
///
/// A harness recording names the case of every exchange (`_case`): its flows are grouped by
/// that name and judged the way the run judged them (a clean start, prerequisite logins,
/// then the case's own flow), and the evidence must show the case's fault: a flow labelled
/// `TC_SEC_01` whose Response is signed gets `review`, whatever the run said. A browser
/// recording names nothing: each flow is the case its evidence shows, and flows of the same
/// case are merged (the worst verdict wins).
struct CaseAssembler {
    let observations: ServiceObservations
    let protectedKnown: Bool
    let source: String

    func cases(_ flows: [JudgedFlow]) -> [CaseResult] {
        let entries = observations.entries
        var labels: [String] = []
        var ranges: [String: (first: Int, last: Int)] = [:]
        for (index, entry) in entries.enumerated() {
            guard let label = entry.caseID else { continue }
            if let range = ranges[label] {
                ranges[label] = (range.first, index)
            } else {
                labels.append(label)
                ranges[label] = (index, index)
            }
        }
        guard !labels.isEmpty else {
            return merged(flows.filter { !Self.isAbandonedLogin($0) }.map { unlabelled($0, recording: flows) })
        }
        return labels.map { label in
            labelled(label, range: ranges[label]!,
                     flows: RestartedLogin.folded(flows.filter { $0.flow.caseLabel == label }, observations: observations),
                     recording: flows)
        }
    }

    // MARK: Harness recordings

    private func labelled(_ label: String, range: (first: Int, last: Int), flows allFlows: [JudgedFlow],
                          recording: [JudgedFlow]) -> CaseResult {
        let known = Chapter9.cases.first { $0.id == label }
        // A refusal's trailing control flows (the unfaulted twin the run tried right after)
        // are judged apart: they decide whether the refusal counts, not what it was.
        let expectation = Catalogue.entry(label)?.testCase.expectation
        let (flows, control) = expectation?.isRefusal == true ? ReplayControl.split(allFlows) : (allFlows, [])
        var steps: [CaseStep] = []
        let firstFlowEntry = flows.first?.firstEntry ?? range.last + 1
        if let baseline = observations.firstProbe(in: range.first..<firstFlowEntry) {
            steps.append(CaseStep(title: "check the protected resource without a login", outcome: baseline.served ? .fail : .pass,
                                  detail: baseline.description, exchangeIDs: [observations.exchangeID(baseline.entry)]))
            if baseline.served {
                return result(label, known: known, fault: nil, flows: flows, steps: steps, range: range, decision: .init(
                    verdict: .error, observed: "the protected resource is served without logging in",
                    reason: "the protected resource is served to a browser that never logged in, so no login result can be judged"))
            }
        }
        steps += flows.flatMap(\.steps)
        if let broken = observations.brokenExchange(in: range.first..<(range.last + 1)) {
            let entry = entries(broken)
            return result(label, known: known, fault: nil, flows: flows, steps: steps, range: range, decision: .init(
                verdict: .error, observed: "the flow broke off: \(entry.response.error ?? "no response")",
                reason: "\(label): \(entry.request.method) \(entry.request.url) got no answer (\(entry.response.error ?? "no response"))"))
        }
        let scenario = Catalogue.entry(label)?.testCase.scenario
        // The Service's AuthnRequest is judged whether or not any login completed (the run
        // starts logins and judges the last request, nothing more).
        if case .authnRequestChecks = scenario, let decision = messageChecks(scenario, flows: flows) {
            return result(label, known: known, fault: nil, flows: flows, steps: steps, range: range, decision: decision)
        }
        guard let main = flows.last else {
            return result(label, known: known, fault: nil, flows: flows, steps: steps, range: range, decision: .init(
                verdict: .fail, observed: "the login never reached MPass",
                reason: "the recording shows no SAML message for \(label): the Service never sent an AuthnRequest to MPass"))
        }
        // A login before the case's own flow, or a login the case ended on when its own flow
        // is a logout (the run stopped there): the prerequisite failed, as the run reported.
        let endsOnFailedPrerequisite = main.flow.kind == .login && main.probe?.served == false
            && expectation.map { [.loggedOut, .sessionKept, .logoutNotConfirmed].contains($0) } == true
        let prerequisites = flows.dropLast() + (endsOnFailedPrerequisite ? [main] : [])
        for prerequisite in prerequisites where prerequisite.flow.kind == .login && prerequisite.probe?.served != true {
            var decision = prerequisite.settled ?? .init(
                verdict: .fail, observed: "the login itself failed",
                reason: "the prerequisite login did not open a session (\(prerequisite.probe?.description ?? "the protected resource was not asked for")); fix TC_FUNCT_01 first")
            if expectation?.isRefusal == true && decision.verdict != .error {
                decision = .init(verdict: .notJudged, observed: "not judged: \(decision.observed)",
                                 reason: "the fault was never tried, because the unfaulted steps before it failed: \(decision.reason)")
            }
            return result(label, known: known, fault: prerequisite.classification?.fault, flows: flows, steps: steps, range: range,
                          decision: decision)
        }
        // MPass refused the AuthnRequest of the case's own login: its fault was never tried.
        if expectation?.isRefusal == true, main.flow.kind == .login, let refused = main.settled, refused.verdict == .fail {
            return result(label, known: known, fault: nil, flows: flows, steps: steps, range: range, decision: .init(
                verdict: .notJudged, observed: "not judged: \(refused.observed)",
                reason: "the fault was never tried, because the unfaulted steps before it failed: \(refused.reason)"))
        }
        // The clean logout a LogoutResponse case compares with: MPass refused the Service's
        // own LogoutRequest, so the faulty answer was never tried (as the run reports).
        if case .serviceLogoutAnswered = scenario, let clean = flows.first(where: { $0.flow.kind == .serviceLogout }),
           let refused = clean.settled, refused.verdict == .fail {
            return result(label, known: known, fault: nil, flows: flows, steps: steps, range: range, decision: .init(
                verdict: .notJudged, observed: "not judged: MPass refused the Service's LogoutRequest",
                reason: "the fault was never tried, because the unfaulted steps before it failed: \(refused.reason); fix TC_FUNCT_04 first"))
        }
        if let decision = messageChecks(scenario, flows: flows) {
            return result(label, known: known, fault: nil, flows: allFlows, steps: steps + control.flatMap(\.steps), range: range,
                          decision: decision)
        }
        guard let shown = main.classification else {
            return result(label, known: known, fault: nil, flows: flows, steps: steps, range: range,
                          decision: main.settled ?? .init(verdict: .error, observed: "unknown", reason: "the flow could not be judged"))
        }
        var judgedAs = shown
        if known != nil && shown.caseID != label {
            if label == "TC_FUNCT_02" && shown.caseID == "TC_FUNCT_01" {
                // Single sign-on judged as such: MPass's login page shown where none should be.
                judgedAs = FlowClassification(caseID: label, expectation: .accepted, fault: shown.fault)
            } else if main.settled == nil {
                return result(label, known: known, fault: shown.fault, flows: flows, steps: steps, range: range, decision: .init(
                    verdict: .review, observed: "the evidence shows \(shown.caseID) (\(shown.fault))",
                    reason: "the recording files this flow under \(label), but its messages show \(shown.caseID): \(shown.fault)"))
            }
        }
        var decision = main.decide(as: judgedAs, protectedKnown: protectedKnown)
        if let expectation {
            decision = ReplayControl.checked(decision, expectation: expectation, control: control, recording: recording,
                                             exchangeID: observations.exchangeID)
        }
        steps += control.flatMap(\.steps)
        return result(label, known: known, fault: judgedAs.fault, flows: allFlows, steps: steps, range: range, decision: decision)
    }

    /// A message-check case (the Service's AuthnRequest, LogoutRequest or LogoutResponse held
    /// to named MPass checks), judged as the run judges it: the case's last such message, by
    /// those checks only (over HTTP-Redirect, the query signature's; the replay checks IDs
    /// against those seen earlier in the recording, as MPass does). nil when the case is no
    /// such case or its evidence holds no such message.
    private func messageChecks(_ scenario: ConformanceCase.Scenario?, flows: [JudgedFlow]) -> JudgedFlow.Decision? {
        let (ids, kind): ([CheckID], SAMLMessage.Kind)
        switch scenario {
        case .authnRequestChecks(let named, _)?: (ids, kind) = (named, .authnRequest)
        case .logoutRequestChecks(let named)?: (ids, kind) = (named, .logoutRequest)
        case .singleLogoutAnswerChecks(let named)?: (ids, kind) = (named, .logoutResponse)
        default: return nil
        }
        guard let message = flows.flatMap(\.messages).last(where: { $0.direction == .serviceToIdP && $0.kind == kind.rawValue })
        else { return nil }
        let what = "the Service's \(kind.rawValue)"
        let wanted = MessageCheckIDs.forBinding(ids, binding: message.binding.rawValue)
        let named = message.checks.checks.filter { wanted.contains($0.id) }
        let failed = named.filter(\.isFailure)
        let missing = wanted.filter { id in !named.contains { $0.id == id } }
        if !failed.isEmpty {
            return .init(verdict: .fail, observed: "failed " + failed.map(\.id.rawValue).joined(separator: ", "),
                         reason: "\(what) fails MPass's checks: " + failed.map(\.line).joined(separator: "; "))
        }
        if !missing.isEmpty {
            return .init(verdict: .error, observed: "not checked: " + missing.map(\.rawValue).joined(separator: ", "),
                         reason: "internal: MPass made no check named \(missing.map(\.rawValue).joined(separator: ", ")) on \(what)")
        }
        return .init(verdict: .pass, observed: "passed " + wanted.map(\.rawValue).joined(separator: ", "),
                     reason: "\(what) passes: " + named.map(\.line).joined(separator: "; "))
    }

    // MARK: Browser recordings

    /// A browser recording often ends at MPass's login page (the person checked that the
    /// protected page asks for a login again, or gave up there): a login that MPass never
    /// answered, whose AuthnRequest MPass would accept, shows nothing to judge. It is left
    /// out of the cases and named in the notes (`abandonedLogins`). A harness recording has
    /// no such login: there it stays an error.
    static func isAbandonedLogin(_ flow: JudgedFlow) -> Bool {
        flow.flow.kind == .login && flow.flow.request != nil && flow.flow.answer == nil && flow.settled?.verdict == .error
    }

    /// The notes for the logins `cases` left out of a browser recording.
    func abandonedLogins(_ flows: [JudgedFlow]) -> [String] {
        guard !observations.entries.contains(where: { $0.caseID != nil }) else { return [] }
        return flows.filter(Self.isAbandonedLogin).map { flow in
            let entry = observations.entries[flow.firstEntry]
            return "\(source): the login at exchange \(observations.exchangeID(flow.firstEntry)) (\(entry.request.method) \(entry.request.url.prefix(80))) has no answer from MPass in the recording; not judged"
        }
    }

    private func unlabelled(_ flow: JudgedFlow, recording: [JudgedFlow]) -> CaseResult {
        let id = flow.classification?.caseID ?? {
            switch flow.flow.kind {
            case .login: "TC_FUNCT_01"
            case .serviceLogout: "TC_FUNCT_04"
            case .mpassLogout: "TC_FUNCT_05"
            }
        }()
        var decision = flow.classification.map { flow.decide(as: $0, protectedKnown: protectedKnown) }
            ?? flow.settled ?? .init(verdict: .error, observed: "unknown", reason: "the flow could not be judged")
        if let expectation = flow.classification?.expectation {
            // A browser recording has no per-case control: the recording's clean login is it.
            decision = ReplayControl.checked(decision, expectation: expectation, control: [], recording: recording,
                                             exchangeID: observations.exchangeID)
        }
        return result(id, known: Chapter9.cases.first { $0.id == id }, fault: flow.classification?.fault, flows: [flow],
                      steps: flow.steps, range: (flow.firstEntry, flow.lastEntry), decision: decision)
    }

    /// Cases of the same id become one, in order of first appearance; the worst verdict wins.
    private func merged(_ results: [CaseResult]) -> [CaseResult] {
        var order: [String] = []
        var byID: [String: CaseResult] = [:]
        for result in results {
            guard var existing = byID[result.id] else {
                order.append(result.id)
                byID[result.id] = result
                continue
            }
            if Self.rank(result.verdict) > Self.rank(existing.verdict) {
                (existing.verdict, existing.observed, existing.reason) = (result.verdict, result.observed, result.reason)
            }
            existing.steps += result.steps
            existing.messages += result.messages
            existing.durationMs += result.durationMs
            byID[result.id] = existing
        }
        return order.map { byID[$0]! }
    }

    static func rank(_ verdict: CaseVerdict) -> Int {
        switch verdict {
        case .pass: 0
        case .review: 1
        case .error: 2
        case .notJudged: 3
        case .fail: 4
        }
    }

    // MARK: Results

    private func entries(_ index: Int) -> HAR.Entry { observations.entries[index] }

    private func result(_ id: String, known: ConformanceCase?, fault: String?, flows: [JudgedFlow], steps: [CaseStep],
                        range: (first: Int, last: Int), decision: JudgedFlow.Decision) -> CaseResult {
        // What the case is (title, reference, kind, severity, expectation) comes from the
        // catalogue by id, as in a run, whatever the recording calls it.
        let listed = known ?? Catalogue.entry(id)?.testCase
        return CaseResult(
            id: id, title: listed?.title ?? "Beyond the guide: \(fault ?? id)",
            reference: listed?.reference ?? "replayed evidence (\(source))",
            kind: listed?.kind ?? .extended, severity: listed?.severity ?? .recommended,
            expected: (listed?.expectation ?? flows.last?.classification?.expectation ?? .rejected).rawValue,
            observed: decision.observed, verdict: decision.verdict, reason: decision.reason,
            durationMs: durationMs(range), steps: steps, messages: flows.flatMap(\.messages))
    }

    /// From the first exchange's start to the last one's: the recording's clock, not ours.
    private func durationMs(_ range: (first: Int, last: Int)) -> Int {
        let entries = observations.entries
        guard entries.indices.contains(range.first), entries.indices.contains(range.last),
              let start = entries[range.first].startedAt, let end = entries[range.last].startedAt else { return 0 }
        let last = max(0, entries[range.last].time)
        return max(0, Int((end.timeIntervalSince(start) * 1000 + last).rounded()))
    }
}
