import HarnessModel

/// A Service that answers MPass's Response by starting a new login (a redirect to its login,
/// a new AuthnRequest to MPass; mod_auth_mellon does so), read from a recording as the run
/// reads it. Both the case's verdict (`CaseAssembler`) and what `report verify` accepts as
/// re-derived (`AttestedVerdict`) see a case's flows through `folded`.
enum RestartedLogin {
    /// `flows` with each login the Service started again, straight from MPass's Response,
    /// folded into the attempt it answered, as the run sees it (`CaseRunner.restartsLogin`):
    /// the browser posted the Response and went on to a new AuthnRequest, asking for the
    /// protected resource in between only as a step of the Service's own redirects (a
    /// Service that returns to the protected page, which starts the new login). The run
    /// stops following pages there (with an MPass session they would loop) and asks for the
    /// protected resource; MPass's answer to the new AuthnRequest never reaches the Service
    /// (`FlowBuilder` leaves it out). So the new login is the Service's answer to the first,
    /// and the request for the protected resource recorded after it is the first attempt's.
    /// A new login MPass refused, or one MPass answered, is a login of its own.
    static func folded(_ flows: [JudgedFlow], observations: ServiceObservations) -> [JudgedFlow] {
        var kept: [JudgedFlow] = []
        for judged in flows {
            guard let before = kept.last, before.flow.kind == .login, before.flow.answer != nil,
                  before.probe.map({ probe in before.answerEnd.map { probe.entry <= $0 } == true }) ?? true,
                  judged.flow.kind == .login, judged.flow.request != nil, judged.flow.answer == nil,
                  judged.settled?.verdict != .fail else {
                kept.append(judged)
                continue
            }
            var attempt = before
            attempt.steps.append(CaseStep(
                title: "the Service starts a new login", outcome: .info,
                detail: "right after MPass's Response reached it, the Service sent the browser back to MPass with a new AuthnRequest: it kept no session",
                exchangeIDs: [observations.exchangeID(judged.firstEntry)]))
            attempt.steps += judged.steps
            attempt.messages += judged.messages
            if let probe = observations.firstProbe(in: judged.firstEntry..<(judged.lastEntry + 1)) {
                attempt.probe = probe
                attempt.steps.append(CaseStep(title: "ask for the protected resource", outcome: .info, detail: probe.description,
                                              exchangeIDs: [observations.exchangeID(probe.entry)]))
            }
            attempt.lastEntry = max(before.lastEntry, judged.lastEntry)
            kept[kept.count - 1] = attempt
        }
        return kept
    }
}
