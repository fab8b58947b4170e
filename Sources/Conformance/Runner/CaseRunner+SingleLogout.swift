import CaseCatalogue
import Foundation
import HarnessModel
import HTTPTypes
import MPassSAML
import MPassSimulator

/// Logout cases in both directions beyond chapter 9: MPass's faulty LogoutRequests, which
/// the Service must refuse while keeping the session, and MPass's faulty LogoutResponses,
/// which the Service must not take for a confirmed logout.
extension CaseRunner {
    /// Logs in; MPass sends a LogoutRequest shaped by `switches`; the session must survive.
    func mpassLogoutRefused(_ testCase: ConformanceCase, switches: LogoutSwitches, browser: any CaseBrowser,
                            context: Context) async throws -> Outcome {
        try await loginFirst(browser: browser, context: context)
        await arm(switches, context: context)
        let mark = exchangeLog.count
        _ = try await mpassLogout(browser: browser, context: context)
        return try await judgeSessionKept(testCase, browser: browser, context: context, since: mark)
    }

    /// Logs in and out through MPass once; logs in again; MPass's second LogoutRequest
    /// carries the first one's ID. The Service must refuse it as a replay.
    func mpassLogoutReusingID(_ testCase: ConformanceCase, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        try await loginFirst(browser: browser, context: context)
        _ = try await mpassLogout(browser: browser, context: context)
        let ended = try await probeProtected(browser: browser)
        guard !ended.served else {
            throw Stop(verdict: .fail, observed: "the first single logout left the session open",
                       reason: "a valid LogoutRequest from MPass did not end the session (\(ended.description)); fix TC_FUNCT_05 first",
                       beforeFault: true)
        }
        try await loginFirst(browser: browser, context: context)
        var switches = LogoutSwitches()
        switches.reusePreviousID = true
        await arm(switches, context: context)
        let mark = exchangeLog.count
        _ = try await mpassLogout(browser: browser, context: context)
        return try await judgeSessionKept(testCase, browser: browser, context: context, since: mark)
    }

    func judgeSessionKept(_ testCase: ConformanceCase, browser: any CaseBrowser, context: Context, since mark: Int) async throws -> Outcome {
        let probe = try await probeProtected(browser: browser)
        context.step("ask for the protected resource after the faulty LogoutRequest", probe.served ? .pass : .fail,
                     probe.description, log: exchangeLog)
        if probe.served {
            return Outcome(verdict: .pass, observed: "session kept: \(probe.description)",
                           reason: "the Service refused the faulty LogoutRequest and kept the session", control: .singleLogout)
        }
        if let lost = cookieDiagnosis(since: mark, endpoint: service.singleLogoutURL ?? ""), lost.contains("replacing") {
            // The LogoutRequest never reached the session: the browser did not send its cookie,
            // and the Service's answer overwrote it. The session was lost, not ended.
            return Outcome(verdict: .notJudged, observed: "session lost, not ended: \(probe.description)",
                           reason: "the faulty LogoutRequest cannot be judged: \(lost). The session was replaced by the browser's cookie handling, not ended by the LogoutRequest; valid single logout (TC_FUNCT_05) fails the same way")
        }
        return Outcome(verdict: .fail, observed: "logged out: \(probe.description)",
                       reason: "the Service ended the session on a faulty LogoutRequest (\(testCase.fault)); anyone could log its users out. Check the LogoutRequest as every MPass message, and end only the session it names")
    }

    /// Two logouts started at the Service: a clean one, then one MPass answers with a faulty
    /// LogoutResponse. A Service that checks the answer treats the two differently; one that
    /// answers the faulty one exactly as the clean one did has not checked it.
    func serviceLogoutAnswered(_ testCase: ConformanceCase, switches: LogoutResponseSwitches, browser: any CaseBrowser,
                               context: Context) async throws -> Outcome {
        try await loginFirst(browser: browser, context: context)
        let cleanMark = exchangeLog.count
        let sequenceMark = await simulator.lastSequence
        _ = try await serviceLogout(browser: browser, context: context)
        let cleanRequest = await simulator.events(after: sequenceMark).last { $0.kind == .logoutRequestReceived }
        guard let cleanRequest, cleanRequest.report?.isValid == true else {
            throw Stop(verdict: .fail, observed: "MPass refused the Service's LogoutRequest",
                       reason: "the Service's own LogoutRequest fails MPass's checks (\(cleanRequest?.report?.failures.map(\.id.rawValue).joined(separator: ", ") ?? "none was sent")); fix TC_FUNCT_04 first",
                       beforeFault: true)
        }
        guard let clean = logoutResponseAnswer(since: cleanMark) else {
            throw Stop(verdict: .error, observed: "MPass's LogoutResponse never reached the Service",
                       reason: "no POST to \(service.logoutResponseURL ?? "the logout response URL") was seen after the Service's logout; check logout_response_url")
        }
        context.step("a clean logout, for comparison", .info, "the Service answered MPass's valid LogoutResponse with \(clean.summary)", log: exchangeLog)
        if let error = clean.error {
            // The positive control: a Service that refuses the valid LogoutResponse too shows
            // nothing by refusing (or confusing) a faulty one.
            throw Stop(verdict: .notJudged, observed: "not judged: the valid LogoutResponse got \(clean.summary)",
                       reason: "the Service answered MPass's valid LogoutResponse with an error (\(error)), so its answer to a faulty one cannot be compared; fix TC_FUNCT_04 first (is logout_response_url right, and does it take the binding MPass uses?)")
        }

        try await loginFirst(browser: browser, context: context)
        await arm(switches, context: context)
        let faultyMark = exchangeLog.count
        _ = try await serviceLogout(browser: browser, context: context)
        guard let faulty = logoutResponseAnswer(since: faultyMark) else {
            throw Stop(verdict: .error, observed: "MPass's LogoutResponse never reached the Service",
                       reason: "no POST to the logout response URL was seen after the second logout")
        }
        let same = faulty == clean
        context.step("the faulty LogoutResponse is not taken for a confirmation", same ? .fail : .pass,
                     "the Service answered it with \(faulty.summary)", log: exchangeLog)
        if same {
            return Outcome(verdict: .fail, observed: "confirmed: \(faulty.summary), as for a valid LogoutResponse",
                           reason: "the Service answered a faulty LogoutResponse (\(testCase.fault)) exactly as a valid one (\(clean.summary)); check its signature, InResponseTo, status and freshness, and tell the user when the logout at MPass was not confirmed")
        }
        return Outcome(verdict: .pass, observed: "not confirmed: \(faulty.summary) (a valid one gets \(clean.summary))",
                       reason: "the Service treated the faulty LogoutResponse differently from a valid one")
    }

    /// How the Service answered the POST of a LogoutResponse: status, redirect target, and
    /// whether an error marker or 5xx showed. Compared between a clean and a faulty run.
    struct LogoutResponseAnswer: Equatable {
        let status: Int
        let location: String?
        let error: String?

        var summary: String {
            "\(status)" + (location.map { " to \($0)" } ?? "") + (error.map { ", \($0)" } ?? "")
        }
    }

    func logoutResponseAnswer(since mark: Int) -> LogoutResponseAnswer? {
        let target = service.logoutResponseURL ?? service.singleLogoutURL ?? ""
        guard let record = exchangeLog.records(from: mark).last(where: {
            // POST, or GET when MPass answers by HTTP-Redirect.
            $0.request.method == (service.logoutBinding == .redirect ? "GET" : "POST") && Self.sameEndpoint($0.request.url, target)
        }), let response = record.response else { return nil }
        let location = response.headers[values: .location].first
        let text = String(decoding: response.body, as: UTF8.self)
        let marker = service.errorMarkers.first { text.contains($0) }
        return LogoutResponseAnswer(status: response.status, location: location,
                                    error: response.status >= 400 ? "HTTP \(response.status)" : marker.map { "the error marker \"\($0)\"" })
    }
}
