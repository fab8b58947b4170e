import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import HTTPTypes
import MPassSAML
import MPassSimulator
import Synchronization

/// Runs one case against the Service: a fresh browser (new cookie jar), a fresh MPass
/// (the simulator reset and switched), the scenario's steps, then the verdict from what the
/// Service did: after each login attempt the browser asks for the protected resource with
/// the same cookies; served means accepted, refused or sent to MPass means rejected.
struct CaseRunner {
    let service: ServiceUnderTest
    let simulator: MPassSimulator
    let browserConfiguration: BrowserConfiguration
    let exchangeLog: ExchangeLog
    /// The run's headless Chromium (`run --browser chromium`); nil: the in-process agent.
    var chromium: ChromiumRun? = nil
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

        /// The exchange log's length when the case armed its fault (its first arming): MPass's
        /// messages before it, such as a prerequisite login, are clean.
        private let fault = Mutex<Int?>(nil)
        var faultStart: Int? { fault.withLock { $0 } }
        func faultStarts(log: ExchangeLog) {
            let now = log.count
            fault.withLock { $0 = $0 ?? now }
        }

        /// The exchange log's length when the case's positive control began (its first one).
        private let control = Mutex<Int?>(nil)
        var controlStart: Int? { control.withLock { $0 } }
        func controlStarts(log: ExchangeLog) {
            let now = log.count
            control.withLock { $0 = $0 ?? now }
        }

        /// A step about the harness's own work (INFO), claiming none of the case's exchanges.
        func note(_ title: String, _ detail: String) {
            state.withLock { $0.steps.append(CaseStep(title: title, outcome: .info, detail: detail)) }
        }

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

    /// Runs `testCase` to its result. A step that stops the case early throws `Stop`,
    /// caught here only (`CaseRunner+Outcome`).
    func run(_ testCase: ConformanceCase) async -> CaseResult {
        let started = Date()
        await simulator.reset()
        let context = Context(firstExchange: exchangeLog.count)
        let outcome: Outcome
        var screenshot: CaseScreenshot?
        do {
            outcome = try await withCaseBrowser(testCase.id, screenshot: &screenshot, context: context) { browser in
                for (name, value) in service.cookies.sorted(by: { $0.key < $1.key }) {
                    _ = try await browser.setCookie("\(name)=\(value); Path=/", for: service.baseURL)
                }
                return try await execute(testCase, browser: browser, context: context)
            }
        } catch let stop as Stop {
            outcome = stop.judged(for: testCase)
        } catch let error as BrowserError {
            let step = context.steps.last?.title ?? "start"
            context.step(error.code == .browserCookieRefused ? "the browser refused a cookie" : "network", .fail, error.reason, log: exchangeLog)
            outcome = Outcome(verdict: .error, observed: "the flow broke off: \(error.code.rawValue)",
                              reason: "\(testCase.id), after the step \"\(step)\": \(error.reason)")
        } catch {
            outcome = Outcome(verdict: .error, observed: "the harness failed", reason: "\(testCase.id): \(error)")
        }
        var result = CaseResult(
            id: testCase.id, title: testCase.title, reference: testCase.reference, kind: testCase.kind,
            severity: testCase.severity, expected: testCase.expectation.rawValue, observed: outcome.observed,
            verdict: outcome.verdict, reason: outcome.reason,
            durationMs: Int((Date().timeIntervalSince(started) * 1000).rounded()),
            steps: context.steps, messages: await simulator.events.compactMap(\.evidence))
        result.screenshot = screenshot
        result.fault = testCase.appliedFault
        result.faultFromExchange = context.faultStart
        result.controlFromExchange = context.controlStart
        return result
    }

    /// Runs `body` with the case's browser: a new in-process agent answering for the simulator
    /// in process, or (`chromium`) the run's Chromium with fresh state, whose last page becomes
    /// the case's `screenshot` however the case ended.
    /// A picture Chromium could not take is said in a step of the case (its verdict unchanged).
    private func withCaseBrowser<T: Sendable>(_ caseID: String, screenshot: inout CaseScreenshot?, context: Context,
                                              _ body: (any CaseBrowser) async throws -> T) async throws -> T {
        guard let chromium else {
            return try await Browser.withBrowser(configuration: browserConfiguration, log: exchangeLog) { browser in
                try await browser.register(SimulatorHost(simulator: simulator), for: simulator.configuration.baseURL)
                return try await body(browser)
            }
        }
        let singleSignOnURL = simulator.configuration.singleSignOnURL
        let browser = try await chromium.caseBrowser(log: exchangeLog, configuration: browserConfiguration, serviceBaseURL: service.baseURL) {
            Self.restartsLogin($0, singleSignOnURL: singleSignOnURL)
        }
        defer { Task { [agent = browser.agent] in try? await agent.shutdown() } }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(browser))
        } catch {
            result = .failure(error)
        }
        do {
            screenshot = try await chromium.capture(caseID, from: browser)
        } catch {
            context.note(CaseScreenshot.notTakenStep, ChromiumCaseBrowser.reason(error))
        }
        return try result.get()
    }

    // MARK: Scenarios

    private func execute(_ testCase: ConformanceCase, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        try await baseline(browser: browser, context: context)
        let outcome = try await scenario(testCase, browser: browser, context: context)
        return try await checked(outcome, testCase, browser: browser, context: context)
    }

    private func scenario(_ testCase: ConformanceCase, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        switch testCase.scenario {
        case .login(let switches):
            await arm(switches, context: context)
            if switches.useCompatibleCertificate { try await simulator.prepareCompatibleIdentity() }
            let answer = try await login(browser: browser, context: context, action: .login)
            return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)

        case .loginWithLostServiceState:
            var switches = ResponseSwitches()
            switches.inResponseToOverride = SAMLIdentifier.make()
            await arm(switches, context: context)
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
            await arm(switches, context: context)
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

    // MARK: Arming the fault

    /// MPass's next Responses are shaped by `switches`: from here the case's messages carry
    /// its fault, which the report's diagrams draw on them (and not on an earlier clean login).
    func arm(_ switches: ResponseSwitches, context: Context) async {
        context.faultStarts(log: exchangeLog)
        await simulator.setResponseSwitches(switches)
    }

    /// MPass's next LogoutRequests are shaped by `switches`.
    func arm(_ switches: LogoutSwitches, context: Context) async {
        context.faultStarts(log: exchangeLog)
        await simulator.setLogoutSwitches(switches)
    }

    /// MPass's next LogoutResponses are shaped by `switches`.
    func arm(_ switches: LogoutResponseSwitches, context: Context) async {
        context.faultStarts(log: exchangeLog)
        await simulator.setLogoutResponseSwitches(switches)
    }

    /// The protected resource must not be served to a browser that never logged in;
    /// otherwise "served" proves nothing and every verdict would be wrong.
    func baseline(browser: any CaseBrowser, context: Context) async throws {
        let probe = try await probeProtected(browser: browser)
        if probe.served {
            context.step("check the protected resource without a login", .fail, probe.description, log: exchangeLog)
            throw Stop(verdict: .error, observed: "the protected resource is served without logging in",
                       reason: "\(service.protectedURL.absoluteString) is served to a browser that never logged in, so no login result can be judged; set logged_in.url to a page that needs a login, or logged_in.marker to text shown only when logged in")
        }
        context.step("check the protected resource without a login", .pass, probe.description, log: exchangeLog)
    }

    // MARK: The protected resource

    struct Probe {
        let served: Bool
        let description: String
        /// The protected resource's body: whose session it is can be read from it.
        var text: String = ""
        /// Served with the logged-in status, but without the marker.
        var markerMissing = false
    }

    /// Asks for the protected resource with the browser's cookies, without following redirects.
    func probeProtected(browser: any CaseBrowser) async throws -> Probe {
        let navigation = try await browser.send(BrowserRequest(method: "GET", url: service.protectedURL, headers: headers), followRedirects: false)
        let response = navigation.response
        let path = service.protectedURL.path + browser.probeNote
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

    /// The target's extra headers, in name order. The target loader refused every name that
    /// is not a token, the only names an `HTTPField.Name` can hold.
    var headers: HTTPFields {
        HTTPFields(service.extraHeaders.sorted { $0.key < $1.key }.compactMap { name, value in
            HTTPField.Name(name).map { HTTPField(name: $0, value: value) }
        })
    }
}
