import Foundation
import HTTPTypes
import Vocabulary

/// The user's browser in an automated conformance run.
///
/// It keeps a cookie jar, follows redirects itself one hop at a time (storing
/// cookies at each hop, as a browser does), submits forms the way an
/// auto-submit page makes a browser submit them, answers requests for
/// registered in-process hosts without the network, and records every
/// exchange in its `ExchangeLog`.
///
/// The browser owns an HTTP client: end it with `shutdown()`, or use
/// `Browser.withBrowser(…)`, which does so.
public actor Browser {
    public nonisolated let configuration: BrowserConfiguration
    public nonisolated let log: ExchangeLog
    private let transport: NetworkTransport
    private let now: @Sendable () -> Date
    private var jar = CookieJar()
    private var routes: [InProcessRoute] = []
    private var navigationCount = 0
    private var isShutDown = false

    /// - Parameter now: the clock for cookie expiry and record times; injected
    ///   so that replays and tests are exact.
    public init(
        configuration: BrowserConfiguration = BrowserConfiguration(),
        log: ExchangeLog = ExchangeLog(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(configuration: configuration, log: log, now: now, handOff: nil)
    }

    /// `handOff` replaces the step where a request leaves for the network (tests).
    init(
        configuration: BrowserConfiguration,
        log: ExchangeLog,
        now: @escaping @Sendable () -> Date,
        handOff: NetworkTransport.HandOff?
    ) {
        self.configuration = configuration
        self.log = log
        self.now = now
        self.transport = NetworkTransport(configuration: configuration, handOff: handOff)
    }

    /// Runs `body` with a new browser and shuts it down afterwards, also on error.
    public static func withBrowser<T: Sendable>(
        configuration: BrowserConfiguration = BrowserConfiguration(),
        log: ExchangeLog = ExchangeLog(),
        now: @escaping @Sendable () -> Date = { Date() },
        _ body: (Browser) async throws -> T
    ) async throws -> T {
        let browser = Browser(configuration: configuration, log: log, now: now)
        do {
            let result = try await body(browser)
            try await browser.shutdown()
            return result
        } catch {
            try? await browser.shutdown()
            throw error
        }
    }

    public func shutdown() async throws {
        guard !isShutDown else { return }
        isShutDown = true
        try await transport.shutdown()
    }

    // MARK: In-process hosts

    /// Answers every request under `baseURL` (same scheme, host and port; path
    /// inside the base path) with `host`, never touching the network.
    public func register(_ host: any InProcessHost, for baseURL: URL) throws {
        guard let route = InProcessRoute(baseURL: baseURL, host: host) else {
            throw BrowserError(.browserInvalidURL, url: baseURL.absoluteString,
                               reason: "\(baseURL.absoluteString) cannot be an in-process base URL: it needs a scheme and a host.")
        }
        routes.removeAll { $0.baseURL == baseURL }
        routes.append(route)
    }

    public func register(
        baseURL: URL,
        handler: @escaping @Sendable (BrowserRequest) async throws -> BrowserResponse
    ) throws {
        try register(ClosureHost(handler), for: baseURL)
    }

    public func unregisterHost(for baseURL: URL) {
        routes.removeAll { $0.baseURL == baseURL }
    }

    // MARK: Cookies

    /// A snapshot of the jar, to inspect the cookies and their attributes.
    public var cookieJar: CookieJar { jar }

    /// The cookies a plain navigation to `url` would carry now.
    public func cookies(for url: URL) -> [Cookie] {
        jar.cookies(for: url, now: now())
    }

    /// Stores a cookie as if `url` had answered with this `Set-Cookie` header
    /// (a target may need a cookie set before the first request).
    @discardableResult
    public func setCookie(_ setCookieHeader: String, for url: URL) -> CookieStoreOutcome {
        jar.store(setCookie: setCookieHeader, from: url, now: now())
    }

    public func clearCookies() {
        jar.removeAll()
    }

    /// Drops every cookie `host` would receive, as TC_SEC_07 does to the
    /// Service's session between its AuthnRequest and the Response.
    public func clearCookies(forHost host: String) {
        jar.removeCookies(forHost: host)
    }

    /// Drops only the cookies named `names` that `host` would receive.
    public func clearCookies(forHost host: String, named names: Set<String>) {
        jar.removeCookies(forHost: host, named: names)
    }

    // MARK: Navigation

    public func get(_ url: URL, headers: HTTPFields = [:]) async throws -> BrowserNavigation {
        try await send(BrowserRequest(method: "GET", url: url, headers: headers))
    }

    public func get(_ urlString: String, headers: HTTPFields = [:]) async throws -> BrowserNavigation {
        try await get(try Self.parseURL(urlString), headers: headers)
    }

    /// POSTs `form` as `application/x-www-form-urlencoded`.
    public func post(
        _ url: URL,
        form: [FormField],
        headers: HTTPFields = [:],
        initiator: URL? = nil
    ) async throws -> BrowserNavigation {
        try await send(.formPost(to: url, fields: form, headers: headers, initiator: initiator))
    }

    /// Submits `form` from the page it was found on, as pressing `submitter`
    /// (or, without one, as a script's `form.submit()`) would.
    public func submit(
        _ form: HTMLForm,
        submitter: HTMLForm.SubmitButton? = nil,
        from page: HTMLPage? = nil
    ) async throws -> BrowserNavigation {
        if let submitter, !form.submitButtons.contains(submitter) {
            throw BrowserError(.browserInvalidForm, url: form.action.absoluteString,
                               reason: "The submit button \"\(submitter.label)\" does not belong to the form posting to \(form.action.absoluteString).")
        }
        return try await send(form.request(submitter: submitter, from: page?.url))
    }

    /// Keeps going the way a browser with JavaScript does after `navigation`:
    /// while the final page submits a form by itself or refreshes to another
    /// URL, follow it. Returns the navigations made (possibly none); stops
    /// after `limit` steps so that a page posting to itself cannot loop forever.
    /// `stop`, asked with the navigations made so far after each one, ends the walk early
    /// (the caller recognised where the flow went, e.g. back to the IdP for a new login).
    public func followAutoSubmits(
        after navigation: BrowserNavigation, limit: Int = 10,
        stop: @Sendable ([BrowserNavigation]) -> Bool = { _ in false }
    ) async throws -> [BrowserNavigation] {
        var made: [BrowserNavigation] = []
        var current = navigation
        for _ in 0..<limit {
            let page = current.page
            if let form = page.autoSubmittingForm {
                current = try await submit(form, from: page)
            } else if let refresh = page.metaRefreshURL {
                current = try await send(BrowserRequest(method: "GET", url: refresh, initiator: page.url))
            } else {
                return made
            }
            made.append(current)
            if stop(made) { return made }
        }
        throw BrowserError(.browserTooManyRedirects, url: current.finalURL.absoluteString,
                           reason: "Pages kept submitting themselves after \(limit) steps (last at \(current.finalURL.absoluteString)); the flow loops.")
    }

    /// Sends `request` and, unless told not to, follows redirects: 301/302 turn
    /// a POST into a GET (as browsers do), 303 always into a GET, 307/308 keep
    /// method and body. Cookies are stored and sent at every hop.
    public func send(_ request: BrowserRequest, followRedirects: Bool = true) async throws -> BrowserNavigation {
        navigationCount += 1
        let navigation = navigationCount
        var hops: [BrowserHop] = []
        var current = request
        var visited: [URL] = []

        while true {
            current.url = Self.withoutFragment(current.url)
            let prepared = prepare(current, previousHops: visited)
            let hop = try await perform(prepared, navigation: navigation, hopIndex: hops.count)
            hops.append(hop)
            visited.append(prepared.url)

            guard followRedirects, hop.response.isRedirect else { break }
            guard hops.count <= configuration.maxRedirects else {
                throw BrowserError(.browserTooManyRedirects, url: request.url.absoluteString,
                                   reason: "More than \(configuration.maxRedirects) redirects starting at \(request.url.absoluteString) (last to \(hop.response.location ?? "?")); the flow loops.")
            }
            guard let location = hop.response.location,
                  let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: prepared.url)?.absoluteURL,
                  next.host() != nil
            else {
                throw BrowserError(.browserInvalidRedirect, url: prepared.url.absoluteString,
                                   reason: "\(prepared.url.absoluteString) answered \(hop.response.status) with no usable Location (\(hop.response.location ?? "none")).")
            }
            current = Self.redirected(request: current, status: hop.response.status, to: next)
        }
        return BrowserNavigation(hops: hops)
    }

    // MARK: Hops

    /// Adds what a browser adds: Host, User-Agent, Accept, per-host headers,
    /// Origin and Referer for form submissions, and the cookies that apply.
    private func prepare(_ request: BrowserRequest, previousHops: [URL]) -> BrowserRequest {
        var headers = HTTPFields()
        headers.append(HTTPField(name: .hostLine, value: Self.hostHeader(request.url)))
        headers.append(HTTPField(name: .userAgent, value: configuration.userAgent))
        headers.append(HTTPField(name: .accept, value: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
        if let language = configuration.acceptLanguage { headers.append(HTTPField(name: .acceptLanguage, value: language)) }
        for field in request.headers where ![.hostLine, .cookie, .contentLength].contains(field.name) {
            headers.append(field)
        }
        if let host = request.url.host()?.lowercased() {
            let keyWithPort = request.url.port.map { "\(host):\($0)" }
            for key in [host, keyWithPort].compactMap({ $0 }) {
                for field in configuration.extraHeaders[key] ?? [:] {
                    // One line in place of any the request had, at the first one's position
                    // (`[fields:]`, which never splits a value as `[.cookie]` would).
                    headers[fields: field.name] = [field]
                }
            }
        }
        if let initiator = request.initiator, let initiatorOrigin = Origin(initiator) {
            if request.method != "GET" && request.method != "HEAD" && !headers.contains(.origin) {
                // A request redirected across origins carries an opaque origin (Fetch §4.4 step 16).
                let crossedOrigins = previousHops.contains { Origin($0) != initiatorOrigin }
                headers.append(HTTPField(name: .origin, value: crossedOrigins ? "null" : initiatorOrigin.serialized))
            }
            if !headers.contains(.referer) {
                // Default policy strict-origin-when-cross-origin: the full URL to the
                // same origin, the origin alone elsewhere, nothing from https to http.
                let target = Origin(request.url)
                if initiatorOrigin.scheme == "https" && target?.scheme != "https" {
                    // no Referer on a downgrade
                } else if target == initiatorOrigin {
                    headers.append(HTTPField(name: .referer, value: Self.withoutFragment(initiator).absoluteString))
                } else {
                    headers.append(HTTPField(name: .referer, value: initiatorOrigin.serialized + "/"))
                }
            }
        }
        let context = sameSiteContext(request, previousHops: previousHops)
        let sent = jar.cookies(for: request.url, now: now(), context: context)
        if !sent.isEmpty {
            // One `Cookie` line, as browsers send it (appended: setting `[.cookie]` would split it).
            headers.append(HTTPField(name: .cookie, value: CookieHeader.serialize(sent.map { ($0.name, $0.value) })))
        }
        var withheld: [Cookie] = []
        if context != .sameSite {
            withheld = jar.cookies(for: request.url, now: now(), context: .sameSite).filter { !sent.contains($0) }
        }
        if let body = request.body {
            headers.append(HTTPField(name: .contentLength, value: String(body.count)))
        }
        var prepared = request
        prepared.headers = headers
        prepared.withheldCookies = withheld
        return prepared
    }

    /// RFC 6265bis §5.8.3: a request is same-site when its initiator and every
    /// URL of the redirect chain so far are same-site with its target.
    private func sameSiteContext(_ request: BrowserRequest, previousHops: [URL]) -> SameSiteContext {
        guard configuration.enforceSameSite, let target = Site(request.url) else { return .sameSite }
        let chain = (request.initiator.map { [$0] } ?? []) + previousHops
        if chain.allSatisfy({ Site($0) == target }) { return .sameSite }
        return request.method == "GET" || request.method == "HEAD" ? .crossSiteSafeNavigation : .crossSiteUnsafe
    }

    private func perform(_ request: BrowserRequest, navigation: Int, hopIndex: Int) async throws -> BrowserHop {
        let startedAt = now()
        let route = routes.filter { $0.matches(request.url) }.max { $0.specificity < $1.specificity }
        let url = request.url.absoluteString
        let timeout = configuration.requestTimeout
        let outcome: Result<NetworkTransport.Exchange, any Error>
        do {
            if let route {
                outcome = .success(try await withTimeout(timeout, onTimeout: { NetworkTransport.timeoutError(url: url, timeout: timeout) }) {
                    try await Self.exchangeInProcess(request, with: route.host, maxBodySize: self.configuration.maxResponseBodySize)
                })
            } else {
                guard let scheme = request.url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                    throw BrowserError(.browserUnsupportedScheme, url: url,
                                       reason: "\(url) uses the scheme \(request.url.scheme ?? "none"); only http and https (or a registered in-process host) are supported.")
                }
                let transport = self.transport
                outcome = .success(try await withTimeout(timeout, onTimeout: { NetworkTransport.timeoutError(url: url, timeout: timeout) }) {
                    try await transport.exchange(request)
                })
            }
        } catch {
            outcome = .failure(error)
        }

        switch outcome {
        case .success(let exchange):
            var response = exchange.response
            response.url = request.url
            let setCookies = response.headers[values: .setCookie].map { header in
                ExchangeRecord.SetCookie(header: header, outcome: jar.store(setCookie: header, from: request.url, now: now()))
            }
            let sequence = log.append(Self.record(
                request: request, response: response, setCookies: setCookies, failure: nil,
                navigation: navigation, hopIndex: hopIndex, startedAt: startedAt, inProcess: route != nil,
                wait: exchange.wait, receive: exchange.receive))
            return BrowserHop(index: hopIndex, request: request, response: response, inProcess: route != nil, recordSequence: sequence)
        case .failure(let error):
            let browserError = error as? BrowserError
            log.append(Self.record(
                request: request, response: nil, setCookies: [],
                failure: .init(code: browserError?.code ?? .browserConnectionFailed, reason: browserError?.reason ?? "\(error)"),
                navigation: navigation, hopIndex: hopIndex, startedAt: startedAt, inProcess: route != nil,
                wait: .zero, receive: .zero))
            throw error
        }
    }

    private static func exchangeInProcess(
        _ request: BrowserRequest,
        with host: any InProcessHost,
        maxBodySize: Int
    ) async throws -> NetworkTransport.Exchange {
        let clock = ContinuousClock()
        let start = clock.now
        let response: BrowserResponse
        do {
            response = try await host.handle(request)
        } catch let error as BrowserError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw BrowserError(.browserInProcessHostFailed, url: request.url.absoluteString,
                               reason: "The in-process host for \(request.url.absoluteString) failed: \(error).")
        }
        guard response.body.count <= maxBodySize else {
            throw BrowserError(.browserResponseTooLarge, url: request.url.absoluteString,
                               reason: "The in-process response from \(request.url.absoluteString) is larger than \(maxBodySize) bytes.")
        }
        return .init(response: response, wait: clock.now - start, receive: .zero)
    }

    static func record(
        request: BrowserRequest,
        response: BrowserResponse?,
        setCookies: [ExchangeRecord.SetCookie],
        failure: ExchangeRecord.Failure?,
        navigation: Int,
        hopIndex: Int,
        startedAt: Date,
        inProcess: Bool,
        wait: Duration,
        receive: Duration
    ) -> ExchangeRecord {
        let sentCookies = request.headers[values: .cookie].flatMap(CookieHeader.pairs)
        return ExchangeRecord(
            sequence: 0,
            navigation: navigation,
            redirectHop: hopIndex,
            startedAt: startedAt,
            inProcess: inProcess,
            request: .init(
                method: request.method,
                url: request.url.absoluteString,
                httpVersion: "HTTP/1.1",
                headers: request.headers,
                cookies: sentCookies,
                withheldCookies: request.withheldCookies.isEmpty ? nil
                    : request.withheldCookies.map { .init(name: $0.name, sameSite: $0.sameSite.rawValue) },
                body: request.body,
                contentType: request.headers[values: .contentType].first,
                headersSize: request.headers.wireSize,
                bodySize: request.body?.count ?? 0
            ),
            response: response.map { response in
                .init(
                    status: response.status,
                    statusText: response.reasonPhrase,
                    httpVersion: response.httpVersion,
                    headers: response.headers,
                    setCookies: setCookies,
                    body: response.body,
                    contentType: response.contentType,
                    redirectURL: response.location,
                    headersSize: response.headers.wireSize,
                    bodySize: response.body.count
                )
            },
            failure: failure,
            timings: .init(waitMilliseconds: wait.milliseconds, receiveMilliseconds: receive.milliseconds)
        )
    }

    // MARK: Helpers

    /// The request to make after a redirect (Fetch §4.4 "HTTP-redirect fetch", step 12).
    static func redirected(request: BrowserRequest, status: Int, to url: URL) -> BrowserRequest {
        var next = request
        next.url = url
        let becomesGet = status == 303 && request.method != "HEAD"
            || (status == 301 || status == 302) && request.method == "POST"
        if becomesGet {
            next.method = "GET"
            next.body = nil
            for name: HTTPField.Name in [.contentType, .contentEncoding, .contentLanguage, .contentLocation] {
                next.headers[name] = nil
            }
        }
        return next
    }

    static func hostHeader(_ url: URL) -> String {
        var host = url.host(percentEncoded: true) ?? ""
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        return url.port.map { "\(host):\($0)" } ?? host
    }

    static func withoutFragment(_ url: URL) -> URL {
        guard url.fragment != nil, var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url }
        components.fragment = nil
        return components.url ?? url
    }

    static func parseURL(_ string: String) throws -> URL {
        guard let url = URL(string: string), url.scheme != nil, url.host() != nil else {
            throw BrowserError(.browserInvalidURL, url: string,
                               reason: "\"\(string)\" is not an absolute URL with a scheme and a host; check the target file.")
        }
        return url
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
