import Foundation
import HTTPTypes
import Hummingbird
import Testing
import TestSupport
@testable import BrowserAgent
import Vocabulary

/// The browser against real HTTP servers on 127.0.0.1.
@Suite("Browser over the network", .timeLimit(.minutes(5)))
struct BrowserNetworkTests {
    /// /start sets a cookie and redirects; /middle needs it, sets another and
    /// redirects again; /end shows which cookies arrived.
    static func redirectingRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/start") { _, _ in
            var headers = HTTPFields()
            headers[.location] = "/middle"
            headers[values: .setCookie] = ["first=1; Path=/", "scoped=1; Path=/elsewhere"]
            return Response(status: .found, headers: headers)
        }
        router.get("/middle") { request, _ in
            guard request.headers[.cookie]?.contains("first=1") == true else {
                return Response(status: .forbidden)
            }
            var headers = HTTPFields()
            headers[.location] = "http://127.0.0.1:\(request.head.authority?.split(separator: ":").last ?? "")/end"
            headers[values: .setCookie] = ["second=2; HttpOnly; SameSite=Lax"]
            return Response(status: .seeOther, headers: headers)
        }
        router.get("/end") { request, _ in
            "cookies: \(request.headers[.cookie] ?? "none")"
        }
        router.post("/form") { _, _ in
            Response(status: .found, headers: [.location: "/landing"])
        }
        router.post("/keep") { _, _ in
            Response(status: .temporaryRedirect, headers: [.location: "/echo"])
        }
        router.on("/landing", method: .get) { request, _ in "landed with \(request.method)" }
        router.post("/echo") { request, context in
            let body = try await request.body.collect(upTo: 1 << 16)
            return "\(request.method) \(String(buffer: body)) origin=\(request.headers[.origin] ?? "-")"
        }
        router.get("/loop") { _, _ in
            Response(status: .found, headers: [.location: "/loop"])
        }
        router.get("/big") { _, _ in
            String(repeating: "x", count: 4096)
        }
        router.get("/headers") { request, _ in
            "key=\(request.headers.first { $0.name.canonicalName == "x-api-key" }?.value ?? "-")"
        }
        return router
    }

    @Test("follows redirects hop by hop, storing and sending cookies at each hop")
    func redirectsWithCookies() async throws {
        try await TestServers.withHummingbird(Self.redirectingRouter()) { base in
            let log = ExchangeLog()
            try await Browser.withBrowser(log: log) { browser in
                let navigation = try await browser.get(base.appending(path: "start"))
                #expect(navigation.hops.map(\.response.status) == [302, 303, 200])
                #expect(navigation.urls.map(\.path) == ["/start", "/middle", "/end"])
                #expect(navigation.response.text == "cookies: first=1; second=2")
                #expect(navigation.hops[1].request.method == "GET")

                let jar = await browser.cookieJar
                #expect(Set(jar.cookies.map(\.name)) == ["first", "scoped", "second"])
                #expect(jar.cookies(named: "second").first?.httpOnly == true)
                #expect(jar.cookies(named: "scoped").first?.path == "/elsewhere")
            }
            let records = log.records
            #expect(records.map(\.redirectHop) == [0, 1, 2])
            #expect(records.map(\.sequence) == [0, 1, 2])
            #expect(records.allSatisfy { !$0.inProcess && $0.navigation == 1 })
            #expect(records[0].response?.setCookies.map(\.name) == ["first", "scoped"])
            #expect(records[1].request.cookies == [FormField("first", "1")])
            #expect(records[1].response?.redirectURL?.hasSuffix("/end") == true)
            #expect(records[2].request.headers[values: .cookie] == ["first=1; second=2"], "one Cookie line (RFC 6265 §5.4)")
            #expect(records[2].response?.httpVersion == "HTTP/1.1")
            #expect(records[2].response?.bodySize == records[2].response?.body.count)
        }
    }

    @Test("302 after a POST becomes a GET; 307 keeps method, body and Origin")
    func redirectMethods() async throws {
        try await TestServers.withHummingbird(Self.redirectingRouter()) { base in
            try await Browser.withBrowser { browser in
                let changed = try await browser.post(base.appending(path: "form"), form: [FormField("a", "1")])
                #expect(changed.response.text == "landed with GET")
                #expect(changed.hops[1].request.body == nil)

                let page = base.appending(path: "page")
                let kept = try await browser.post(base.appending(path: "keep"), form: [FormField("a", "1 2")], initiator: page)
                #expect(kept.response.text == "POST a=1+2 origin=\(base.absoluteString)")
            }
        }
    }

    @Test("a redirect loop stops at the limit with too-many-redirects")
    func redirectLoop() async throws {
        try await TestServers.withHummingbird(Self.redirectingRouter()) { base in
            var configuration = BrowserConfiguration()
            configuration.maxRedirects = 5
            // Generous: the point is the redirect limit, and a loaded CI machine (third-party SPs,
            // mutation runs in parallel suites) can keep a loopback server waiting for seconds.
            configuration.requestTimeout = .seconds(120)
            let log = ExchangeLog()
            try await Browser.withBrowser(configuration: configuration, log: log) { browser in
                let error = await #expect(throws: BrowserError.self) {
                    try await browser.get(base.appending(path: "loop"))
                }
                #expect(error?.code == .browserTooManyRedirects)
                #expect(error?.reason.contains("More than 5 redirects") == true)
            }
            #expect(log.count == 6, "the first request and five redirects, then the stop")
        }
    }

    @Test("a server that never answers ends in a timeout, quickly")
    func timeout() async throws {
        try await TestServers.withSilentServer { base in
            var configuration = BrowserConfiguration()
            configuration.requestTimeout = .milliseconds(300)
            let log = ExchangeLog()
            let started = ContinuousClock.now
            try await Browser.withBrowser(configuration: configuration, log: log) { browser in
                let error = await #expect(throws: BrowserError.self) {
                    try await browser.get(base.appending(path: "anything"))
                }
                #expect(error?.code == .browserTimeout)
                #expect(error?.reason.contains("300 ms") == true)
            }
            // Bounded, not timed: a 300 ms timeout must end the wait long before a hang would
            // (generous, so a loaded CI machine cannot make it flaky).
            #expect(ContinuousClock.now - started < .seconds(300))
            #expect(log.records.first?.failure?.code == .browserTimeout)
            #expect(log.records.first?.response == nil)
        }
    }

    @Test("connection refused says whether the Service is running")
    func connectionRefused() async throws {
        let closed = try HeldLoopbackPort()
        defer { withExtendedLifetime(closed) {} }
        let port = closed.port
        try await Browser.withBrowser { browser in
            let error = await #expect(throws: BrowserError.self) {
                try await browser.get("http://127.0.0.1:\(port)/login")
            }
            #expect(error?.code == .browserConnectionRefused)
            #expect(error?.reason.contains("is the Service running at http://127.0.0.1:\(port)/login?") == true)
        }
    }

    @Test("invalid URLs and schemes are refused with their own codes")
    func invalidURLs() async throws {
        try await Browser.withBrowser { browser in
            let invalid = await #expect(throws: BrowserError.self) { try await browser.get("not a url") }
            #expect(invalid?.code == .browserInvalidURL)
            let scheme = await #expect(throws: BrowserError.self) { try await browser.get("ftp://127.0.0.1/x") }
            #expect(scheme?.code == .browserUnsupportedScheme)
        }
    }

    @Test("a body over the cap is refused")
    func responseTooLarge() async throws {
        try await TestServers.withHummingbird(Self.redirectingRouter()) { base in
            var configuration = BrowserConfiguration()
            configuration.maxResponseBodySize = 1024
            configuration.requestTimeout = .seconds(120)  // the cap is the point, not the clock
            try await Browser.withBrowser(configuration: configuration) { browser in
                let error = await #expect(throws: BrowserError.self) { try await browser.get(base.appending(path: "big")) }
                #expect(error?.code == .browserResponseTooLarge)
            }
        }
    }

    @Test("extra headers are sent to the configured host only")
    func extraHeaders() async throws {
        try await TestServers.withHummingbird(Self.redirectingRouter()) { base in
            var configuration = BrowserConfiguration()
            let apiKey = HTTPField.Name("X-Api-Key")!
            configuration.extraHeaders["127.0.0.1:\(base.port!)"] = [apiKey: "k1"]
            configuration.extraHeaders["other.test"] = [apiKey: "wrong"]
            try await Browser.withBrowser(configuration: configuration) { browser in
                let navigation = try await browser.get(base.appending(path: "headers"))
                #expect(navigation.response.text == "key=k1")
            }
        }
    }
}
