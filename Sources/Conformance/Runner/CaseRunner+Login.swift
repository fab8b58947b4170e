import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML

/// Logging in through the Service and MPass, and the verdict on a login: the page the person
/// ends on, and whether the protected resource is then served.
extension CaseRunner {
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
    func login(browser: any CaseBrowser, context: Context, action: LoginAction, dropServiceCookies: Bool = false) async throws -> ServiceAnswer {
        let mark = await simulator.lastSequence
        let start = try await browser.get(service.loginURL, headers: headers)
        var flow = try await followLoginFlow(after: start, browser: browser)
        var last = flow.last
        let authn = await simulator.events(after: mark).last { $0.kind == .authnRequestReceived }
        guard let authn else {
            let page = PageText(html: last.response.text)
            context.step("open the Service's login URL", .fail,
                         "\(service.loginURL.absoluteString) ended at \(last.finalURL.absoluteString) (\(last.response.status)) without sending an AuthnRequest to MPass: \(page.summary())", log: exchangeLog)
            if !browser.runsScripts, last.response.text.range(of: "<script", options: .caseInsensitive) != nil {
                // The page may start the login from JavaScript (a single-page application):
                // the agent cannot tell, and a verdict on the Service would be a guess.
                throw Stop(verdict: .error, observed: "the login needs a real browser",
                           reason: "the login URL \(service.loginURL.absoluteString) ended at \(last.finalURL.absoluteString) (status \(last.response.status)) on a page with scripts and no form that submits itself, so no AuthnRequest reached MPass; the in-process agent runs no JavaScript. If the Service starts its login from a script, run with --browser chromium; otherwise check login_url and that the Service's IdP SSO URL is \(simulator.configuration.singleSignOnURL)",
                           beforeFault: true)
            }
            throw Stop(verdict: .fail, observed: "the login never reached MPass",
                       reason: "the login URL \(service.loginURL.absoluteString) never sent an AuthnRequest to MPass (ended at \(last.finalURL.absoluteString), status \(last.response.status), showing \(page.summary(limit: 120))); check login_url and that the Service's IdP SSO URL is \(simulator.configuration.singleSignOnURL)",
                       beforeFault: true)
        }
        let authnReport = authn.report
        context.step("open the Service's login URL", authnReport?.isValid == true ? .pass : .fail,
                     "the Service sent an AuthnRequest (\(authn.binding ?? "?") binding): "
                         + (authnReport.map { $0.isValid ? "all \($0.checks.count) MPass checks passed" : "failed " + $0.failures.map(\.id.rawValue).joined(separator: ", ") } ?? "unchecked"),
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
                let dropped = try await self.dropServiceCookies(browser: browser)
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
    func followLoginFlow(after navigation: BrowserNavigation, browser: any CaseBrowser) async throws -> LoginFlow {
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

    func judgeLogin(_ testCase: ConformanceCase, answer: ServiceAnswer, browser: any CaseBrowser, context: Context,
                    since mark: Int? = nil) async throws -> Outcome {
        let probe = try await probeProtected(browser: browser)
        let expectedAccepted = testCase.expectation == .accepted
        let observed = probe.served ? "accepted: \(probe.description)" : "rejected: \(probe.description)"
        context.step("ask for the protected resource", probe.served == expectedAccepted ? .pass : .fail, probe.description, log: exchangeLog)

        switch testCase.expectation {
        case .accepted:
            if case .singleSignOn = testCase.scenario, answer.loginPageShown {
                return Outcome(verdict: .fail, observed: observed, reason: "MPass showed its login page although the user had an MPass session; check that the AuthnRequest does not set ForceAuthn")
            }
            if !probe.served {
                return Outcome(verdict: .fail, observed: observed,
                               reason: "a valid signed Response from MPass did not open a session: "
                                + loginDiagnosis(since: mark ?? context.caseStart, answer: answer, probe: probe))
            }
            if let error = answer.errorShown {
                return Outcome(verdict: .fail, observed: observed, reason: "the login worked but the person ends on an error: \(error); the guide expects no error")
            }
            if let suspicion = answer.suspectedError {
                context.step("no error shown", .review, suspicion, log: exchangeLog)
                return Outcome(verdict: .review, observed: observed,
                               reason: "the login worked, but \(suspicion). If that is an error page, fix it; if it is not, look at it once and accept")
            }
            return Outcome(verdict: .pass, observed: observed,
                           reason: "the Service accepted MPass's valid Response and opened a session; the person ends on \(answer.landing)")

        case .rejectedWithoutError:
            if probe.served {
                return Outcome(verdict: .fail, observed: observed, reason: "a cancelled login (non-Success status, no Assertion) opened a session; treat any non-Success status as a failed login")
            }
            if let error = answer.errorShown {
                context.step("no error shown", .fail, error, log: exchangeLog)
                return Outcome(verdict: .fail, observed: "rejected, but with an error: \(error)",
                               reason: "the Service refused the cancelled login but showed an error (\(error)); the guide expects the user back at the Service, not logged in, without an error: answer a non-Success status with a normal page (status 200 or a redirect to one) that says the login was cancelled",
                               control: .login)
            }
            if let suspicion = answer.suspectedError {
                context.step("no error shown", .review, suspicion, log: exchangeLog)
                return Outcome(verdict: .review, observed: "rejected; the page may show an error",
                               reason: "the cancelled login opened no session, but \(suspicion). The guide expects no error: look at the page; add its error text to error_markers if it is one",
                               control: .login)
            }
            context.step("no error shown", .pass, "the person ends on \(answer.landing)", log: exchangeLog)
            return Outcome(verdict: .pass, observed: observed,
                           reason: "the cancelled login opened no session and the Service showed no error (the person ends on \(answer.landing))",
                           control: .login)

        case .rejected:
            if probe.served {
                return await whoseSession(testCase, probe: probe, observed: observed)
            }
            let note = answer.restartedLogin
                ? " (it sent the browser straight back to MPass for a new login, which loops while the user has an MPass session; a page saying the login failed would be better)"
                : answer.errorShown.map { " (it showed \($0); a friendly page would be better)" } ?? ""
            return Outcome(verdict: .pass, observed: observed, reason: "the Service refused the Response\(note)", control: .login)

        case .loggedOut, .sessionKept, .logoutNotConfirmed, .messageValid, .compliantHTTP, .acceptedWithWholeNameID:
            return Outcome(verdict: .error, observed: observed,
                           reason: "internal: the expectation \"\(testCase.expectation.rawValue)\" does not apply to a login scenario")
        }
    }

    func loginFirst(browser: any CaseBrowser, context: Context) async throws {
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

    func establishMPassSession(browser: any CaseBrowser, context: Context) async throws {
        // Log in once through the Service, then forget the Service's cookies: what remains is
        // exactly "logged in at MPass only".
        try await loginFirst(browser: browser, context: context)
        let dropped = try await dropServiceCookies(browser: browser)
        let probe = try await probeProtected(browser: browser)
        guard !probe.served else {
            throw Stop(verdict: .error, observed: "the Service kept the session without its cookies",
                       reason: "after dropping the Service's cookies (\(dropped)) the protected resource is still served (\(probe.description)); the SSO case cannot be judged")
        }
        await simulator.clearEvents()
        context.step("logged in at MPass only", .info, "\(dropped) dropped; MPass's session kept", log: exchangeLog)
    }
}
