import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import HTTPTypes
import MPassSAML

/// Page and cookie cases: what the Service's HTTP answers carry around the SAML messages.
/// Over plain http on loopback some rules cannot be judged (Secure cookies, HTTPS itself):
/// those cases say REVIEW, never FAIL, there.
extension CaseRunner {
    func observe(_ observation: ConformanceCase.HTTPObservation, browser: any CaseBrowser, context: Context) async throws -> Outcome {
        switch observation {
        case .authnRequestPageNotCacheable:
            let start = try await browser.get(service.loginURL, headers: headers)
            let (response, url) = Self.samlCarrier(start)
            return judgeNotCacheable(response, page: "the page that sends the AuthnRequest (\(url.absoluteString))", context: context)

        case .logoutRequestPageNotCacheable:
            try await loginFirst(browser: browser, context: context)
            let start = try await browser.get(service.logoutURL, headers: headers)
            guard start.samlMessage != nil || Self.postedFrom(start) != nil else {
                return Outcome(verdict: .review, observed: "no SAML message on the way out",
                               reason: "\(service.logoutURL.absoluteString) ended at \(start.finalURL.absoluteString) without sending a LogoutRequest (by form or redirect); judge its caching by hand")
            }
            let (response, url) = Self.samlCarrier(start)
            return judgeNotCacheable(response, page: "the page that sends the LogoutRequest (\(url.absoluteString))", context: context)

        case .protectedPageNotCacheable:
            try await loginFirst(browser: browser, context: context)
            let page = try await browser.send(BrowserRequest(method: "GET", url: service.protectedURL, headers: headers), followRedirects: false)
            return judgeNotCacheable(page.response, page: "the protected page (\(service.protectedURL.path))", context: context)

        case .sessionCookieHttpOnly, .sessionCookieSameSite, .sessionCookieSecure:
            let mark = exchangeLog.count
            try await loginFirst(browser: browser, context: context)
            return judgeSessionCookies(observation, since: mark, context: context)

        case .singleLogoutAnswerFrameAncestors:
            try await loginFirst(browser: browser, context: context)
            let answer = try await mpassLogout(browser: browser, context: context)
            guard let headers = answer.sloAnswerHeaders else {
                return Outcome(verdict: .fail, observed: "the SLO URL was not reached", reason: "MPass's LogoutRequest never reached \(service.singleLogoutURL ?? "the SLO URL")")
            }
            let csp = headers[values: .contentSecurityPolicy].joined(separator: ", ")
            let origin = simulator.configuration.baseURL.host() ?? ""
            let allowed = csp.contains("frame-ancestors") && csp.contains(origin)
            context.step("Content-Security-Policy: frame-ancestors naming MPass", allowed ? .pass : .fail,
                         csp.isEmpty ? "no Content-Security-Policy header" : csp, log: exchangeLog)
            return allowed
                ? Outcome(verdict: .pass, observed: "Content-Security-Policy: \(csp)", reason: "MPass may frame the single-logout answer, and only it")
                : Outcome(verdict: .fail, observed: csp.isEmpty ? "no Content-Security-Policy" : "Content-Security-Policy: \(csp)",
                          reason: "the answer to MPass's LogoutRequest does not allow MPass to frame it; send `Content-Security-Policy: frame-ancestors \(simulator.configuration.baseURL.absoluteString)` (the guide's legacy X-Frame-Options ALLOW-FROM is ignored by today's browsers)")

        case .httpsURLs:
            let urls = [service.baseURL.absoluteString, service.loginURL.absoluteString, service.logoutURL.absoluteString,
                        service.acsURL, service.singleLogoutURL, service.logoutResponseURL].compactMap { $0 }
            let plain = urls.filter { !$0.lowercased().hasPrefix("https://") }
            context.step("the Service's URLs use https", plain.isEmpty ? .pass : .review,
                         plain.isEmpty ? "all \(urls.count) URLs are https" : "plain http: " + plain.joined(separator: ", "), log: exchangeLog)
            if plain.isEmpty { return Outcome(verdict: .pass, observed: "all https", reason: "every URL of the Service is https") }
            if plain.allSatisfy(Self.isLoopback) {
                return Outcome(verdict: .review, observed: "plain http on loopback",
                               reason: "the Service runs over plain http on loopback (\(plain[0])); fine for a test deployment, but every URL registered with MPass must be https")
            }
            return Outcome(verdict: .fail, observed: "plain http: " + plain.joined(separator: ", "),
                           reason: "the login and logout flows must run over HTTPS (MPass guide, security considerations); serve \(plain.joined(separator: ", ")) over https")
        }
    }

    /// The answer that carries the Service's SAML message: the redirect whose Location holds
    /// it (HTTP-Redirect, SAML Bindings 3.4.5.1 asks it not to be cached either), else the
    /// final page with the form (HTTP-POST).
    static func samlCarrier(_ navigation: BrowserNavigation) -> (BrowserResponse, URL) {
        if let hop = navigation.hops.first(where: { $0.response.samlRedirectMessage != nil }) { return (hop.response, hop.request.url) }
        if navigation.page.samlMessage == nil, let hop = postedFrom(navigation) { return (hop.response, hop.request.url) }
        return (navigation.response, navigation.finalURL)
    }

    /// The page whose form posted a SAML message, when the navigation went on past it: a real
    /// browser's navigation runs to where the pages stop moving (the agent's stops at the form).
    static func postedFrom(_ navigation: BrowserNavigation) -> BrowserHop? {
        guard let posted = navigation.hops.firstIndex(where: { hop in
            hop.request.method == "POST" && hop.request.body.map { body in
                let text = String(decoding: body, as: UTF8.self)
                return text.contains("SAMLRequest=") || text.contains("SAMLResponse=")
            } == true
        }), posted > 0 else { return nil }
        return navigation.hops[posted - 1]
    }

    /// RFC 9111 5.2.2.5: `no-store` alone forbids every cache (the browser's included) to
    /// store any part of the answer, so it is what is required. `no-cache` alone still lets
    /// the page be stored (it is only revalidated before reuse); SAML Bindings 3.5.5.1 asks
    /// for both, but the second adds nothing once `no-store` is there.
    private func judgeNotCacheable(_ response: BrowserResponse, page: String, context: Context) -> Outcome {
        let values = response.headers[values: .cacheControl]
        let value = values.joined(separator: ", ")
        let stored = !Self.cacheControlForbidsStoring(values)
        context.step("Cache-Control on \(page)", stored ? .fail : .pass, value.isEmpty ? "no Cache-Control header" : value, log: exchangeLog)
        if !stored { return Outcome(verdict: .pass, observed: "Cache-Control: \(value)", reason: "\(page) is not stored (no-store)") }
        return Outcome(verdict: .fail, observed: value.isEmpty ? "no Cache-Control" : "Cache-Control: \(value)",
                       reason: "\(page) lacks Cache-Control no-store, so the browser may keep a copy and replay the message from its history. Send `Cache-Control: no-cache, no-store` (RFC 9111 5.2.2.5; SAML Bindings 3.5.5.1)")
    }

    /// True when the Cache-Control field values carry the `no-store` directive (RFC 9111 5.2:
    /// comma-separated directives, tokens compared case-insensitively, an argument after `=`).
    static func cacheControlForbidsStoring(_ values: [String]) -> Bool {
        values.flatMap { $0.split(separator: ",") }.contains { directive in
            let name = directive.split(separator: "=", maxSplits: 1).first ?? ""
            return name.trimmingCharacters(in: .whitespaces).lowercased() == "no-store"
        }
    }

    /// The cookies the Service set on its answer to the ACS POST (the login), except those
    /// it deleted there: the session cookie is among them, whatever its name.
    private func judgeSessionCookies(_ observation: ConformanceCase.HTTPObservation, since mark: Int, context: Context) -> Outcome {
        let acsAnswers = exchangeLog.records(from: mark).filter {
            $0.request.method == "POST" && Self.sameEndpoint($0.request.url, service.acsURL)
        }
        let cookies = acsAnswers.flatMap { $0.response?.setCookies ?? [] }
            .filter { !$0.value.isEmpty && $0.maxAge != "0" }
        guard !cookies.isEmpty else {
            return Outcome(verdict: .review, observed: "no cookie set at the ACS",
                           reason: "the Service set no cookie when the login completed at \(service.acsURL); if its session lives elsewhere, judge its flags by hand")
        }
        let names = cookies.map(\.name).joined(separator: ", ")
        let bad: [ExchangeRecord.SetCookie]
        let rule: String
        switch observation {
        case .sessionCookieHttpOnly:
            bad = cookies.filter { !$0.httpOnly }
            rule = "HttpOnly (scripts must not read the session)"
        case .sessionCookieSameSite:
            bad = cookies.filter { ($0.sameSite ?? "").isEmpty }
            rule = "SameSite=Lax or Strict (no session on cross-site requests)"
        default:
            if !service.baseURL.absoluteString.lowercased().hasPrefix("https://") {
                let loopback = Self.isLoopback(service.baseURL.absoluteString)
                return Outcome(verdict: loopback ? .review : .fail, observed: "served over plain http",
                               reason: loopback ? "the Service runs over plain http on loopback, where its cookies need not be Secure; judge this on the https deployment"
                                : "the Service runs over plain http, so its session cookie cannot be Secure; serve it over https")
            }
            bad = cookies.filter { !$0.secure }
            rule = "Secure (never sent over plain http)"
        }
        context.step("cookies set at login (\(names)) are \(rule)", bad.isEmpty ? .pass : .fail,
                     cookies.map(\.header).joined(separator: " | "), log: exchangeLog)
        if bad.isEmpty { return Outcome(verdict: .pass, observed: "\(names): \(rule)", reason: "every cookie set at login is \(rule)") }
        return Outcome(verdict: .fail, observed: bad.map(\.header).joined(separator: " | "),
                       reason: "the cookie(s) \(bad.map(\.name).joined(separator: ", ")) set at login are not \(rule)")
    }

    static func isLoopback(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host()?.lowercased() else { return false }
        return host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}
