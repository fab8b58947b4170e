import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator
import Vocabulary

/// Replay and session cases: a Response used twice, one nobody asked for, one answering an
/// earlier login. All are judged the way chapter 9 judges a login: by asking for the
/// protected resource afterwards.
extension CaseRunner {
    /// Logs in, captures the form the browser posted to the ACS, then posts it again at `moment`.
    func replayResponse(_ testCase: ConformanceCase, moment: ConformanceCase.ReplayMoment, browser: any CaseBrowser,
                        context: Context) async throws -> Outcome {
        let mark = exchangeLog.count
        try await loginFirst(browser: browser, context: context)
        guard let captured = capturedACSPost(since: mark) else {
            context.step("capture the Response posted to the ACS", .fail, "no POST to \(service.acsURL) in this case's exchanges", log: exchangeLog)
            throw Stop(verdict: .error, observed: "no Response was captured",
                       reason: "the login worked but no POST to the ACS URL \(service.acsURL) was seen; check acs_url")
        }
        context.step("capture the Response posted to the ACS", .info, "\(captured.count) bytes of form", log: exchangeLog)
        switch moment {
        case .afterCookiesDropped, .whileLoggedIn:
            // An attacker's browser: none of the victim's cookies for the Service.
            if let host = service.baseURL.host() { try await browser.clearCookies(forHost: host) }
        case .afterLogout:
            _ = try await serviceLogout(browser: browser, context: context)
            if let host = service.baseURL.host() { try await browser.clearCookies(forHost: host) }
        }
        let probeBefore = try await probeProtected(browser: browser)
        guard !probeBefore.served else {
            throw Stop(verdict: .error, observed: "the session survived without its cookies",
                       reason: "after the Service's cookies were dropped the protected resource is still served (\(probeBefore.description)); the replay cannot be judged")
        }
        // The fault is this second delivery; the first was MPass's clean Response.
        context.faultStarts(log: exchangeLog)
        let replayed = try await postToACS(captured, browser: browser)
        context.step("post the same Response again \(moment.rawValue)", .info,
                     "the ACS answered \(replayed.response.status) at \(replayed.finalURL.absoluteString)", log: exchangeLog)
        let answer = answer(replayed.response, at: replayed.finalURL)
        return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)
    }

    /// MPass posts a Response the Service never asked for (no InResponseTo).
    func unsolicitedResponse(_ testCase: ConformanceCase, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        context.faultStarts(log: exchangeLog)
        var components = URLComponents(string: simulator.configuration.url("login/unsolicited"))!
        components.queryItems = [URLQueryItem(name: "service", value: service.issuer)]
        let start = try await browser.get(components.url!)
        let flow = try await followLoginFlow(after: start, browser: browser)
        context.step("MPass posts an unsolicited Response to the ACS", .info,
                     "the Service's last page: \(flow.last.finalURL.absoluteString) (\(flow.last.response.status))", log: exchangeLog)
        let answer = flowAnswer(flow, context: context)
        return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)
    }

    /// Logs in once (completing that login), drops the Service's cookies, then logs in again;
    /// MPass answers the second login with something of the first: its request ID, its
    /// Response ID or its Assertion ID. Each is used up; the Service must refuse.
    func secondLoginReusing(_ reuse: ConformanceCase.Reuse, _ testCase: ConformanceCase, browser: any CaseBrowser,
                            context: Context) async throws -> Outcome {
        let mark = await simulator.lastSequence
        try await loginFirst(browser: browser, context: context)
        let events = await simulator.events(after: mark)
        guard let requestID = events.first(where: { $0.kind == .authnRequestReceived })?.messageID,
              let sent = events.first(where: { $0.kind == .responseSent }), let xml = sent.xml,
              let first = try? Response(parsing: SafeXMLParser().parse(xml).root) else {
            throw Stop(verdict: .error, observed: "the first login left nothing to reuse",
                       reason: "the first login's AuthnRequest or Response could not be read back")
        }
        if let host = service.baseURL.host() { try await browser.clearCookies(forHost: host) }
        var switches = ResponseSwitches()
        switch reuse {
        case .requestID:
            switches.inResponseToOverride = requestID
        case .responseID:
            let id = first.id
            switches.shapeResponse = { $0.id = id }
        case .assertionID:
            let id = first.assertions.first?.id
            switches.shapeResponse = { response in
                for index in response.assertions.indices { response.assertions[index].id = id }
            }
        }
        await arm(switches, context: context)
        context.step("log in again, answered with \(reuse.rawValue)", .info, "the Service's cookies were dropped first", log: exchangeLog)
        let answer = try await login(browser: browser, context: context, action: .login)
        return try await judgeLogin(testCase, answer: answer, browser: browser, context: context)
    }

    // MARK: Helpers

    /// The body of the last form POST to the ACS since exchange `mark`.
    func capturedACSPost(since mark: Int) -> Data? {
        exchangeLog.records(from: mark).last { record in
            record.request.method == "POST" && Self.sameEndpoint(record.request.url, service.acsURL)
        }?.request.body
    }

    func postToACS(_ body: Data, browser: any CaseBrowser) async throws -> BrowserNavigation {
        let fields = FormURLEncoding.decode(String(decoding: body, as: UTF8.self))
        return try await browser.post(URL(string: service.acsURL)!, form: fields, headers: headers)
    }

    static func sameEndpoint(_ a: String, _ b: String) -> Bool {
        func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
        return trimmed(a.components(separatedBy: "?")[0]) == trimmed(b.components(separatedBy: "?")[0])
    }
}
