import BrowserAgent
import Foundation
import HTTPTypes
import HeadlessChromium
import Vocabulary

/// Headless Chromium as the person's browser in one case (`run --browser chromium`).
///
/// What a person does goes through Chromium: opening a URL, pressing a form's button, a form
/// posted from the page; the pages' scripts and auto-submitting forms run as they do for
/// anyone, and an action returns once the browser has settled (no page loading, no script
/// request under way). What a person never does — asking for the protected resource without
/// following its redirect, or sending a captured message again — goes through the harness's
/// in-process agent carrying Chromium's cookies, and any cookie it gets back is handed to
/// Chromium, so the next step sees the same cookies either way. Everything lands in the run's
/// one `ExchangeLog`: Chromium's requests as DevTools reported them, bodies included.
// A case drives its browser one step at a time.
// @unchecked Sendable: the gathered DevTools state is read and written under `lock` only, never held across an await.
final class ChromiumCaseBrowser: CaseBrowser, @unchecked Sendable {
    let session: WebDriverSession
    let log: ExchangeLog
    /// The synthetic requests' agent, writing to the same log.
    let agent: Browser
    /// Ends an action early where the flow would loop (the Service restarting a login that
    /// MPass, holding a session, answers at once); the runner sees the same navigations.
    let loopGuard: @Sendable ([BrowserNavigation]) -> Bool
    /// Called as each action of the person begins: the run has the simulator hold a login the
    /// Service restarts within the action (`MPassSimulator.holdRestartedLogins`), since
    /// Chromium cannot be stopped between the pages as the in-process agent is.
    let actionStarts: @Sendable () async -> Void
    let timings: ChromiumTimings
    private let lock = NSLock()
    private var exchanges = DevToolsExchanges()
    /// Navigation numbers of Chromium's own actions, apart from the agent's.
    private var navigationCount = 100_000

    /// The longest an action may take to settle, and the most pages one may pass through.
    static let settleTimeout: TimeInterval = 20
    static let maxPages = 30
    /// How long nothing may start before an action counts as settled: a page that submits
    /// itself does so while loading, so its next request follows within milliseconds.
    static let quietPeriod = tuning("MPASS_HARNESS_CHROMIUM_QUIET_MS", milliseconds: 30)
    /// How often DevTools' log is read while an action settles.
    static let pollInterval = tuning("MPASS_HARNESS_CHROMIUM_POLL_MS", milliseconds: 10)
    /// What a case leaves in Chromium for an origin: everything but the HTTP cache (off for the
    /// run) and the shader cache, which take long to clear and hold nothing of a case.
    /// (Chromium clears an origin's sessionStorage with its localStorage.)
    static let storageTypes = "cookies,local_storage,indexeddb,cache_storage,service_workers,file_systems,websql,shared_storage,storage_buckets"
    /// The largest screenshot, in CSS pixels: the top-left part of a bigger page.
    static let screenshotCap = (width: 1280, height: 2000)

    static func tuning(_ variable: String, milliseconds: Int) -> TimeInterval {
        let value = ProcessInfo.processInfo.environment[variable].flatMap(Int.init) ?? milliseconds
        return TimeInterval(max(0, value)) / 1000
    }

    init(session: WebDriverSession, log: ExchangeLog, agent: Browser, timings: ChromiumTimings = ChromiumTimings(),
         loopGuard: @escaping @Sendable ([BrowserNavigation]) -> Bool,
         actionStarts: @escaping @Sendable () async -> Void = {}) {
        self.session = session
        self.actionStarts = actionStarts
        self.log = log
        self.agent = agent
        self.timings = timings
        self.loopGuard = loopGuard
    }

    // MARK: What a person does

    func get(_ url: URL, headers: HTTPFields) async throws -> BrowserNavigation {
        try await act(url: url, headers: headers) { try await self.session.navigate(to: url.absoluteString) }
    }

    func post(_ url: URL, form: [FormField], headers: HTTPFields, initiator: URL?) async throws -> BrowserNavigation {
        try await act(url: url, headers: headers) { try await self.postFromPage(url, form) }
    }

    func submit(_ form: HTMLForm, submitter: HTMLForm.SubmitButton?, from page: HTMLPage?) async throws -> BrowserNavigation {
        let request = form.request(submitter: submitter, from: page?.url)
        return try await act(url: request.url, headers: [:]) {
            // The button the person presses, in the page Chromium shows; a form the page no
            // longer has is posted as the agent read it.
            let pressed = try await self.session.execute("""
                const [action, name, value] = arguments;
                for (const form of document.forms) {
                  if (form.action !== new URL(action, document.baseURI).href) continue;
                  if (value === null) { form.submit(); return true; }
                  for (const button of form.querySelectorAll('button, input[type=submit], input[type=image]')) {
                    if ((name === null || button.name === name) && button.value === value) { button.click(); return true; }
                  }
                }
                return false;
                """, [form.action.absoluteString, submitter?.name as Any? ?? NSNull(), submitter?.value as Any? ?? NSNull()])
            guard (pressed as? Bool) != true else { return }
            if request.method == "POST" {
                try await self.postFromPage(request.url, request.formFields ?? [])
            } else {
                try await self.session.navigate(to: request.url.absoluteString)
            }
        }
    }

    /// Chromium has followed them already: its navigation ends where the pages stop moving.
    func followAutoSubmits(after navigation: BrowserNavigation, limit: Int,
                           stop: @Sendable ([BrowserNavigation]) -> Bool) async throws -> [BrowserNavigation] {
        []
    }

    // MARK: What only the harness does

    var probeNote: String { " (asked by the harness's agent with Chromium's cookies)" }
    var runsScripts: Bool { true }

    func send(_ request: BrowserRequest, followRedirects: Bool) async throws -> BrowserNavigation {
        try await timings.measure("cookies") { try await copyCookiesToAgent() }
        let before = log.count
        let navigation = try await timings.measure("agent") { try await agent.send(request, followRedirects: followRedirects) }
        if log.records(from: before).contains(where: { !($0.response?.setCookies.isEmpty ?? true) }) {
            try await timings.measure("cookies") { try await copyCookiesFromAgent() }
        }
        return navigation
    }

    // MARK: Cookies

    /// A cookie the agent's rules accept goes to Chromium; one Chromium refuses (or DevTools
    /// failing) stops the case with Chromium's reason, never silently.
    func setCookie(_ setCookieHeader: String, for url: URL) async throws -> CookieStoreOutcome {
        var jar = CookieJar()
        let outcome = jar.store(setCookie: setCookieHeader, from: url, now: Date())
        if case .stored(let cookie) = outcome {
            do {
                _ = try await session.devTools("Storage.setCookies", ["cookies": [Self.devToolsCookie(cookie)]])
            } catch {
                throw Self.cookieFailure("Chromium refused the cookie \(cookie.name) for \(url.absoluteString) (\(Self.reason(error)))", url: url)
            }
        }
        return outcome
    }

    func clearCookies(forHost host: String) async throws {
        try await deleteCookies(of: host) { Self.domain($0, covers: host) }
    }

    func clearCookies(forHost host: String, named names: Set<String>) async throws {
        try await deleteCookies(of: host) { cookie in names.contains(cookie["name"] as? String ?? "") && Self.domain(cookie, covers: host) }
    }

    private func deleteCookies(of host: String, where matches: ([String: Any]) -> Bool) async throws {
        do {
            let all = try await session.devTools("Storage.getCookies")["cookies"] as? [[String: Any]] ?? []
            for cookie in all where matches(cookie) {
                _ = try await session.devTools("Network.deleteCookies", [
                    "name": cookie["name"] as? String ?? "", "domain": cookie["domain"] as? String ?? "", "path": cookie["path"] as? String ?? "/",
                ])
            }
        } catch {
            throw Self.cookieFailure("Chromium's cookies of \(host) could not be deleted (\(Self.reason(error)))", url: URL(string: "http://\(host)/"))
        }
    }

    /// A cookie Chromium would not take or give: the case stops with an ERROR saying so.
    static func cookieFailure(_ reason: String, url: URL?) -> BrowserError {
        BrowserError(.browserCookieRefused, url: url?.absoluteString ?? "", reason: reason)
    }

    /// The message of a WebDriver failure without chromedriver's stack trace.
    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if let start = text.range(of: "\"message\": ")?.upperBound ?? text.range(of: "message = \"")?.upperBound {
            return String(text[start...].prefix { $0 != "\n" && $0 != ";" && $0 != "\\" })
        }
        return String(text.prefix(300))
    }

    /// Whether a request to `host` carries the DevTools cookie (a leading dot: a domain cookie).
    static func domain(_ cookie: [String: Any], covers host: String) -> Bool {
        let domain = (cookie["domain"] as? String ?? "").lowercased(), host = host.lowercased()
        guard domain.hasPrefix(".") else { return domain == host }
        return host == domain.dropFirst() || host.hasSuffix(domain)
    }

    /// Chromium's cookies into the agent's jar (replacing what it held).
    private func copyCookiesToAgent() async throws {
        let all: [[String: Any]]
        do {
            all = try await session.devTools("Storage.getCookies")["cookies"] as? [[String: Any]] ?? []
        } catch {
            throw Self.cookieFailure("Chromium's cookies could not be read (\(Self.reason(error)))", url: nil)
        }
        await agent.clearCookies()
        for cookie in all {
            guard let name = cookie["name"] as? String, let rawDomain = cookie["domain"] as? String else { continue }
            let secure = (cookie["secure"] as? Bool) ?? false
            let host = rawDomain.hasPrefix(".") ? String(rawDomain.dropFirst()) : rawDomain
            guard let url = URL(string: "\(secure ? "https" : "http")://\(host)/") else { continue }
            var header = "\(name)=\(cookie["value"] as? String ?? ""); Path=\(cookie["path"] as? String ?? "/")"
            if rawDomain.hasPrefix(".") { header += "; Domain=\(host)" }
            if secure { header += "; Secure" }
            if (cookie["httpOnly"] as? Bool) ?? false { header += "; HttpOnly" }
            if let sameSite = cookie["sameSite"] as? String, !sameSite.isEmpty { header += "; SameSite=\(sameSite)" }
            if (cookie["session"] as? Bool) == false, let expires = (cookie["expires"] as? NSNumber)?.doubleValue, expires > 0 {
                header += "; Max-Age=\(max(1, Int(expires - Date().timeIntervalSince1970)))"
            }
            await agent.setCookie(header, for: url)
        }
    }

    /// The agent's jar, after a synthetic request changed it, becomes Chromium's.
    private func copyCookiesFromAgent() async throws {
        let cookies = await agent.cookieJar.cookies
        do {
            _ = try await session.devTools("Storage.clearCookies")
            if !cookies.isEmpty {
                _ = try await session.devTools("Storage.setCookies", ["cookies": cookies.map(Self.devToolsCookie)])
            }
        } catch {
            throw Self.cookieFailure("Chromium refused the cookies \(cookies.map(\.name).joined(separator: ", ")) the harness's agent got (\(Self.reason(error)))", url: nil)
        }
    }

    static func devToolsCookie(_ cookie: Cookie) -> [String: Any] {
        var parameters: [String: Any] = ["name": cookie.name, "value": cookie.value, "path": cookie.path,
                                         "secure": cookie.secure, "httpOnly": cookie.httpOnly]
        if cookie.hostOnly {
            parameters["url"] = "\(cookie.secure ? "https" : "http")://\(cookie.domain)\(cookie.path)"
        } else {
            parameters["domain"] = "." + cookie.domain
        }
        if cookie.sameSite != .unspecified { parameters["sameSite"] = cookie.sameSite.rawValue }
        if let expires = cookie.expires { parameters["expires"] = expires.timeIntervalSince1970 }
        return parameters
    }

    // MARK: Actions

    /// A form the page builds and submits: a POST as a page makes it (Origin, Referer and
    /// SameSite as Chromium decides them from the page it is on).
    private func postFromPage(_ url: URL, _ fields: [FormField]) async throws {
        let script = """
            const [url, fields] = arguments;
            const form = document.createElement('form');
            form.method = 'POST'; form.action = url; form.style.display = 'none';
            for (const [name, value] of fields) {
              const input = document.createElement('input');
              input.type = 'hidden'; input.name = name; input.value = value; form.appendChild(input);
            }
            (document.body || document.documentElement).appendChild(form);
            form.submit();
            return true;
            """
        _ = try await session.execute(script, [url.absoluteString, fields.map { [$0.name, $0.value] }])
    }

    /// Runs `start`, waits until Chromium settles, and returns the pages it passed through as
    /// one navigation (its exchanges appended to the log).
    private func act(url: URL, headers: HTTPFields, _ start: () async throws -> Void) async throws -> BrowserNavigation {
        try await absorbEvents()
        if !headers.isEmpty {
            var object: [String: String] = [:]
            for field in headers { object[field.name.rawName] = field.value }
            _ = try await session.devTools("Network.setExtraHTTPHeaders", ["headers": object])
        }
        defer { if !headers.isEmpty { Task { [session] in _ = try? await session.devTools("Network.setExtraHTTPHeaders", ["headers": [String: String]()]) } } }
        await actionStarts()
        do {
            try await timings.measure("action") { try await start() }
        } catch let failure as WebDriverFailure {
            // A navigation that fails (a refused connection, a timeout) shows an error page;
            // the exchanges below say what happened. Anything else is the harness's failure.
            guard failure.description.contains("net::") || failure.description.contains("timeout") else { throw failure }
        }
        try await timings.measure("settle") { try await settle() }
        if lock.withLock({ exchanges.lastPageLacksBody }) {
            // DevTools no longer held the body of the page shown: read it from the page.
            let source = try await session.pageSource()
            lock.withLock { exchanges.setLastPageBody(source) }
        }
        var hops = lock.withLock {
            navigationCount += 1
            return exchanges.handOver(to: log, navigation: navigationCount)
        }
        if hops.isEmpty {
            // No page was loaded (a script kept the person where they were): the page shown.
            let current = URL(string: try await session.currentURL()) ?? url
            let source = try await session.pageSource()
            hops = [BrowserHop(index: 0, request: BrowserRequest(method: "GET", url: current),
                               response: BrowserResponse(status: 200, body: Data(source.utf8), url: current), recordSequence: -1)]
        }
        return BrowserNavigation(hops: hops)
    }

    /// Polls DevTools until no page or script request is under way, the document has loaded,
    /// and nothing new started for a moment (auto-submitting pages move on within
    /// milliseconds of loading). Stops a flow that `loopGuard` recognises, and one that passes
    /// through too many pages.
    private func settle() async throws {
        let deadline = Date().addingTimeInterval(Self.settleTimeout)
        var quietSince: Date?
        var seen = -1
        while Date() < deadline {
            try await absorbEvents()
            let documents = lock.withLock { exchanges.pendingDocuments }
            // The loop guard first: an action that blocks until the page settles (a click
            // waits for its navigation) can come back with more than `maxPages` pages already
            // passed, and a loop the guard knows is a verdict, not an error.
            if !documents.isEmpty, loopGuard([DevToolsExchanges.preview(documents)]) {
                _ = try? await session.devTools("Page.stopLoading")
                try await Task.sleep(nanoseconds: 150_000_000)
                try await absorbEvents()
                return
            }
            if documents.count > Self.maxPages {
                _ = try? await session.devTools("Page.stopLoading")
                throw BrowserError(.browserTooManyRedirects, url: documents.last?.url ?? "",
                                   reason: "Chromium passed through more than \(Self.maxPages) pages in one step (last \(documents.last?.url ?? "?")); the flow loops.")
            }
            // The page's state is asked only when no request is under way (one round trip less).
            let busy = lock.withLock { exchanges.busy }
            var loaded = false
            if !busy { loaded = (try? await session.execute("return document.readyState")) as? String == "complete" }
            if busy || !loaded || documents.count != seen {
                quietSince = nil
                seen = documents.count
            } else if let since = quietSince {
                if Date().timeIntervalSince(since) >= Self.quietPeriod {
                    timings.add("quiet", since: since)
                    return
                }
            } else {
                quietSince = Date()
            }
            try await Task.sleep(nanoseconds: UInt64(Self.pollInterval * 1_000_000_000))
        }
        let last = lock.withLock { exchanges.pendingDocuments.last?.url }
        throw BrowserError(.browserTimeout, url: last ?? "",
                           reason: "Chromium did not settle within \(Int(Self.settleTimeout)) s (last page \(last ?? "none")).")
    }

    /// Reads the events logged since the last read, and asks DevTools at once for the bodies
    /// of what finished (Chromium drops a page's body soon after it moves on).
    private func absorbEvents() async throws {
        let events = try await timings.measure("log") { try await session.devToolsEvents() }
        let wanted = lock.withLock {
            exchanges.absorb(events)
            return exchanges.bodiesToFetch()
        }
        let fetched = Date()
        defer { if !wanted.isEmpty { timings.add("bodies", since: fetched) } }
        for wanted in wanted {
            if wanted.needsRequestBody,
               let text = try? await session.devTools("Network.getRequestPostData", ["requestId": wanted.requestID])["postData"] as? String {
                lock.withLock { exchanges.setRequestBody(wanted.index, Data(text.utf8)) }
            }
            guard let body = try? await session.responseBody(of: wanted.requestID) else { continue }
            lock.withLock { exchanges.setResponseBody(wanted.index, body) }
        }
    }

    /// Before a case: a blank page, no cookies, nothing stored by any origin a case went to
    /// (sessionStorage, localStorage, IndexedDB, Cache Storage, service workers: `storageTypes`), no
    /// events left over (the HTTP cache is off for the whole run).
    func reset(origins: [String]) async throws {
        try await session.navigate(to: "about:blank")
        _ = try await session.devTools("Storage.clearCookies")
        for origin in origins {
            _ = try await session.devTools("Storage.clearDataForOrigin", ["origin": origin, "storageTypes": Self.storageTypes])
        }
        _ = try await session.devToolsEvents()
        lock.withLock { exchanges = DevToolsExchanges() }
    }

    /// The origins (scheme://host:port) this case's Chromium has requested.
    var originsSeen: Set<String> { lock.withLock { exchanges.origins } }

    /// The page the person ended on, as a JPEG, and its address.
    /// The whole page up to `screenshotCap` (its top-left part when bigger), so a huge page
    /// cannot make a huge picture.
    func screenshot() async throws -> (jpeg: Data, pageURL: String) {
        let metrics = try await session.devTools("Page.getLayoutMetrics")
        let content = metrics["cssContentSize"] as? [String: Any] ?? [:]
        let viewport = metrics["cssLayoutViewport"] as? [String: Any] ?? [:]
        func size(_ key: String) -> Double {
            max((content[key] as? NSNumber)?.doubleValue ?? 0, (viewport[key == "width" ? "clientWidth" : "clientHeight"] as? NSNumber)?.doubleValue ?? 0)
        }
        let clip: [String: Any] = ["x": 0, "y": 0, "scale": 1,
                                   "width": min(max(1, size("width")), Double(Self.screenshotCap.width)),
                                   "height": min(max(1, size("height")), Double(Self.screenshotCap.height))]
        let answer = try await session.devTools("Page.captureScreenshot", ["format": "jpeg", "quality": 60, "clip": clip, "captureBeyondViewport": true])
        guard let base64 = answer["data"] as? String, let bytes = Data(base64Encoded: base64) else {
            throw WebDriverFailure("Chromium returned no screenshot")
        }
        return (bytes, try await session.currentURL())
    }
}
