import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator

/// The Service's own messages, judged by the checks MPass makes on them (the simulator's
/// event reports): only the named check ids decide, so each case names one duty.
extension CaseRunner {
    /// Starts `logins` logins (only the last is judged; earlier ones make ID reuse visible).
    /// No login needs to complete: the AuthnRequest is what is judged.
    func authnRequestChecks(_ checks: [CheckID], logins: Int, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        var report: ValidationReport?
        var binding: String?
        for attempt in 1...max(1, logins) {
            let mark = await simulator.lastSequence
            let start = try await browser.get(service.loginURL, headers: headers)
            let last = try await browser.followAutoSubmits(after: start).last ?? start
            let event = await simulator.events(after: mark).last { $0.kind == .authnRequestReceived }
            context.step("open the Service's login URL (\(attempt) of \(logins))", event == nil ? .fail : .info,
                         event == nil ? "no AuthnRequest reached MPass; the browser ended at \(last.finalURL.absoluteString) (\(last.response.status))"
                             : "the Service sent an AuthnRequest (\(event?.binding ?? "?") binding)", log: exchangeLog)
            guard let event else {
                throw Stop(verdict: .fail, observed: "the login never reached MPass",
                           reason: "the login URL \(service.loginURL.absoluteString) sent no AuthnRequest to MPass; check login_url")
            }
            report = event.report
            binding = event.binding
            if let host = service.baseURL.host() { try await browser.clearCookies(forHost: host) }
        }
        return judgeChecks(checks, in: report, binding: binding, what: "the Service's AuthnRequest", context: context)
    }

    /// Logs in, logs out at the Service, and judges its LogoutRequest.
    func logoutRequestChecks(_ checks: [CheckID], browser: any CaseBrowser, context: Context) async throws -> Outcome {
        try await judgeMessageMPassReceives(checks, kind: .logoutRequestReceived, name: "LogoutRequest",
                                            missing: "logging out at \(service.logoutURL.absoluteString) sent no LogoutRequest to MPass; the Service must log the user out at MPass too",
                                            browser: browser, context: context) {
            _ = try await serviceLogout(browser: browser, context: context)
        }
    }

    /// Logs in; MPass starts a valid single logout; judges the Service's LogoutResponse.
    func singleLogoutAnswerChecks(_ checks: [CheckID], browser: any CaseBrowser, context: Context) async throws -> Outcome {
        try await judgeMessageMPassReceives(checks, kind: .logoutResponseReceived, name: "LogoutResponse",
                                            missing: "the Service did not answer MPass's LogoutRequest with a LogoutResponse posted back to MPass",
                                            browser: browser, context: context) {
            _ = try await mpassLogout(browser: browser, context: context)
        }
    }

    /// Logs in, runs `trigger`, and judges the last Service message of `kind` MPass received
    /// after it (the Service's `name`); fails with `missing` as the reason when none came.
    private func judgeMessageMPassReceives(_ checks: [CheckID], kind: SimulatorEvent.Kind, name: String, missing: String,
                                           browser: any CaseBrowser, context: Context,
                                           trigger: () async throws -> Void) async throws -> Outcome {
        try await loginFirst(browser: browser, context: context)
        let mark = await simulator.lastSequence
        try await trigger()
        guard let event = await simulator.events(after: mark).last(where: { $0.kind == kind }) else {
            context.step("the Service's \(name)", .fail, "MPass never received it", log: exchangeLog)
            return Outcome(verdict: .fail, observed: "no \(name) reached MPass", reason: missing)
        }
        return judgeChecks(checks, in: event.report, binding: event.binding, what: "the Service's \(name)", context: context)
    }

    /// The check ids that carry `ids`' duty for a message sent with `binding` (`MessageCheckIDs`).
    static func bindingCheckIDs(_ ids: [CheckID], binding: String?) -> [CheckID] {
        MessageCheckIDs.forBinding(ids, binding: binding)
    }

    /// Pass when every named check passed (or does not apply); fail naming those that failed.
    /// `binding` (the simulator's `POST` or `Redirect`) decides which ids carry a signature duty.
    func judgeChecks(_ requested: [CheckID], in report: ValidationReport?, binding: String? = nil, what: String, context: Context) -> Outcome {
        let ids = Self.bindingCheckIDs(requested, binding: binding)
        guard let report else {
            return Outcome(verdict: .error, observed: "\(what) was not checked", reason: "MPass could not read \(what)")
        }
        let named = report.checks.filter { ids.contains($0.id) }
        let failed = named.filter(\.isFailure)
        let missing = ids.filter { id in !named.contains { $0.id == id } }
        let detail = named.map(\.line).joined(separator: "; ")
        context.step("MPass's checks \(ids.map(\.rawValue).joined(separator: ", "))", failed.isEmpty ? .pass : .fail, detail, log: exchangeLog)
        if !failed.isEmpty {
            return Outcome(verdict: .fail, observed: "failed " + failed.map(\.id.rawValue).joined(separator: ", "),
                           reason: "\(what) fails MPass's checks: " + failed.map(\.line).joined(separator: "; "))
        }
        if !missing.isEmpty {
            return Outcome(verdict: .error, observed: "not checked: " + missing.map(\.rawValue).joined(separator: ", "),
                           reason: "internal: MPass made no check named \(missing.map(\.rawValue).joined(separator: ", ")) on \(what)")
        }
        return Outcome(verdict: .pass, observed: "passed " + ids.map(\.rawValue).joined(separator: ", "), reason: "\(what) passes: \(detail)")
    }
}
