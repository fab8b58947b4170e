import Evidence
import Foundation
import HarnessModel
import MPassSAML

/// A flow with everything the evidence shows about it: its messages' checks, what it is
/// (its classification), and what the Service did afterwards.
struct JudgedFlow: Sendable {
    var flow: RecordedFlow
    /// nil when the flow stopped before MPass's part (a refused AuthnRequest, no answer).
    var classification: FlowClassification?
    /// Set when the flow already has its verdict whatever case it is judged as.
    var settled: Decision?
    var steps: [CaseStep]
    var messages: [MessageEvidence]
    var probe: ServiceObservations.Probe?
    var errorShown: String?
    /// Error wording on a status-200 page the person ends on (REVIEW where the guide says no error).
    var suspectedError: String?
    /// The status of the Service's answer to the message MPass delivered (ACS, SLO URL).
    var deliveryStatus: Int?
    /// The last entry of the redirect chain the Service answered that message with.
    var answerEnd: Int?
    var loginStepShown: Bool
    var firstEntry: Int
    var lastEntry: Int

    struct Decision: Sendable {
        var verdict: CaseVerdict
        var observed: String
        var reason: String
    }

    /// The verdict when the flow is judged as `classification` (usually its own).
    func decide(as classification: FlowClassification, protectedKnown: Bool) -> Decision {
        if let settled { return settled }
        guard protectedKnown else {
            return Decision(verdict: .review, observed: "unknown: the protected resource is not known",
                            reason: "the replay cannot tell whether the Service opened a session: give --target with logged_in.url (and its marker)")
        }
        guard let probe else {
            return Decision(verdict: .review, observed: "unknown: the recording never asks for the protected resource afterwards",
                            reason: "the recording does not show the protected resource after this flow; record a visit to it, so the replay can tell whether a session is open")
        }
        switch classification.expectation {
        case .accepted:
            let observed = probe.served ? "accepted: \(probe.description)" : "rejected: \(probe.description)"
            if classification.caseID == "TC_FUNCT_02" && loginStepShown {
                return Decision(verdict: .fail, observed: observed,
                                reason: "MPass showed its login page although the user had an MPass session; check that the AuthnRequest does not set ForceAuthn")
            }
            if !probe.served {
                return Decision(verdict: .fail, observed: observed,
                                reason: "a valid signed Response from MPass did not open a session (\(probe.description))\(errorShown.map { ", with the error \($0)" } ?? "")")
            }
            if let errorShown {
                return Decision(verdict: .fail, observed: observed, reason: "the login worked but the Service showed an error (\(errorShown)); the guide expects no error")
            }
            if let suspectedError {
                return Decision(verdict: .review, observed: observed,
                                reason: "the login worked, but \(suspectedError). If that is an error page, fix it; if it is not, look at it once and accept")
            }
            return Decision(verdict: .pass, observed: observed, reason: "the Service accepted MPass's valid Response and opened a session")
        case .rejectedWithoutError:
            let observed = probe.served ? "accepted: \(probe.description)" : "rejected: \(probe.description)"
            if probe.served {
                return Decision(verdict: .fail, observed: observed,
                                reason: "a cancelled login (non-Success status, no Assertion) opened a session; treat any non-Success status as a failed login")
            }
            if let errorShown {
                return Decision(verdict: .fail, observed: "rejected, but with an error: \(errorShown)",
                                reason: "the Service refused the cancelled login but showed an error (\(errorShown)); the guide expects no error")
            }
            if let suspectedError {
                return Decision(verdict: .review, observed: "rejected; the page may show an error",
                                reason: "the cancelled login opened no session, but \(suspectedError). The guide expects no error: look at the page; add its error text to error_markers if it is one")
            }
            return Decision(verdict: .pass, observed: observed, reason: "the cancelled login opened no session and the Service showed no error")
        case .rejected:
            if flow.kind == .mpassLogout {
                let observed = probe.served ? "still logged in: \(probe.description)" : "logged out: \(probe.description)"
                return probe.served
                    ? Decision(verdict: .pass, observed: observed, reason: "the Service kept the session when MPass's LogoutRequest was faulty (\(classification.fault))")
                    : Decision(verdict: .fail, observed: observed, reason: "the Service ended the session on a faulty LogoutRequest (\(classification.fault)); it must refuse it")
            }
            let observed = probe.served ? "accepted: \(probe.description)" : "rejected: \(probe.description)"
            if probe.served {
                return Decision(verdict: .fail, observed: observed,
                                reason: "the Service opened a session from a faulty Response (\(classification.fault)); it must refuse it")
            }
            let note = errorShown.map { " (it showed \($0); a friendly page would be better)" } ?? ""
            return Decision(verdict: .pass, observed: observed, reason: "the Service refused the Response\(note)")
        case .loggedOut:
            let observed = probe.served ? "still logged in: \(probe.description)" : "logged out: \(probe.description)"
            if probe.served {
                return Decision(verdict: .fail, observed: observed, reason: "after the logout the protected resource is still served; the Service must end its session")
            }
            if let errorShown {
                return Decision(verdict: .fail, observed: observed, reason: "the logout ended with an error (\(errorShown)); the guide expects no error")
            }
            if let suspectedError {
                return Decision(verdict: .review, observed: observed,
                                reason: "the session ended, but \(suspectedError). The guide expects no error: look at the page; add its error text to error_markers if it is one")
            }
            return Decision(verdict: .pass, observed: observed, reason: "the session ended and the logout messages passed every check")
        case .sessionKept, .logoutNotConfirmed, .messageValid, .compliantHTTP, .acceptedWithWholeNameID:
            // Flows are classified as chapter-9 cases only; the catalogue's other expectations
            // need what only a live run observes.
            return Decision(verdict: .review, observed: "not judged from a recording",
                            reason: "a replay judges the chapter-9 cases; this expectation (\(classification.expectation.rawValue)) needs a live run")
        }
    }
}

/// Judges each flow of one recording from its messages' checks and the Service's exchanges.
struct FlowJudge {
    let observations: ServiceObservations
    let messages: [ExtractedMessage]
    let reports: [ValidationReport]
    let facts: [Int: FlowClassification.ResponseFacts]
    let setup: ReplaySetup

    /// Judges `flow`, whose evidence runs up to (not including) entry `end`.
    func judge(_ flow: RecordedFlow, until end: Int) -> JudgedFlow {
        var judged = JudgedFlow(flow: flow, classification: nil, settled: nil, steps: [], messages: [], probe: nil,
                                errorShown: nil, suspectedError: nil, deliveryStatus: nil, loginStepShown: false,
                                firstEntry: flow.firstEntry, lastEntry: max(flow.firstEntry, end - 1))
        for index in [flow.request, flow.answer].compactMap({ $0 }) { judged.messages.append(evidence(index)) }
        switch flow.kind {
        case .login: judgeLogin(&judged, end: end)
        case .serviceLogout: judgeServiceLogout(&judged, end: end)
        case .mpassLogout: judgeMPassLogout(&judged, end: end)
        }
        return judged
    }

    private func judgeLogin(_ judged: inout JudgedFlow, end: Int) {
        let flow = judged.flow
        if let request = flow.request, let again = flow.redelivery {
            let first = observations.exchangeID(messages[request].deliveryEntry)
            // MPass, tracking IDs, fails the second receipt's ID check; the rest is the first's.
            let reused = CheckResult.fail(.authnRequestID, "ID \(messages[request].messageID ?? "(none)") was already used by the same AuthnRequest at exchange \(first) (replay, or IDs that are not unique)")
            judged.messages = judged.messages.map { evidence in
                var again = evidence
                again.checks = ValidationReport(messageKind: evidence.checks.messageKind,
                                                checks: evidence.checks.checks.map { $0.id == reused.id ? reused : $0 })
                return again
            }
            judged.steps.append(CaseStep(title: "the Service's AuthnRequest (checked as MPass checks it)", outcome: .fail,
                                         detail: "the very same AuthnRequest (ID \(messages[request].messageID ?? "(none)")) MPass received at exchange \(first), sent again",
                                         exchangeIDs: [observations.exchangeID(again)]))
            judged.settled = .init(verdict: .fail, observed: "MPass refused the Service's AuthnRequest",
                                   reason: "MPass would refuse this AuthnRequest: FAIL authn-request.id: the very same AuthnRequest, ID \(messages[request].messageID ?? "(none)"), was received at exchange \(first) (replay, or IDs that are not unique). Fix the AuthnRequest first; no login can be tested without it")
            return
        }
        if let request = flow.request {
            let report = reports[request]
            judged.steps.append(step("the Service's AuthnRequest (checked as MPass checks it)", request, report))
            guard report.isValid else {
                judged.settled = .init(verdict: .fail, observed: "MPass refused the Service's AuthnRequest",
                                       reason: "MPass would refuse this AuthnRequest: " + report.failures.map(\.line).joined(separator: "; ") + ". Fix the AuthnRequest first; no login can be tested without it")
                return
            }
        }
        guard let answer = flow.answer, let facts = facts[answer] else {
            judged.settled = .init(verdict: .error, observed: "MPass never answered in the recording",
                                   reason: "the recording ends before MPass answered the AuthnRequest; record the whole login")
            return
        }
        let message = messages[answer]
        let report = reports[answer]
        judged.loginStepShown = flow.request.map {
            observations.loginStepShown(between: messages[$0].deliveryEntry, and: message.firstEntry,
                                        identityProviderBaseURL: setup.identityProvider.baseURL)
        } ?? true
        var classification = FlowClassification.login(response: report, facts: facts, recordedAt: message.recordedAt,
                                                       loginStepShown: judged.loginStepShown)
        if classification.expectation == .accepted, let fault = replayedResponse(judged.flow) {
            classification = FlowClassification(caseID: "REPLAY:response.replay", expectation: .rejected, fault: fault)
        }
        judged.classification = classification
        judged.steps.append(step("MPass's Response (checked against MPass's certificate at the recorded time)", answer, report,
                                 outcome: .info, prefix: classification.fault))
        observeAfter(delivery: flow.redelivery ?? message.deliveryEntry, end: end, into: &judged)
    }

    private func judgeServiceLogout(_ judged: inout JudgedFlow, end: Int) {
        let flow = judged.flow
        judged.classification = FlowClassification.serviceLogout
        guard let request = flow.request else { return }
        let report = reports[request]
        judged.steps.append(step("the Service's LogoutRequest (checked as MPass checks it)", request, report))
        var delivery = messages[request].deliveryEntry
        if let answer = flow.answer {
            judged.steps.append(step("MPass's LogoutResponse", answer, reports[answer], outcome: .info))
            delivery = messages[answer].deliveryEntry
        }
        observeAfter(delivery: delivery, end: end, into: &judged)
        if !report.isValid {
            let probe = judged.probe
            judged.settled = .init(verdict: .fail,
                                   observed: probe.map { $0.served ? "still logged in: \($0.description)" : "logged out: \($0.description)" } ?? "unknown",
                                   reason: "the Service's LogoutRequest fails MPass's checks: " + report.failures.map(\.line).joined(separator: "; "))
        }
    }

    private func judgeMPassLogout(_ judged: inout JudgedFlow, end: Int) {
        let flow = judged.flow
        guard let request = flow.request else {
            judged.settled = .init(verdict: .review, observed: "a LogoutResponse to MPass with no LogoutRequest in the recording",
                                   reason: "the recording shows the Service's LogoutResponse but not MPass's LogoutRequest")
            return
        }
        let requestReport = reports[request]
        var classification = FlowClassification.mpassLogout(request: requestReport)
        if classification.expectation == .loggedOut, let reused = earlierMessage(sharingIDWith: request) {
            classification = FlowClassification(caseID: "REPLAY:logout-request.replay", expectation: .rejected,
                fault: "MPass's LogoutRequest reuses the ID \(messages[request].messageID ?? "") of an earlier one (exchange \(observations.exchangeID(messages[reused].firstEntry)))")
        }
        judged.classification = classification
        judged.steps.append(step("MPass's LogoutRequest to the Service's SLO URL", request, requestReport, outcome: .info,
                                 prefix: classification.fault))
        let sloDelivery = messages[request].deliveryEntry
        judged.deliveryStatus = observations.entries.indices.contains(sloDelivery) ? observations.entries[sloDelivery].response.status : nil
        var delivery = sloDelivery
        if let answer = flow.answer {
            judged.steps.append(step("the Service's LogoutResponse (checked as MPass checks it)", answer, reports[answer]))
            delivery = messages[answer].deliveryEntry
        }
        observeAfter(delivery: delivery, end: end, into: &judged)
        judged.errorShown = observations.errorShown(at: sloDelivery) ?? judged.errorShown
        judged.suspectedError = judged.errorShown == nil ? observations.suspectedError(at: sloDelivery) : nil
        guard classification.expectation == .loggedOut else { return }
        let observed = judged.probe.map { $0.served ? "still logged in: \($0.description)" : "logged out: \($0.description)" } ?? "unknown"
        guard let answer = flow.answer else {
            judged.settled = .init(verdict: .fail, observed: observed,
                                   reason: "MPass never received the Service's LogoutResponse; the logout exchange with MPass is missing")
            return
        }
        let report = reports[answer]
        if !report.isValid && judged.probe?.served != true {
            judged.settled = .init(verdict: .fail, observed: observed,
                                   reason: "the Service's LogoutResponse fails MPass's checks: " + report.failures.map(\.line).joined(separator: "; "))
        }
    }

    /// What makes a Response that passes every check a replay, a Service tracking what it
    /// accepted must refuse: delivered before (the very same POST again), or carrying the ID
    /// of an earlier Response or of its Assertion. nil when it is none of these.
    private func replayedResponse(_ flow: RecordedFlow) -> String? {
        guard let answer = flow.answer else { return nil }
        let message = messages[answer]
        if let redelivery = flow.redelivery {
            return "the very same Response delivered again (first at exchange \(observations.exchangeID(message.deliveryEntry)), again at exchange \(observations.exchangeID(redelivery)))"
        }
        if let reused = earlierMessage(sharingIDWith: answer) {
            return "the Response reuses the ID \(message.messageID ?? "") of an earlier Response (exchange \(observations.exchangeID(messages[reused].firstEntry)))"
        }
        guard let assertionID = facts[answer]?.assertionID, !assertionID.isEmpty,
              let earlier = messages.indices[..<answer].last(where: { messages[$0].kind == .response && facts[$0]?.assertionID == assertionID })
        else { return nil }
        return "the Response's Assertion reuses the ID \(assertionID) of an earlier Assertion (exchange \(observations.exchangeID(messages[earlier].firstEntry)))"
    }

    /// An earlier message of the recording, of the same kind and direction, that is another
    /// message with the same ID: a replayed ID, which a Service tracking IDs must refuse.
    private func earlierMessage(sharingIDWith index: Int) -> Int? {
        let message = messages[index]
        guard let id = message.messageID, !id.isEmpty else { return nil }
        return messages[..<index].lastIndex { $0.kind == message.kind && $0.direction == message.direction && $0.messageID == id }
    }

    /// What the Service did once MPass's message reached it: the end of that redirect chain,
    /// and the protected resource asked for next.
    private func observeAfter(delivery: Int, end: Int, into judged: inout JudgedFlow) {
        let chainEnd = observations.chainEnd(from: delivery)
        if judged.errorShown == nil {
            judged.errorShown = observations.errorShown(at: chainEnd)
            judged.suspectedError = judged.errorShown == nil ? observations.suspectedError(at: chainEnd) : nil
        }
        if judged.deliveryStatus == nil, observations.entries.indices.contains(delivery) {
            judged.deliveryStatus = observations.entries[chainEnd].response.status
        }
        judged.answerEnd = chainEnd
        judged.probe = observations.firstProbe(in: delivery..<max(delivery, end))
        var detail = "the Service's answer ended at \(observations.entries.indices.contains(chainEnd) ? observations.entries[chainEnd].request.url : "?")"
        if observations.entries.indices.contains(chainEnd) { detail += " (\(observations.entries[chainEnd].response.status))" }
        judged.steps.append(CaseStep(title: "the Service's answer", outcome: .info, detail: detail,
                                     exchangeIDs: Array(Set(delivery...chainEnd).map(observations.exchangeID)).sorted()))
        if let probe = judged.probe {
            judged.steps.append(CaseStep(title: "ask for the protected resource", outcome: .info, detail: probe.description,
                                         exchangeIDs: [observations.exchangeID(probe.entry)]))
        }
    }

    private func step(_ title: String, _ index: Int, _ report: ValidationReport, outcome: StepOutcome? = nil, prefix: String? = nil) -> CaseStep {
        let message = messages[index]
        let summary = report.isValid ? "all \(report.checks.count) checks passed"
            : "failed " + report.failures.map(\.id.rawValue).joined(separator: ", ")
        let detail = [prefix, "\(message.binding.name) binding, ID \(message.messageID ?? "(none)"): \(summary)"]
            .compactMap { $0 }.joined(separator: "; ")
        let ids = Array(Set(message.sightings.map { observations.exchangeID($0.entry) })).sorted()
        return CaseStep(title: title, outcome: outcome ?? (report.isValid ? .pass : .fail), detail: detail, exchangeIDs: ids)
    }

    private func evidence(_ index: Int) -> MessageEvidence {
        let message = messages[index]
        return MessageEvidence(
            direction: message.direction == .toIdentityProvider ? .serviceToIdP : .idpToService,
            kind: message.kind?.rawValue ?? message.field.parameterName,
            binding: message.binding == .redirect ? .redirect : .post,
            id: message.messageID ?? "", xml: String(decoding: message.xml, as: UTF8.self), checks: reports[index])
    }
}
