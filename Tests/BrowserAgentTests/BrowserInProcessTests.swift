import Foundation
import HTTPTypes
import Hummingbird
import Testing
import TestSupport
@testable import BrowserAgent
import Vocabulary

/// A login round trip between a real Service on 127.0.0.1 and a simulated
/// identity provider answered in-process, shaped like the MPass flow.
@Suite("Browser with in-process hosts", .timeLimit(.minutes(5)))
struct BrowserInProcessTests {
    static let idpBase = URL(string: "https://mpass.sim.test/")!

    /// The Service: /login starts a login (state cookie + auto-submit page to
    /// the IdP), /mpass-login is the ACS, /protected needs the session,
    /// /logout starts a Redirect-binding logout.
    static func serviceRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/login") { _, _ in
            let page = """
            <html><body>
            <form method="post" action="https://mpass.sim.test/login/saml">
            <input type="hidden" name="SAMLRequest" value="UkVRLTE+Lz0="/>
            <input type="hidden" name="RelayState" value="/protected"/>
            <noscript><button type="submit">Continue</button></noscript>
            </form>
            <script>document.forms[0].submit()</script>
            </body></html>
            """
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[values: .setCookie] = ["login_state=REQ-1; Path=/; HttpOnly", "lax_state=REQ-1; Path=/; SameSite=Lax"]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        router.post("/mpass-login") { request, _ in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            let cookies = request.headers[.cookie] ?? ""
            // The ACS accepts only the answer to the request it issued, bound to the browser's state cookie.
            guard cookies.contains("login_state=REQ-1"), body.contains("SAMLResponse=RESP-TO-REQ-1"), body.contains("RelayState=%2Fprotected")
            else { return Response(status: .forbidden, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "refused; cookies=\(cookies)"))) }
            var headers = HTTPFields()
            headers[.location] = "/protected"
            headers[values: .setCookie] = ["session=alice; Path=/; HttpOnly", "login_state=; Max-Age=0; Path=/"]
            return Response(status: .found, headers: headers)
        }
        router.get("/protected") { request, _ in
            if request.headers[.cookie]?.contains("session=alice") == true {
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "hello alice")))
            }
            return Response(status: .found, headers: [.location: "/login"])
        }
        router.get("/logout") { _, _ in
            Response(status: .found, headers: [.location: "https://mpass.sim.test/logout?SAMLRequest=fZBBa%2bMw&RelayState=%2F&SigAlg=rsa%2dsha256&Signature=U2ln%3d%3D"])
        }
        router.get("/mpass-logout") { request, _ in
            "logged out: \(request.uri.query ?? "")"
        }
        return router
    }

    /// The simulated IdP: answers a POST-binding AuthnRequest with an
    /// auto-submitting Response page to the Service's ACS, and a
    /// Redirect-binding LogoutRequest with a redirect back. It records what it saw.
    final class SimulatedIdP: InProcessHost {
        let serviceBase: URL
        let seen = Seen()

        actor Seen {
            var requests: [BrowserRequest] = []
            func add(_ request: BrowserRequest) { requests.append(request) }
        }

        init(serviceBase: URL) { self.serviceBase = serviceBase }

        func handle(_ request: BrowserRequest) async throws -> BrowserResponse {
            await seen.add(request)
            switch (request.method, request.url.path) {
            case ("POST", "/login/saml"):
                let fields = request.formFields ?? []
                let answer = fields["SAMLRequest"] == "UkVRLTE+Lz0=" ? "RESP-TO-REQ-1" : "WRONG"
                let acs = serviceBase.appending(path: "mpass-login").absoluteString
                return .html("""
                <html><body onload="document.forms[0].submit()">
                <form method="post" action="\(acs)">
                <input type="hidden" name="SAMLResponse" value="\(answer)"/>
                <input type="hidden" name="RelayState" value="\(fields["RelayState"] ?? "")"/>
                </form></body></html>
                """, headers: [.setCookie: "mpass_sso=alice; Path=/; Secure; HttpOnly"])
            case ("GET", "/logout"):
                return .redirect(to: serviceBase.appending(path: "mpass-logout").absoluteString + "?SAMLResponse=b2s%3D")
            default:
                return BrowserResponse(status: 404)
            }
        }
    }

    @Test("a whole login: Service → in-process IdP → ACS → protected page, cookies kept throughout")
    func loginRoundTrip() async throws {
        try await TestServers.withHummingbird(Self.serviceRouter()) { service in
            let idp = SimulatedIdP(serviceBase: service)
            let log = ExchangeLog()
            try await Browser.withBrowser(log: log) { browser in
                try await browser.register(idp, for: Self.idpBase)
                let start = try await browser.get(service.appending(path: "login"))
                let message = try #require(start.samlMessage)
                #expect(message.binding == .httpPost && message.parameter == .samlRequest)

                let steps = try await browser.followAutoSubmits(after: start)
                #expect(steps.count == 2)
                let last = try #require(steps.last)
                #expect(last.response.text == "hello alice")
                #expect(last.urls.map(\.path) == ["/mpass-login", "/protected"])

                let jar = await browser.cookieJar
                #expect(jar.cookies(named: "login_state").isEmpty, "Max-Age=0 removed it")
                #expect(jar.cookies(named: "session").first?.httpOnly == true)
                #expect(jar.cookies(named: "mpass_sso").first?.domain == "mpass.sim.test")
                #expect(jar.cookies(named: "mpass_sso").first?.secure == true)

                // A second login carries the IdP's cookie to the IdP (what SSO relies on).
                _ = try await browser.followAutoSubmits(after: try await browser.get(service.appending(path: "login")))
                let idpRequests = await idp.seen.requests
                #expect(idpRequests.count == 2)
                #expect(idpRequests[0].headers[values: .cookie] == [])
                // RFC 6265 §5.4: one Cookie line, never more.
                #expect(idpRequests[1].headers[values: .cookie] == ["mpass_sso=alice"])
                #expect(idpRequests[1].headers[values: .origin] == ["http://127.0.0.1:\(service.port!)"])
            }
            let records = log.records
            #expect(records.map(\.inProcess) == [false, true, false, false, false, true, false, false])
            #expect(records[1].request.url == "https://mpass.sim.test/login/saml")
            let idpCookie = try #require(Self.storedCookie(records[1]))
            #expect(idpCookie.name == "mpass_sso" && idpCookie.secure && idpCookie.hostOnly)
            #expect(records[2].request.headers[.cookie]?.contains("login_state=REQ-1") == true)
            // The ACS POST comes from the IdP's site: SameSite=Lax stays home, as in a browser.
            #expect(records[2].request.headers[.cookie]?.contains("lax_state") == false)
            #expect(records[3].redirectHop == 1)
            #expect(records[3].request.headers[.cookie]?.contains("lax_state=REQ-1") == true, "same-site again after the redirect chain")
        }
    }

    static func storedCookie(_ record: ExchangeRecord) -> BrowserAgent.Cookie? {
        if case .stored(let cookie) = record.response?.setCookies.first?.outcome { return cookie }
        return nil
    }

    @Test("dropping the Service's cookies between request and response makes the ACS refuse (TC_SEC_07 shape)")
    func dropServiceCookies() async throws {
        try await TestServers.withHummingbird(Self.serviceRouter()) { service in
            try await Browser.withBrowser { browser in
                try await browser.register(SimulatedIdP(serviceBase: service), for: Self.idpBase)
                let start = try await browser.get(service.appending(path: "login"))
                let atIdP = try await browser.submit(try #require(start.page.autoSubmittingForm), from: start.page)
                #expect(atIdP.hops.allSatisfy { $0.inProcess })

                await browser.clearCookies(forHost: "127.0.0.1")
                #expect(await browser.cookies(for: service).isEmpty)
                #expect(await browser.cookieJar.cookies(named: "mpass_sso").count == 1, "the IdP's cookies stay")

                let acs = try await browser.submit(try #require(atIdP.page.autoSubmittingForm), from: atIdP.page)
                #expect(acs.response.status == 403)
                let protected = try await browser.get(service.appending(path: "protected"))
                #expect(protected.urls.map(\.path) == ["/protected", "/login"], "no session: sent to log in again")
            }
        }
    }

    @Test("a Redirect-binding message reaches the in-process host with its query untouched")
    func redirectBindingThroughIdP() async throws {
        try await TestServers.withHummingbird(Self.serviceRouter()) { service in
            let idp = SimulatedIdP(serviceBase: service)
            try await Browser.withBrowser { browser in
                try await browser.register(idp, for: Self.idpBase)
                let navigation = try await browser.get(service.appending(path: "logout"))
                #expect(navigation.hops.map(\.inProcess) == [false, true, false])
                #expect(navigation.response.text == "logged out: SAMLResponse=b2s%3D")
                let message = try #require(navigation.samlMessage)
                #expect(message.binding == .httpRedirect)
                #expect(message.rawQuery == "SAMLRequest=fZBBa%2bMw&RelayState=%2F&SigAlg=rsa%2dsha256&Signature=U2ln%3d%3D")
                let received = try #require(await idp.seen.requests.first)
                #expect(received.rawQuery == message.rawQuery)
            }
        }
    }

    @Test("an in-process host that never answers times out; one that throws is reported")
    func inProcessFailures() async throws {
        var configuration = BrowserConfiguration()
        configuration.requestTimeout = .milliseconds(200)
        try await Browser.withBrowser(configuration: configuration) { browser in
            try await browser.register(baseURL: URL(string: "https://hang.test/")!) { _ in
                // Ignores cancellation on purpose: the browser must not wait for it.
                // Far longer than the 200 ms timeout even when a loaded machine delays the timer.
                let until = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < until { try? await Task.sleep(for: .milliseconds(50)) }
                return BrowserResponse(status: 200)
            }
            // The broken host lives on a loopback port where nothing listens, so a
            // request the host does not take ends at the network as "connection refused".
            let closed = try HeldLoopbackPort()
            defer { withExtendedLifetime(closed) {} }
            let port = closed.port
            try await browser.register(baseURL: URL(string: "http://127.0.0.1:\(port)/api")!) { _ in
                struct Boom: Error {}
                throw Boom()
            }
            let started = ContinuousClock.now
            let timeout = await #expect(throws: BrowserError.self) { try await browser.get("https://hang.test/x") }
            #expect(timeout?.code == .browserTimeout)
            // Bounded, not timed: the point is that the wait ends at all. Generous, because on a
            // loaded 2-core machine other suites' blocking work (RSA key generation, xmlsec) can
            // starve the cooperative thread pool that fires the timeout.
            #expect(ContinuousClock.now - started < .seconds(300))

            let failed = await #expect(throws: BrowserError.self) { try await browser.get("http://127.0.0.1:\(port)/api/call") }
            #expect(failed?.code == .browserInProcessHostFailed)
            #expect(failed?.reason.contains("http://127.0.0.1:\(port)/api/call") == true)

            // Outside the base path the in-process host does not answer: the network is used.
            let outside = await #expect(throws: BrowserError.self) { try await browser.get("http://127.0.0.1:\(port)/apix") }
            #expect(outside?.code == .browserConnectionRefused)
        }
    }

    @Test("a page that keeps submitting itself is stopped")
    func autoSubmitLoop() async throws {
        try await Browser.withBrowser { browser in
            try await browser.register(baseURL: URL(string: "https://loop.test/")!) { _ in
                .html("<form method=post action=/again></form><script>document.forms[0].submit()</script>")
            }
            let first = try await browser.get("https://loop.test/start")
            let error = await #expect(throws: BrowserError.self) { try await browser.followAutoSubmits(after: first, limit: 3) }
            #expect(error?.code == .browserTooManyRedirects)
            #expect(browser.log.count == 4)
        }
    }

    @Test("the redaction hook sees every record before it is stored")
    func redaction() async throws {
        let log = ExchangeLog { record in
            var record = record
            if record.request.url.hasSuffix("/password") { record.request.body = Data("[redacted]".utf8) }
            return record
        }
        try await Browser.withBrowser(log: log) { browser in
            try await browser.register(baseURL: URL(string: "https://idp.test/")!) { request in
                BrowserResponse(status: 200, body: request.body ?? Data())
            }
            let navigation = try await browser.post(URL(string: "https://idp.test/password")!, form: [FormField("password", "hunter2")])
            #expect(navigation.response.text == "password=hunter2", "the exchange itself is unchanged")
        }
        #expect(log.records.count == 1)
        #expect(log.records[0].request.body == Data("[redacted]".utf8))
        #expect(log.records[0].request.contentType == "application/x-www-form-urlencoded")
        #expect(log.records[0].inProcess)
    }
}
