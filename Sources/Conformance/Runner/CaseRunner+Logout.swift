import CaseCatalogue
import Foundation
import HarnessModel
import HTTPTypes
import MPassSAML
import MPassSimulator
import Vocabulary

/// Logging out, at the Service or from MPass (single logout), and the verdict on it.
extension CaseRunner {
    struct LogoutAnswer {
        /// The page the person ends on (for MPass-initiated logout: the Service's answer to
        /// MPass's LogoutRequest, which MPass may show in a frame).
        let page: ServiceAnswer
        let sloAnswerHeaders: HTTPFields?
    }

    func serviceLogout(browser: any CaseBrowser, context: Context) async throws -> LogoutAnswer {
        let start = try await browser.get(service.logoutURL, headers: headers)
        let last = try await browser.followAutoSubmits(after: start).last ?? start
        let ended = answer(last.response, at: last.finalURL)
        context.step("log out at the Service", .info, "the person ends on \(ended.landing)", log: exchangeLog)
        return LogoutAnswer(page: ended, sloAnswerHeaders: nil)
    }

    func mpassLogout(browser: any CaseBrowser, context: Context) async throws -> LogoutAnswer {
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
            let csp = sloHop.response.headers[values: .contentSecurityPolicy].first ?? ""
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

    func judgeLogout(_ testCase: ConformanceCase, answer: LogoutAnswer, browser: any CaseBrowser, context: Context,
                             received kind: SimulatorEvent.Kind, what: String) async throws -> Outcome {
        let event = await simulator.events.last { $0.kind == kind }
        let probe = try await probeProtected(browser: browser)
        context.step("ask for the protected resource after the logout", probe.served ? .fail : .pass, probe.description, log: exchangeLog)
        let observed = probe.served ? "still logged in: \(probe.description)" : "logged out: \(probe.description)"
        guard let event else {
            context.step(what, .fail, "MPass never received it", log: exchangeLog)
            return Outcome(verdict: .fail, observed: observed, reason: "MPass never received \(what); the logout exchange with MPass is missing")
        }
        let report = event.report
        context.step(what, report?.isValid == true ? .pass : .fail,
                     report.map { $0.isValid ? "all \($0.checks.count) checks passed" : "failed " + $0.failures.map(\.id.rawValue).joined(separator: ", ") } ?? "unchecked",
                     log: exchangeLog)
        if probe.served {
            return Outcome(verdict: .fail, observed: observed, reason: "after the logout the protected resource is still served; the Service must end its session")
        }
        if let report, !report.isValid {
            return Outcome(verdict: .fail, observed: observed,
                           reason: "\(what) fails MPass's checks: " + report.failures.map(\.line).joined(separator: "; "))
        }
        if let error = answer.page.errorShown {
            return Outcome(verdict: .fail, observed: observed, reason: "the logout ended with an error: \(error); the guide expects no error")
        }
        if let suspicion = answer.page.suspectedError {
            context.step("no error shown", .review, suspicion, log: exchangeLog)
            return Outcome(verdict: .review, observed: observed,
                           reason: "the session ended and \(what) passed every check, but \(suspicion). The guide expects no error: look at the page; add its error text to error_markers if it is one")
        }
        return Outcome(verdict: .pass, observed: observed,
                       reason: "the session ended and \(what) passed every check; the person ends on \(answer.page.landing)")
    }
}
