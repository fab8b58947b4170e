import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator

/// The positive control behind every refusal.
///
/// A Service that refuses everything "refuses" every attack: a wrong `logged_in.marker`, a
/// session cookie the browser withholds on MPass's cross-site POST, an IdP Issuer the
/// Service does not expect — each turns every security case into a PASS that could never
/// have failed. So a refusal counts only if, right after it, in the same browser (same
/// cookies, same Service-side state, same SameSite conditions), the unfaulted twin of the
/// faulty attempt succeeds: MPass's valid Response opens a session, or MPass's valid
/// LogoutRequest ends one. Otherwise the case is "not judged", with the control's reason.
///
/// Why after and in the same browser, rather than once per run: it is the closest the
/// harness can get to the faulty attempt — a Service that locks an account after a fault,
/// loses its state, or accepts only in some cookie conditions is caught — and it costs one
/// more login only for the cases that were refused.
extension CaseRunner {
    func checked(_ outcome: Outcome, _ testCase: ConformanceCase, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        guard outcome.verdict == .pass, let control = outcome.control else { return outcome }
        switch control {
        case .login:
            return try await controlLogin(after: outcome, browser: browser, context: context)
        case .singleLogout:
            return try await controlSingleLogout(after: outcome, browser: browser, context: context)
        }
    }

    private func controlLogin(after refusal: Outcome, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        context.controlStarts(log: exchangeLog)
        await simulator.setResponseSwitches(ResponseSwitches())
        let mark = exchangeLog.count
        let answer: ServiceAnswer
        do {
            answer = try await login(browser: browser, context: context, action: .login)
        } catch let stop as Stop {
            context.step("positive control: log in with MPass's valid Response", .fail, stop.outcome.reason, log: exchangeLog)
            return notJudged(refusal, because: "the login could not even be started again: \(stop.outcome.reason)")
        }
        let probe = try await probeProtected(browser: browser)
        context.step("positive control: log in with MPass's valid Response", probe.served ? .pass : .fail,
                     probe.served ? "the same browser logged in right after: \(probe.description)" : probe.description,
                     log: exchangeLog)
        guard probe.served else {
            let diagnosis = loginDiagnosis(since: mark, answer: answer, probe: probe)
            return notJudged(refusal, because: "MPass's valid Response did not open a session either (\(diagnosis))")
        }
        return Outcome(verdict: .pass, observed: refusal.observed,
                       reason: refusal.reason + "; the same browser then logged in with MPass's valid Response, so the refusal was the fault's")
    }

    /// MPass ends its own session when it sends a LogoutRequest, whatever the Service answers,
    /// so the valid LogoutRequest needs a login first: the same browser logs in again (its
    /// Service session, if still open, is simply renewed) and MPass then logs it out.
    private func controlSingleLogout(after refusal: Outcome, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        context.controlStarts(log: exchangeLog)
        await simulator.setLogoutSwitches(LogoutSwitches())
        do {
            try await loginFirst(browser: browser, context: context)
        } catch let stop as Stop {
            return notJudged(refusal, because: "the login before the valid LogoutRequest failed: \(stop.outcome.reason)")
        }
        let mark = exchangeLog.count
        _ = try await mpassLogout(browser: browser, context: context)
        let probe = try await probeProtected(browser: browser)
        context.step("positive control: MPass's valid LogoutRequest ends the session", probe.served ? .fail : .pass,
                     probe.description, log: exchangeLog)
        guard !probe.served else {
            let cookies = cookieDiagnosis(since: mark, endpoint: service.singleLogoutURL ?? "")
            return notJudged(refusal, because: "a valid LogoutRequest from MPass did not end the session either (\(probe.description))"
                + (cookies.map { "; \($0)" } ?? "; check slo_url and TC_FUNCT_05"))
        }
        return Outcome(verdict: .pass, observed: refusal.observed,
                       reason: refusal.reason + "; a valid LogoutRequest from MPass then ended the session, so the refusal was the fault's")
    }

    private func notJudged(_ refusal: Outcome, because reason: String) -> Outcome {
        Outcome(verdict: .notJudged, observed: "\(refusal.observed); positive control failed",
                reason: "the Service refused the faulty message, but the positive control failed: \(reason). A refusal proves nothing while the valid message is refused too; fix the login (TC_FUNCT_01) or the target description first")
    }
}
