import CaseCatalogue
import Foundation
import HTTPTypes
import HarnessModel
import MPassSAML
import ReferenceService

/// The five functional cases of a live session: what the person is told, what is waited
/// for, and the verdict from what reached the Service.
struct LiveJudge {
    let messages: LiveMessages
    let log: LiveExchangeLog
    let core: ServiceCore
    let timeout: TimeInterval
    let base: String
    let idpBase: String
    let say: @Sendable (String) -> Void
    /// Where the next case starts reading the exchange log.
    private var cursor = 0
    private var sent = LiveMessages.Sent()
    /// When the last successful login's Response arrived: an authentication MPass reuses
    /// (single sign-on) is older than that; a new one is younger.
    private var previousLoginArrival: Date?
    /// The Service session the last login opened (its cookie value): each case judges the
    /// browser's own session, not whatever else is open.
    private var currentSession: String?

    init(messages: LiveMessages, log: LiveExchangeLog, core: ServiceCore, timeout: TimeInterval, base: String, idpBase: String,
         say: @escaping @Sendable (String) -> Void) {
        self.messages = messages
        self.log = log
        self.core = core
        self.timeout = timeout
        self.base = base
        self.idpBase = idpBase
        self.say = say
    }

    // MARK: The cases

    mutating func serviceInitiatedLogin() async -> CaseResult {
        let started = Date()
        announce("TC_FUNCT_01", ["Open \(base)/login in your browser (not logged in at MPass).",
                                 "MPass shows its login page: authenticate.",
                                 "You come back to the Service, logged in."])
        guard let login = await arrival("POST", "/mpass-login") else {
            return timedOut("TC_FUNCT_01", started, "no Response from MPass reached \(base)/mpass-login")
        }
        return await judgeLogin("TC_FUNCT_01", login, started: started, requireSingleSignOn: false)
    }

    mutating func singleSignOn() async -> CaseResult {
        let started = Date()
        // Chapter 9: "logged in at MPass only": the Service forgets its session, MPass keeps its own.
        await core.endLocalSessions()
        announce("TC_FUNCT_02", ["The harness ended the Service's own session; you are still logged in at MPass.",
                                 "Open \(base)/login again: MPass should send you straight back, logged in, without asking you to authenticate."])
        guard let login = await arrival("POST", "/mpass-login") else {
            return timedOut("TC_FUNCT_02", started, "no Response from MPass reached \(base)/mpass-login")
        }
        return await judgeLogin("TC_FUNCT_02", login, started: started, requireSingleSignOn: true)
    }

    mutating func serviceInitiatedLogout() async -> CaseResult {
        let started = Date()
        announce("TC_FUNCT_04", ["Open \(base)/logout: the Service sends you to MPass, which logs you out and sends you back."])
        guard let arrived = await arrival("POST", "/mpass-logout") else {
            return timedOut("TC_FUNCT_04", started, "no LogoutResponse from MPass reached \(base)/mpass-logout")
        }
        let (found, steps) = await scan(to: arrived.index)
        var allSteps = steps
        let request = found.last { $0.evidence.kind == "LogoutRequest" && $0.evidence.direction == .serviceToIdP }
        let answer = found.last { $0.evidence.kind == "LogoutResponse" && $0.evidence.direction == .idpToService }
        let stillOpen = await sessionIsOpen()
        let loggedOut = arrived.exchange.status == 303 && !stillOpen
        allSteps.append(CaseStep(title: "The Service ended the session", outcome: loggedOut ? .pass : .fail,
                                 detail: "HTTP \(arrived.exchange.status); the browser's session is \(stillOpen ? "still open" : "closed")", exchangeIDs: [arrived.index]))
        let failures = (request?.evidence.checks.failures ?? []) + (answer?.evidence.checks.failures ?? [])
        let verdict: CaseVerdict
        let reason: String
        if answer == nil {
            (verdict, reason) = (.error, "MPass's answer at /mpass-logout could not be read as a LogoutResponse")
        } else if !failures.isEmpty {
            (verdict, reason) = (.fail, "checks failed: \(failures.map(\.line).joined(separator: "; "))")
        } else if answer?.responseStatus?.isSuccess != true {
            (verdict, reason) = (.fail, "MPass answered the LogoutRequest with \(answer?.responseStatus?.summary ?? "no status")")
        } else if !loggedOut {
            (verdict, reason) = (.fail, "the Service did not end the session after MPass confirmed the logout")
        } else {
            (verdict, reason) = (.pass, "the signed LogoutRequest was accepted by MPass, whose LogoutResponse verified with the pinned certificate; logged out")
        }
        return finish("TC_FUNCT_04", started: started, verdict: verdict, observed: loggedOut ? "logged out" : "still logged in",
                      reason: reason, steps: allSteps, found: found)
    }

    mutating func abortedLogin() async -> CaseResult {
        let started = Date()
        announce("TC_FUNCT_03", ["Open \(base)/login. At MPass, cancel (do not authenticate).",
                                 "You come back to the Service, not logged in, and it shows no error."])
        guard let arrived = await arrival("POST", "/mpass-login") else {
            return timedOut("TC_FUNCT_03", started, "no Response from MPass reached \(base)/mpass-login")
        }
        let (found, steps) = await scan(to: arrived.index)
        var allSteps = steps
        let response = found.last { $0.evidence.kind == "Response" }
        let status = arrived.exchange.status
        let opened = Self.sessionCookie(arrived.exchange) != nil
        allSteps.append(CaseStep(title: "The Service stayed logged out, without an error", outcome: status < 500 && status != 303 && !opened ? .pass : .fail,
                                 detail: "HTTP \(status); \(opened ? "a session was opened" : "no session opened")", exchangeIDs: [arrived.index]))
        // Status and assertion checks fail by design on a cancelled login; the rest must pass.
        let failures = (response?.evidence.checks.failures ?? []).filter {
            ![CheckID.responseStatus, .responseAssertionCount].contains($0.id)
                && !CheckID.assertionContent.contains($0.id) && !CheckID.assertionSignature.contains($0.id)
        }
        let verdict: CaseVerdict
        let reason: String
        if response == nil {
            (verdict, reason) = (.error, "the form posted to /mpass-login carried no readable Response")
        } else if response?.responseStatus?.isSuccess == true {
            (verdict, reason) = (.error, "MPass answered Success: you authenticated instead of cancelling; run live again and press Cancel at MPass")
        } else if !failures.isEmpty {
            (verdict, reason) = (.fail, "checks failed: \(failures.map(\.line).joined(separator: "; "))")
        } else if status >= 500 || status == 303 || opened {
            (verdict, reason) = (.fail, "the Service answered HTTP \(status)\(opened ? " and opened a session" : ""); a cancelled login must leave it logged out, without an error")
        } else {
            (verdict, reason) = (.pass, "MPass's signed non-Success Response (\(response?.responseStatus?.summary ?? "")) verified with the pinned certificate; not logged in, no error")
        }
        return finish("TC_FUNCT_03", started: started, verdict: verdict, observed: opened ? "logged in" : "not logged in, HTTP \(status)",
                      reason: reason, steps: allSteps, found: found)
    }

    mutating func mpassInitiatedLogout() async -> CaseResult {
        let started = Date()
        announce("TC_FUNCT_05", ["Open \(base)/login and authenticate at MPass.",
                                 "Then log out in MPass itself (\(idpBase)/): MPass calls the Service's SLO URL \(base)/mpass-slo.",
                                 "MPass shows you logged out; the Service's session ends too."])
        guard let login = await arrival("POST", "/mpass-login") else {
            return timedOut("TC_FUNCT_05", started, "the login before the single logout did not reach \(base)/mpass-login")
        }
        let loggedIn = login.exchange.status == 303
        currentSession = Self.sessionCookie(login.exchange) ?? currentSession
        guard let arrived = await arrival("POST", "/mpass-slo") else {
            return timedOut("TC_FUNCT_05", started, loggedIn ? "no LogoutRequest from MPass reached \(base)/mpass-slo" : "the login failed, and no LogoutRequest came")
        }
        let (found, steps) = await scan(to: arrived.index)
        var allSteps = steps
        let request = found.last { $0.evidence.kind == "LogoutRequest" && $0.evidence.direction == .idpToService }
        let answer = found.last { $0.evidence.kind == "LogoutResponse" && $0.evidence.direction == .serviceToIdP }
        let stillOpen = await sessionIsOpen()
        allSteps.append(CaseStep(title: "The Service ended the session and answered MPass", outcome: !stillOpen && answer != nil ? .pass : .fail,
                                 detail: "the browser's session is \(stillOpen ? "still open" : "closed"); answer \(answer?.responseStatus?.summary ?? "none")", exchangeIDs: [arrived.index]))
        let failures = (request?.evidence.checks.failures ?? []) + (answer?.evidence.checks.failures ?? [])
        let verdict: CaseVerdict
        let reason: String
        if request == nil {
            (verdict, reason) = (.error, "the form posted to /mpass-slo carried no readable LogoutRequest")
        } else if !failures.isEmpty {
            (verdict, reason) = (.fail, "checks failed: \(failures.map(\.line).joined(separator: "; "))")
        } else if answer?.inResponseTo != request?.messageID || answer?.responseStatus?.isSuccess != true {
            (verdict, reason) = (.fail, "the Service's LogoutResponse does not confirm MPass's LogoutRequest")
        } else if stillOpen || !loggedIn {
            (verdict, reason) = (.fail, loggedIn ? "the Service kept the session after MPass's LogoutRequest" : "the login before the logout failed")
        } else {
            (verdict, reason) = (.pass, "MPass's LogoutRequest verified with the pinned certificate; the session ended and a signed LogoutResponse went back")
        }
        return finish("TC_FUNCT_05", started: started, verdict: verdict, observed: stillOpen ? "still logged in" : "logged out",
                      reason: reason, steps: allSteps, found: found)
    }

    // MARK: Judging a login

    private mutating func judgeLogin(_ id: String, _ arrived: (index: Int, exchange: ObservedExchange), started: Date,
                                     requireSingleSignOn: Bool) async -> CaseResult {
        let (found, steps) = await scan(to: arrived.index)
        var allSteps = steps
        let response = found.last { $0.evidence.kind == "Response" }
        let opened = arrived.exchange.status == 303
            && arrived.exchange.responseHeaders[values: .setCookie].contains { $0.hasPrefix(ReferenceService.sessionCookieName + "=") }
        allSteps.append(CaseStep(title: "The Service opened a session", outcome: opened ? .pass : .fail,
                                 detail: "HTTP \(arrived.exchange.status)", exchangeIDs: [arrived.index]))
        let nameID = response?.assertion?.subject?.nameID?.value
        let failures = response?.evidence.checks.failures ?? []
        var verdict: CaseVerdict
        var reason: String
        if response == nil {
            (verdict, reason) = (.error, "the form posted to /mpass-login carried no readable Response")
        } else if response?.responseStatus?.isSuccess != true {
            (verdict, reason) = (.error, "MPass answered \(response?.responseStatus?.summary ?? "without a status"): the login did not succeed (was it cancelled?)")
        } else if !failures.isEmpty {
            (verdict, reason) = (.fail, "checks failed: \(failures.map(\.line).joined(separator: "; "))")
        } else if !opened {
            (verdict, reason) = (.fail, "the Response passed every check but the Service opened no session (HTTP \(arrived.exchange.status))")
        } else {
            (verdict, reason) = (.pass, "MPass's Response verified with the pinned certificate; logged in as \(nameID ?? "?")")
        }
        if verdict == .pass, requireSingleSignOn {
            // MPass answered from its own session when the authentication predates this login.
            let authnInstant = response?.assertion?.authnStatements.first?.authnInstant?.parsed?.date
            if let authnInstant, authnInstant > (previousLoginArrival ?? started) {
                verdict = .review
                reason = "MPass authenticated again (AuthnInstant \(SAMLTime.format(authnInstant))) instead of reusing its session; check with AGE if you did not log in again"
            } else {
                reason += "; MPass reused its session (AuthnInstant \(authnInstant.map { SAMLTime.format($0) } ?? "absent"))"
            }
        }
        if verdict == .pass { previousLoginArrival = arrived.exchange.startedAt }
        if opened {
            currentSession = Self.sessionCookie(arrived.exchange)
            // The person lands on the page the Service redirects to; the next case starts
            // only then (ending the Service's session earlier would send them back to MPass).
            let location = arrived.exchange.responseHeaders[values: .location].first ?? "/protected"
            let landing = String(location.split(separator: "?").first ?? "/protected")
            if let page = await log.next(after: cursor, timeout: min(timeout, 15), where: { $0.method == "GET" && $0.path == landing }) {
                cursor = page.index + 1
                allSteps.append(CaseStep(title: "The browser was served \(landing), logged in", outcome: page.exchange.status == 200 ? .pass : .fail,
                                         detail: "HTTP \(page.exchange.status)", exchangeIDs: [page.index]))
            }
        }
        return finish(id, started: started, verdict: verdict, observed: opened ? "logged in as \(nameID ?? "?")" : "not logged in",
                      reason: reason, steps: allSteps, found: found)
    }

    // MARK: Helpers

    /// The session cookie the Service set in this answer, if any (a login that opened one).
    static func sessionCookie(_ exchange: ObservedExchange) -> String? {
        let prefix = ReferenceService.sessionCookieName + "="
        guard let header = exchange.responseHeaders[values: .setCookie].first(where: { $0.hasPrefix(prefix) }) else { return nil }
        let value = header.dropFirst(prefix.count).prefix { $0 != ";" }
        return value.isEmpty ? nil : String(value)
    }

    /// True when the browser's session (the last login's) is still open at the Service.
    private func sessionIsOpen() async -> Bool {
        guard let currentSession else { return false }
        return await core.session(id: currentSession) != nil
    }

    private func announce(_ id: String, _ lines: [String]) {
        let title = Chapter9.cases.first { $0.id == id }?.title ?? id
        say(([ "[\(id)] \(title)" ] + lines.enumerated().map { "  \($0.offset + 1). \($0.element)" }
             + ["  Waiting up to \(Int(timeout)) s…"]).joined(separator: "\n"))
    }

    private mutating func arrival(_ method: String, _ path: String) async -> (index: Int, exchange: ObservedExchange)? {
        await log.next(after: cursor, timeout: timeout) { $0.method == method && $0.path == path }
    }

    /// The messages of the exchanges from the cursor through `index`, checked, and the steps
    /// that show them; moves the cursor past `index`.
    private mutating func scan(to index: Int) async -> (found: [LiveMessages.Found], steps: [CaseStep]) {
        var found: [LiveMessages.Found] = []
        var steps: [CaseStep] = []
        let all = await log.exchanges
        let exchanges = Array(all[cursor...min(index, all.count - 1)])
        for (offset, exchange) in exchanges.enumerated() {
            let exchangeIndex = cursor + offset
            var here: [LiveMessages.Found] = []
            if let message = messages.fromIdP(exchange, sent: sent) { here.append(message) }
            let answered = here.first { $0.evidence.kind == "LogoutRequest" }?.messageID
            if let message = messages.fromService(exchange, inResponseTo: answered) {
                here.append(message)
                if message.evidence.kind == "AuthnRequest", let id = message.messageID { sent.authnRequests[id] = exchange.startedAt }
                if message.evidence.kind == "LogoutRequest", let id = message.messageID { sent.logoutRequests.insert(id) }
            }
            for message in here {
                let evidence = message.evidence
                steps.append(CaseStep(title: "\(evidence.direction.label): \(evidence.kind) (\(exchange.method) \(exchange.path))",
                                      outcome: evidence.checks.isValid ? .pass : .fail,
                                      detail: evidence.checks.isValid ? "every check passed" : evidence.checks.failures.map(\.line).joined(separator: "; "),
                                      exchangeIDs: [exchangeIndex]))
            }
            found += here
        }
        cursor = index + 1
        return (found, steps)
    }

    private func timedOut(_ id: String, _ started: Date, _ what: String) -> CaseResult {
        finish(id, started: started, verdict: .error, observed: "nothing arrived",
               reason: "\(what) within \(Int(timeout)) s; the case could not be carried out (follow the steps printed above, or give more time with --step-timeout)",
               steps: [], found: [])
    }

    private func finish(_ id: String, started: Date, verdict: CaseVerdict, observed: String, reason: String,
                        steps: [CaseStep], found: [LiveMessages.Found]) -> CaseResult {
        let definition = Chapter9.cases.first { $0.id == id }
        say("  \(verdict.label) \(id): \(reason)\n")
        return CaseResult(id: id, title: definition?.title ?? id, reference: definition?.reference ?? "",
                          kind: .functional, severity: .required, expected: definition?.expectation.rawValue ?? "",
                          observed: observed, verdict: verdict, reason: reason,
                          durationMs: Int(Date().timeIntervalSince(started) * 1000), steps: steps, messages: found.map(\.evidence))
    }
}
