import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import MPassSAML

/// Saying *why*, in the words a person needs to fix it: which cookie the browser withheld
/// or refused, what the Service's page said, whose identity a faulty Response logged in.
extension CaseRunner {
    /// Why a login that should have worked opened no session: the probe, the page the person
    /// ends on (the Service's own error text), and what happened to the Service's cookies.
    func loginDiagnosis(since mark: Int, answer: ServiceAnswer, probe: Probe) -> String {
        var parts = [probe.description, "after MPass's POST to the ACS the person ends on \(answer.landing)"]
        if probe.markerMissing {
            parts.append("if that page is what a logged-in person sees, logged_in.marker is wrong: \(service.protectedURL.path) reads \(PageText(html: probe.text).summary(limit: 120))")
        }
        if let cookies = cookieDiagnosis(since: mark, endpoint: service.acsURL) { parts.append(cookies) }
        return parts.joined(separator: "; ")
    }

    /// What the browser did with the Service's cookies since exchange `mark`, when that
    /// explains a lost session: cookies refused when set (SameSite=None without Secure), and
    /// cookies withheld on MPass's cross-site POST to `endpoint` (SameSite=Lax or Strict) —
    /// with a new cookie of the same name in the answer, the session the browser held was
    /// replaced. Nil when the cookies explain nothing.
    func cookieDiagnosis(since mark: Int, endpoint: String) -> String? {
        let records = exchangeLog.records(from: mark)
        let serviceHost = service.baseURL.host()?.lowercased()
        var findings: [String] = []

        var refused: [String] = []
        for record in records where URL(string: record.request.url)?.host()?.lowercased() == serviceHost {
            for setCookie in record.response?.setCookies ?? [] {
                if case .rejected(let reason) = setCookie.outcome, !refused.contains(reason) { refused.append(reason) }
            }
        }
        if !refused.isEmpty {
            findings.append("the browser refused the Service's cookie " + refused.map { "(\($0))" }.joined(separator: ", ")
                + ": browsers drop SameSite=None without Secure, so it never comes back; add Secure (which needs HTTPS)")
        }

        for record in records where record.request.method == "POST" && Self.sameEndpoint(record.request.url, endpoint) {
            guard let withheld = record.request.withheldCookies, !withheld.isEmpty else { continue }
            let names = withheld.map { "`\($0.name)` (SameSite=\($0.sameSite.isEmpty ? "unspecified, Lax by default" : $0.sameSite))" }
            var finding = "the browser withheld the Service's cookie \(names.joined(separator: ", ")) on MPass's cross-site POST to \(endpoint)"
                + (replacedAny(record, withheld) ? "" : " (if the Service keeps the login it started in that cookie, that is why)")
            let replaced = replacedCookies(record, withheld)
            if !replaced.isEmpty {
                finding += ", and the Service's answer set a new " + replaced.map { "`\($0.name)`" }.joined(separator: ", ")
                    + ", replacing the session the browser held"
            }
            finding += ". A cookie that must come back on MPass's POST needs `SameSite=None; Secure` (so HTTPS), or keep the login state where it does not depend on that cookie"
            findings.append(finding)
            break
        }
        return findings.isEmpty ? nil : findings.joined(separator: "; ")
    }

    /// The cookies the answer to `record` set anew among those the browser withheld on it.
    private func replacedCookies(_ record: ExchangeRecord, _ withheld: [ExchangeRecord.WithheldCookie]) -> [ExchangeRecord.SetCookie] {
        (record.response?.setCookies ?? []).filter { setCookie in
            if case .stored = setCookie.outcome { return withheld.contains { $0.name == setCookie.name } }
            return false
        }
    }

    private func replacedAny(_ record: ExchangeRecord, _ withheld: [ExchangeRecord.WithheldCookie]) -> Bool {
        !replacedCookies(record, withheld).isEmpty
    }

    /// A faulty Response opened a session: whose? A Response that carries the attacker's
    /// NameID beside the genuine, signed one (signature wrapping) is a vulnerability only if
    /// the attacker is who got logged in. For a case that guards "read only what MPass signed"
    /// (`guardsSignedReading`), a Service that logged in the genuine user and ignored the
    /// unsigned extra keeps that rule, and the case says so instead of failing on "a session
    /// opened". Other cases fail either way, naming whose session it was.
    func whoseSession(_ testCase: ConformanceCase, probe: Probe, observed: String) async -> Outcome {
        let attacker = Faults.evilNameID
        let genuine = simulator.configuration.users.first?.nameID ?? ""
        let sent = await simulator.events.last { $0.kind == .responseSent }?.xml
        let carriesAttacker = sent?.contains(attacker) ?? false
        let showsAttacker = probe.text.contains(attacker)
        let showsGenuine = !genuine.isEmpty && probe.text.contains(genuine)
        let refuse = "the Service opened a session from a faulty Response (\(testCase.fault)); it must refuse it"
        guard carriesAttacker else {
            return Outcome(verdict: .fail, observed: observed, reason: refuse)
        }
        if showsAttacker {
            return Outcome(verdict: .fail, observed: "accepted as the attacker: \(probe.description)",
                           reason: "\(refuse). The session is the ATTACKER's: the protected page shows the NameID \(attacker), which MPass never signed — anyone holding one signed Response can log in as any user. Read the identity only from the element the signature covers")
        }
        if showsGenuine && !testCase.guardsSignedReading {
            // The attacker's identity was part of what MPass signed (two Assertions, say): the
            // rule the case guards is the message's shape, which the Service did not check.
            return Outcome(verdict: .fail, observed: "accepted as the genuine user: \(probe.description)",
                           reason: "\(refuse). The session is the genuine user's (NameID \(genuine)), not the attacker's \(attacker), but the rule this case guards is broken all the same")
        }
        if showsGenuine {
            return Outcome(verdict: .pass, observed: "accepted as the genuine user: \(probe.description)",
                           reason: "the Service accepted the Response but logged in the genuine user (NameID \(genuine), from the part MPass signed) and ignored the attacker's unsigned identity \(attacker): it reads only what is signed, which is what this case guards. Refusing such a Response outright (MPass never sends one) would be stricter")
        }
        return Outcome(verdict: .fail, observed: observed,
                       reason: "\(refuse). Whose session it is cannot be seen: the protected page shows neither the attacker's NameID \(attacker) nor the genuine \(genuine), so the harness assumes the attacker's; show the NameID on logged_in.url to let it tell")
    }

    /// Drops the Service's cookies, and only its: when MPass shares the Service's host (the
    /// simulator served next to the Service; cookies ignore ports), MPass's session cookie
    /// stays, so "logged in at MPass only" stays true. Returns what was dropped, in words.
    func dropServiceCookies(browser: any CaseBrowser) async throws -> String {
        guard let host = service.baseURL.host() else { return "no cookies (the Service's URL has no host)" }
        let mpassHost = simulator.configuration.baseURL.host()
        guard host.lowercased() == mpassHost?.lowercased() else {
            try await browser.clearCookies(forHost: host)
            return "every cookie of \(host)"
        }
        var names = Set<String>()
        for record in exchangeLog.records(from: 0) {
            guard let url = URL(string: record.request.url), Self.sameOrigin(url, service.baseURL) else { continue }
            for setCookie in record.response?.setCookies ?? [] {
                if case .stored = setCookie.outcome { names.insert(setCookie.name) }
            }
        }
        try await browser.clearCookies(forHost: host, named: names)
        return "the Service's cookies (\(names.sorted().joined(separator: ", "))) — MPass shares the host \(host), so its own cookies stay"
    }

    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ url: URL) -> Int? { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80) }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host()?.lowercased() == b.host()?.lowercased() && port(a) == port(b)
    }
}
