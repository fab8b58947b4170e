import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator
import Synchronization
import Vocabulary

/// Runs one case against the Service: a fresh browser (new cookie jar), a fresh MPass
/// (the simulator reset and switched), the scenario's steps, then the verdict from what the
/// Service did: after each login attempt the browser asks for the protected resource with
/// the same cookies; served means accepted, refused or sent to MPass means rejected.
struct CaseRunner {
    let service: ServiceUnderTest
    let simulator: MPassSimulator
    let browserConfiguration: BrowserConfiguration
    let exchangeLog: ExchangeLog
    /// What the Service shows an anonymous visitor at its base URL, read once per run:
    /// error wording found there too does not make a page suspect.
    var anonymousPage: PageText? = nil

    /// Steps, messages and findings gathered while a case runs.
    final class Context: Sendable {
        /// The steps so far, and the first exchange the next step will claim.
        private let state: Mutex<(steps: [CaseStep], firstExchange: Int)>
        /// The exchange log's length when the case started: its own exchanges follow.
        let caseStart: Int

        init(firstExchange: Int) {
            state = Mutex(([], firstExchange))
            caseStart = firstExchange
        }

        var steps: [CaseStep] { state.withLock { $0.steps } }

        func step(_ title: String, _ outcome: StepOutcome, _ detail: String, log: ExchangeLog) {
            let last = log.count
            state.withLock { state in
                // The exchanges' own sequence numbers (from 0), as the HAR evidence's `_sequence` names them.
                let ids = state.firstExchange < last ? Array(state.firstExchange..<last) : []
                state.firstExchange = last
                state.steps.append(CaseStep(title: title, outcome: outcome, detail: detail, exchangeIDs: ids.isEmpty ? nil : ids))
            }
        }
    }

    /// A case that cannot go on: the verdict and reason are already known.
    struct Stop: Error {
        let verdict: CaseVerdict
        let observed: String
        let reason: String
        /// For a refusal (`pass` because the Service said no): the unfaulted attempt that must
        /// succeed right after, in the same browser, for the refusal to count.
        var control: PositiveControl? = nil
        /// The case stopped before its fault was tried (the prerequisite login or logout
        /// failed). For a case whose expected outcome is a refusal that is "not judged".
        var beforeFault = false
    }

    /// The unfaulted twin of a faulty attempt.
    enum PositiveControl {
        /// A login answered by MPass's valid Response must open a session.
        case login
        /// A valid LogoutRequest from MPass must end the session.
        case singleLogout
    }

    func run(_ testCase: ConformanceCase) async -> CaseResult {
        let started = Date()
        await simulator.reset()
        let context = Context(firstExchange: exchangeLog.count)
        let outcome: Stop
        do {
            outcome = try await Browser.withBrowser(configuration: browserConfiguration, log: exchangeLog) { browser in
                try await browser.register(SimulatorHost(simulator: simulator), for: simulator.configuration.baseURL)
                for (name, value) in service.cookies.sorted(by: { $0.key < $1.key }) {
                    _ = await browser.setCookie("\(name)=\(value); Path=/", for: service.baseURL)
                }
                return try await execute(testCase, browser: browser, context: context)
            }
        } catch let stop as Stop {
            outcome = stop.beforeFault && testCase.expectation.isRefusal && stop.verdict != .error
                ? Stop(verdict: .notJudged, observed: "not judged: \(stop.observed)",
                       reason: "the fault was never tried, because the unfaulted steps before it failed: \(stop.reason). A refusal cannot be judged until the Service accepts the valid exchange")
                : stop
        } catch let error as BrowserError {
            let step = context.steps.last?.title ?? "start"
            context.step("network", .fail, error.reason, log: exchangeLog)
            outcome = Stop(verdict: .error, observed: "the flow broke off: \(error.code.rawValue)",
                           reason: "\(testCase.id), after the step \"\(step)\": \(error.reason)")
        } catch {
            outcome = Stop(verdict: .error, observed: "the harness failed", reason: "\(testCase.id): \(error)")
        }
        return CaseResult(
            id: testCase.id, title: testCase.title, reference: testCase.reference, kind: testCase.kind,
            severity: testCase.severity, expected: testCase.expectation.rawValue, observed: outcome.observed,
            verdict: outcome.verdict, reason: outcome.reason,
            durationMs: Int((Date().timeIntervalSince(started) * 1000).rounded()),
            steps: context.steps, messages: await messages())
    }

    // MARK: Scenarios

    private func execute(_ testCase: ConformanceCase, browser: Browser, context: Context) async throws -> Stop {
        try await baseline(browser: browser, context: context)
        let outcome = try await scenario(testCase, browser: browser, context: context)
        return try await checked(outcome, testCase, browser: browser, context: context)
    }

    private func scenario(_ testCase: ConformanceCase, browser: Browser, context: Context) async throws -> Stop {
        switch testCase.scenario {
        case .login(let switches):
            await simulator.setResponseSwitches(switches)
            if switches.useCompatibleCertificate { try await simulator.prepareCompatibleIdentity() }
            let answer = try await login(browser: browser, context: context, action: .login)
            return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)

        case .loginWithLostServiceState:
            var switches = ResponseSwitches()
            switches.inResponseToOverride = SAMLIdentifier.make()
            await simulator.setResponseSwitches(switches)
            let answer = try await login(browser: browser, context: context, action: .login, dropServiceCookies: true)
            return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)

        case .singleSignOn:
            // "Logged in at MPass only": an MPass session exists before the Service is visited.
            try await establishMPassSession(browser: browser, context: context)
            let answer = try await login(browser: browser, context: context, action: .expectNoLoginStep)
            return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)

        case .cancelledLogin:
            let answer = try await login(browser: browser, context: context, action: .cancel)
            return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)

        case .serviceInitiatedLogout:
            try await loginFirst(browser: browser, context: context)
            let answer = try await serviceLogout(browser: browser, context: context)
            return try await judgeLogout(testCase, answer: answer, browser: browser, context: context,
                                         received: .logoutRequestReceived, what: "the Service's LogoutRequest")

        case .mpassInitiatedLogout(let switches):
            try await loginFirst(browser: browser, context: context)
            await simulator.setLogoutSwitches(switches)
            let answer = try await mpassLogout(browser: browser, context: context)
            return try await judgeLogout(testCase, answer: answer, browser: browser, context: context,
                                         received: .logoutResponseReceived, what: "the Service's LogoutResponse")

        case .replayResponse(let moment):
            return try await replayResponse(testCase, moment: moment, browser: browser, context: context)
        case .unsolicitedResponse:
            return try await unsolicitedResponse(testCase, browser: browser, context: context)
        case .secondLoginReusing(let reuse):
            return try await secondLoginReusing(reuse, testCase, browser: browser, context: context)
        case .singleLogoutAnswerChecks(let checks):
            return try await singleLogoutAnswerChecks(checks, browser: browser, context: context)
        case .mpassLogoutRefused(let switches):
            return try await mpassLogoutRefused(testCase, switches: switches, browser: browser, context: context)
        case .mpassLogoutReusingID:
            return try await mpassLogoutReusingID(testCase, browser: browser, context: context)
        case .serviceLogoutAnswered(let switches):
            return try await serviceLogoutAnswered(testCase, switches: switches, browser: browser, context: context)
        case .authnRequestChecks(let checks, let logins):
            return try await authnRequestChecks(checks, logins: logins, browser: browser, context: context)
        case .logoutRequestChecks(let checks):
            return try await logoutRequestChecks(checks, browser: browser, context: context)
        case .observe(let observation):
            return try await observe(observation, browser: browser, context: context)
        case .externalEntity(let shape):
            return try await externalEntity(testCase, shape: shape, browser: browser, context: context)
        case .nameIDWithComment:
            return try await nameIDWithComment(testCase, browser: browser, context: context)
        }
    }

    /// The protected resource must not be served to a browser that never logged in;
    /// otherwise "served" proves nothing and every verdict would be wrong.
    func baseline(browser: Browser, context: Context) async throws {
        let probe = try await probeProtected(browser: browser)
        if probe.served {
            context.step("check the protected resource without a login", .fail, probe.description, log: exchangeLog)
            throw Stop(verdict: .error, observed: "the protected resource is served without logging in",
                       reason: "\(service.protectedURL.absoluteString) is served to a browser that never logged in, so no login result can be judged; set logged_in.url to a page that needs a login, or logged_in.marker to text shown only when logged in")
        }
        context.step("check the protected resource without a login", .pass, probe.description, log: exchangeLog)
    }

    // MARK: Login

    enum LoginAction { case login, cancel, expectNoLoginStep }

    /// Where a login attempt ended: the page the person is left on, and how it reads.
    struct ServiceAnswer {
        let status: Int
        let url: URL
        let page: PageText
        let reading: PageErrorReading.Reading
        let loginPageShown: Bool
        /// The Service sent the browser straight back to MPass for a new login after MPass's
        /// Response reached it (with an MPass session that loops: MPass answers at once).
        var restartedLogin = false

        /// An error the person sees (a 4xx/5xx page or an error marker); nil otherwise.
        var errorShown: String? {
            if case .error(let error) = reading { return error }
            return nil
        }

        /// Error wording on a 200 page, where the harness cannot be sure.
        var suspectedError: String? {
            if case .suspect(let suspicion) = reading { return suspicion }
            return nil
        }

        /// `https://sp/after (200): «Title» — opening text…`, for reasons and steps.
        var landing: String { "\(url.absoluteString) (\(status)): \(page.summary(limit: 120))" }
    }

    /// The answer a person reads on `response`, fetched from `url`.
    func answer(_ response: BrowserResponse, at url: URL, loginPageShown: Bool = false) -> ServiceAnswer {
        ServiceAnswer(status: response.status, url: url, page: PageText(html: response.text),
                      reading: errorReading.read(response), loginPageShown: loginPageShown)
    }

    var errorReading: PageErrorReading {
        PageErrorReading(markers: service.errorMarkers, anonymousPage: anonymousPage)
    }

    /// Starts the Service's login and plays the user at MPass.
    func login(browser: Browser, context: Context, action: LoginAction, dropServiceCookies: Bool = false) async throws -> ServiceAnswer {
        let mark = await simulator.lastSequence
        let start = try await browser.get(service.loginURL, headers: headers)
        var flow = try await followLoginFlow(after: start, browser: browser)
        var last = flow.last
        let authn = await simulator.events(after: mark).last { $0.kind == .authnRequestReceived }
        guard let authn else {
            let page = PageText(html: last.response.text)
            context.step("open the Service's login URL", .fail,
                         "\(service.loginURL.absoluteString) ended at \(last.finalURL.absoluteString) (\(last.response.status)) without sending an AuthnRequest to MPass: \(page.summary())", log: exchangeLog)
            throw Stop(verdict: .fail, observed: "the login never reached MPass",
                       reason: "the login URL \(service.loginURL.absoluteString) never sent an AuthnRequest to MPass (ended at \(last.finalURL.absoluteString), status \(last.response.status), showing \(page.summary(limit: 120))); check login_url and that the Service's IdP SSO URL is \(simulator.configuration.singleSignOnURL)",
                       beforeFault: true)
        }
        let authnReport = authn.report
        context.step("open the Service's login URL", authnReport?.isValid == true ? .pass : .fail,
                     "the Service sent an AuthnRequest (\(authn.binding ?? "?") binding): "
                         + (authnReport.map { $0.isValid ? "all \($0.checks.count) MPass checks passed" : "failed " + $0.failures.map(\.id).joined(separator: ", ") } ?? "unchecked"),
                     log: exchangeLog)
        guard authnReport?.isValid == true else {
            throw Stop(verdict: .fail, observed: "MPass refused the Service's AuthnRequest",
                       reason: "MPass would refuse this AuthnRequest: " + (authnReport?.failures.map(\.line).joined(separator: "; ") ?? "")
                           + ". Fix the AuthnRequest first; no login can be tested without it",
                       beforeFault: true)
        }

        var loginPageShown = false
        if let form = last.page.form(id: "login"), last.finalURL.host() == simulator.configuration.baseURL.host() {
            loginPageShown = true
            if action == .expectNoLoginStep {
                context.step("MPass asks for a login", .fail, "MPass showed its login page although the user was logged in at MPass", log: exchangeLog)
            }
            if dropServiceCookies {
                let dropped = await self.dropServiceCookies(browser: browser)
                context.step("drop the Service's cookies while the user is at MPass", .info,
                             "\(dropped) removed; MPass will answer a request ID the Service never issued", log: exchangeLog)
            }
            let button = form.submitButtons.first { $0.value == (action == .cancel ? "cancel" : "login") }
            let submitted = try await browser.submit(form, submitter: button, from: last.page)
            flow = try await followLoginFlow(after: submitted, browser: browser)
            last = flow.last
            context.step(action == .cancel ? "cancel at MPass" : "log in at MPass", .info,
                         "MPass answered the Service's ACS; the person ends on \(last.finalURL.absoluteString) (\(last.response.status)): \(PageText(html: last.response.text).summary())",
                         log: exchangeLog)
        } else {
            context.step("MPass answers without a login step", .info,
                         "the browser went on to \(last.finalURL.absoluteString) (\(last.response.status)): \(PageText(html: last.response.text).summary())", log: exchangeLog)
        }
        // No Response was sent because the harness failed to make it: nothing was tested.
        if let failure = await simulator.events(after: mark).last(where: { $0.kind == .failed }) {
            context.step("MPass answers", .fail, failure.note, log: exchangeLog)
            throw Stop(verdict: .error, observed: "MPass's answer was never sent",
                       reason: "the harness could not build MPass's answer, so the Service was not tested: \(failure.note)")
        }
        return flowAnswer(flow, loginPageShown: loginPageShown, context: context)
    }

    /// Where a login went: the navigations from the one it started with, and whether the
    /// Service answered MPass's Response by starting a new login.
    struct LoginFlow {
        let navigations: [BrowserNavigation]
        let restartedLogin: Bool
        var last: BrowserNavigation { navigations[navigations.count - 1] }
    }

    /// Follows the pages that submit themselves after `navigation`, and stops where the Service,
    /// given MPass's Response, sends the browser back to MPass for a new login: with an MPass
    /// session MPass would answer at once and the pages would loop. Following on would also
    /// let MPass's next (clean) answer log in and hide that the Service refused the first.
    func followLoginFlow(after navigation: BrowserNavigation, browser: Browser) async throws -> LoginFlow {
        let singleSignOnURL = simulator.configuration.singleSignOnURL
        let made = try await browser.followAutoSubmits(after: navigation) { made in
            Self.restartsLogin([navigation] + made, singleSignOnURL: singleSignOnURL)
        }
        let navigations = [navigation] + made
        return LoginFlow(navigations: navigations, restartedLogin: Self.restartsLogin(navigations, singleSignOnURL: singleSignOnURL))
    }

    /// The answer a person reads at the end of `flow`, noting (as a step) a restarted login.
    func flowAnswer(_ flow: LoginFlow, loginPageShown: Bool = false, context: Context) -> ServiceAnswer {
        var answer = answer(flow.last.response, at: flow.last.finalURL, loginPageShown: loginPageShown)
        if flow.restartedLogin {
            answer.restartedLogin = true
            context.step("the Service starts a new login", .info,
                         "right after MPass's Response reached it, the Service sent the browser back to MPass with a new AuthnRequest: it kept no session (with an MPass session a person sees the pages loop)",
                         log: exchangeLog)
        }
        return answer
    }

    /// Whether `navigations` delivered a SAMLResponse by POST and then went on to MPass's
    /// SSO endpoint: the Service answered MPass's Response by starting a new login.
    static func restartsLogin(_ navigations: [BrowserNavigation], singleSignOnURL: String) -> Bool {
        let hops = navigations.flatMap(\.hops)
        guard let delivered = hops.firstIndex(where: { hop in
            hop.request.method == "POST" && hop.request.body.map { String(decoding: $0, as: UTF8.self).contains("SAMLResponse=") } == true
        }) else { return false }
        return hops[(delivered + 1)...].contains { sameEndpoint($0.request.url.absoluteString, singleSignOnURL) }
    }

    func judgeLogin(_ testCase: ConformanceCase, answer: ServiceAnswer, browser: Browser, context: Context,
                    since mark: Int? = nil) async throws -> Stop {
        let probe = try await probeProtected(browser: browser)
        let expectedAccepted = testCase.expectation == .accepted
        let observed = probe.served ? "accepted: \(probe.description)" : "rejected: \(probe.description)"
        context.step("ask for the protected resource", probe.served == expectedAccepted ? .pass : .fail, probe.description, log: exchangeLog)

        switch testCase.expectation {
        case .accepted:
            if case .singleSignOn = testCase.scenario, answer.loginPageShown {
                return Stop(verdict: .fail, observed: observed, reason: "MPass showed its login page although the user had an MPass session; check that the AuthnRequest does not set ForceAuthn")
            }
            if !probe.served {
                return Stop(verdict: .fail, observed: observed,
                            reason: "a valid signed Response from MPass did not open a session: "
                                + loginDiagnosis(since: mark ?? context.caseStart, answer: answer, probe: probe))
            }
            if let error = answer.errorShown {
                return Stop(verdict: .fail, observed: observed, reason: "the login worked but the person ends on an error: \(error); the guide expects no error")
            }
            if let suspicion = answer.suspectedError {
                context.step("no error shown", .review, suspicion, log: exchangeLog)
                return Stop(verdict: .review, observed: observed,
                            reason: "the login worked, but \(suspicion). If that is an error page, fix it; if it is not, look at it once and accept")
            }
            return Stop(verdict: .pass, observed: observed,
                        reason: "the Service accepted MPass's valid Response and opened a session; the person ends on \(answer.landing)")

        case .rejectedWithoutError:
            if probe.served {
                return Stop(verdict: .fail, observed: observed, reason: "a cancelled login (non-Success status, no Assertion) opened a session; treat any non-Success status as a failed login")
            }
            if let error = answer.errorShown {
                context.step("no error shown", .fail, error, log: exchangeLog)
                return Stop(verdict: .fail, observed: "rejected, but with an error: \(error)",
                            reason: "the Service refused the cancelled login but showed an error (\(error)); the guide expects the user back at the Service, not logged in, without an error: answer a non-Success status with a normal page (status 200 or a redirect to one) that says the login was cancelled",
                            control: .login)
            }
            if let suspicion = answer.suspectedError {
                context.step("no error shown", .review, suspicion, log: exchangeLog)
                return Stop(verdict: .review, observed: "rejected; the page may show an error",
                            reason: "the cancelled login opened no session, but \(suspicion). The guide expects no error: look at the page; add its error text to error_markers if it is one",
                            control: .login)
            }
            context.step("no error shown", .pass, "the person ends on \(answer.landing)", log: exchangeLog)
            return Stop(verdict: .pass, observed: observed,
                        reason: "the cancelled login opened no session and the Service showed no error (the person ends on \(answer.landing))",
                        control: .login)

        case .rejected:
            if probe.served {
                return await whoseSession(testCase, probe: probe, observed: observed)
            }
            let note = answer.restartedLogin
                ? " (it sent the browser straight back to MPass for a new login, which loops while the user has an MPass session; a page saying the login failed would be better)"
                : answer.errorShown.map { " (it showed \($0); a friendly page would be better)" } ?? ""
            return Stop(verdict: .pass, observed: observed, reason: "the Service refused the Response\(note)", control: .login)

        case .loggedOut, .sessionKept, .logoutNotConfirmed, .messageValid, .compliantHTTP, .acceptedWithWholeNameID:
            return Stop(verdict: .error, observed: observed,
                        reason: "internal: the expectation \"\(testCase.expectation.rawValue)\" does not apply to a login scenario")
        }
    }

    func loginFirst(browser: Browser, context: Context) async throws {
        let mark = exchangeLog.count
        let answer = try await login(browser: browser, context: context, action: .login)
        let probe = try await probeProtected(browser: browser)
        context.step("logged in (prerequisite)", probe.served ? .pass : .fail, probe.description, log: exchangeLog)
        guard probe.served else {
            throw Stop(verdict: .fail, observed: "the login itself failed",
                       reason: "the prerequisite login did not open a session: \(loginDiagnosis(since: mark, answer: answer, probe: probe)); fix TC_FUNCT_01 first",
                       beforeFault: true)
        }
    }

    func establishMPassSession(browser: Browser, context: Context) async throws {
        // Log in once through the Service, then forget the Service's cookies: what remains is
        // exactly "logged in at MPass only".
        try await loginFirst(browser: browser, context: context)
        let dropped = await dropServiceCookies(browser: browser)
        let probe = try await probeProtected(browser: browser)
        guard !probe.served else {
            throw Stop(verdict: .error, observed: "the Service kept the session without its cookies",
                       reason: "after dropping the Service's cookies (\(dropped)) the protected resource is still served (\(probe.description)); the SSO case cannot be judged")
        }
        await simulator.clearEvents()
        context.step("logged in at MPass only", .info, "\(dropped) dropped; MPass's session kept", log: exchangeLog)
    }

    // MARK: Logout

    struct LogoutAnswer {
        /// The page the person ends on (for MPass-initiated logout: the Service's answer to
        /// MPass's LogoutRequest, which MPass may show in a frame).
        let page: ServiceAnswer
        let sloAnswerHeaders: HTTPHeaderList?
    }

    func serviceLogout(browser: Browser, context: Context) async throws -> LogoutAnswer {
        let start = try await browser.get(service.logoutURL, headers: headers)
        let last = try await browser.followAutoSubmits(after: start).last ?? start
        let ended = answer(last.response, at: last.finalURL)
        context.step("log out at the Service", .info, "the person ends on \(ended.landing)", log: exchangeLog)
        return LogoutAnswer(page: ended, sloAnswerHeaders: nil)
    }

    func mpassLogout(browser: Browser, context: Context) async throws -> LogoutAnswer {
        let startURL = URL(string: simulator.configuration.url("logout/start"))!
        let start = try await browser.post(startURL, form: [FormField("service", service.issuer)])
        let navigations = [start] + (try await browser.followAutoSubmits(after: start))
        // Over HTTP-Redirect the hop's URL carries the signed query after the SLO URL.
        let sloHop = navigations.flatMap { $0.hops }.first { hop in
            service.singleLogoutURL.map { Self.sameEndpoint(hop.request.url.absoluteString, $0) } ?? false
        }
        let last = navigations.last!
        context.step("MPass logs the user out (single logout)", .info,
                     sloHop.map { "the Service's SLO URL answered \($0.response.status)" } ?? "the Service's SLO URL was not reached",
                     log: exchangeLog)
        if let sloHop {
            let csp = sloHop.response.headers["Content-Security-Policy"] ?? ""
            let origin = simulator.configuration.baseURL.host() ?? ""
            let framingAllowed = csp.contains("frame-ancestors") && csp.contains(origin)
            context.step("SLO answer may be framed by MPass", framingAllowed ? .pass : .review,
                         framingAllowed ? "Content-Security-Policy: \(csp)"
                             : "no Content-Security-Policy frame-ancestors naming MPass (\(csp.isEmpty ? "no CSP header" : csp)); MPass may post single logout in a frame",
                         log: exchangeLog)
        }
        let shown = sloHop.map { answer($0.response, at: $0.request.url) } ?? answer(last.response, at: last.finalURL)
        return LogoutAnswer(page: shown, sloAnswerHeaders: sloHop?.response.headers)
    }

    func judgeLogout(_ testCase: ConformanceCase, answer: LogoutAnswer, browser: Browser, context: Context,
                             received kind: SimulatorEvent.Kind, what: String) async throws -> Stop {
        let event = await simulator.events.last { $0.kind == kind }
        let probe = try await probeProtected(browser: browser)
        context.step("ask for the protected resource after the logout", probe.served ? .fail : .pass, probe.description, log: exchangeLog)
        let observed = probe.served ? "still logged in: \(probe.description)" : "logged out: \(probe.description)"
        guard let event else {
            context.step(what, .fail, "MPass never received it", log: exchangeLog)
            return Stop(verdict: .fail, observed: observed, reason: "MPass never received \(what); the logout exchange with MPass is missing")
        }
        let report = event.report
        context.step(what, report?.isValid == true ? .pass : .fail,
                     report.map { $0.isValid ? "all \($0.checks.count) checks passed" : "failed " + $0.failures.map(\.id).joined(separator: ", ") } ?? "unchecked",
                     log: exchangeLog)
        if probe.served {
            return Stop(verdict: .fail, observed: observed, reason: "after the logout the protected resource is still served; the Service must end its session")
        }
        if let report, !report.isValid {
            return Stop(verdict: .fail, observed: observed,
                        reason: "\(what) fails MPass's checks: " + report.failures.map(\.line).joined(separator: "; "))
        }
        if let error = answer.page.errorShown {
            return Stop(verdict: .fail, observed: observed, reason: "the logout ended with an error: \(error); the guide expects no error")
        }
        if let suspicion = answer.page.suspectedError {
            context.step("no error shown", .review, suspicion, log: exchangeLog)
            return Stop(verdict: .review, observed: observed,
                        reason: "the session ended and \(what) passed every check, but \(suspicion). The guide expects no error: look at the page; add its error text to error_markers if it is one")
        }
        return Stop(verdict: .pass, observed: observed,
                    reason: "the session ended and \(what) passed every check; the person ends on \(answer.page.landing)")
    }

    // MARK: Observations

    struct Probe {
        let served: Bool
        let description: String
        /// The protected resource's body: whose session it is can be read from it.
        var text: String = ""
        /// Served with the logged-in status, but without the marker.
        var markerMissing = false
    }

    /// Asks for the protected resource with the browser's cookies, without following redirects.
    func probeProtected(browser: Browser) async throws -> Probe {
        let navigation = try await browser.send(BrowserRequest(method: "GET", url: service.protectedURL, headers: headers), followRedirects: false)
        let response = navigation.response
        let path = service.protectedURL.path
        if response.isRedirect {
            return Probe(served: false, description: "\(path) redirected (\(response.status)) to \(response.location ?? "?")")
        }
        guard response.status == service.loggedInStatus else {
            return Probe(served: false, description: "\(path) answered \(response.status)")
        }
        if let marker = service.loggedInMarker, !response.text.contains(marker) {
            return Probe(served: false, description: "\(path) answered \(response.status) without the logged-in marker \"\(marker)\"",
                         text: response.text, markerMissing: true)
        }
        return Probe(served: true, description: "\(path) served (\(response.status)\(service.loggedInMarker.map { ", marker \"\($0)\" present" } ?? ""))",
                     text: response.text)
    }

    /// A 4xx or 5xx page, or an error marker from the target description: an error the
    /// person sees. (Error wording on a 200 page is only a suspicion: `errorReading`.)
    func errorShown(in response: BrowserResponse) -> String? {
        if case .error(let error) = errorReading.read(response) { return error }
        return nil
    }

    var headers: HTTPHeaderList {
        HTTPHeaderList(service.extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    private func messages() async -> [MessageEvidence] {
        await simulator.events.compactMap { event -> MessageEvidence? in
            guard let xml = event.xml else { return nil }
            let direction: MessageEvidence.Direction
            let kind: String
            switch event.kind {
            case .authnRequestReceived: (direction, kind) = (.serviceToIdP, "AuthnRequest")
            case .logoutRequestReceived: (direction, kind) = (.serviceToIdP, "LogoutRequest")
            case .logoutResponseReceived: (direction, kind) = (.serviceToIdP, "LogoutResponse")
            case .responseSent: (direction, kind) = (.idpToService, "Response")
            case .logoutRequestSent: (direction, kind) = (.idpToService, "LogoutRequest")
            case .logoutResponseSent: (direction, kind) = (.idpToService, "LogoutResponse")
            case .refused: (direction, kind) = (.serviceToIdP, "refused message")
            default: return nil
            }
            // What MPass sent carries no checks of its own: the Service's behaviour judges it.
            return MessageEvidence(direction: direction, kind: kind, binding: event.binding == "Redirect" ? .redirect : .post,
                                   id: event.messageID ?? "", xml: xml,
                                   checks: event.report ?? ValidationReport(messageKind: kind))
        }
    }
}
