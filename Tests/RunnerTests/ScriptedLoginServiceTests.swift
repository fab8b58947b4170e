import AsyncHTTPClient
import BrowserAgent
import CaseCatalogue
import Conformance
import Evidence
import Foundation
import HarnessModel
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import Testing
import TestSupport

/// Issue 14: a Service built as a single-page application starts its login from JavaScript —
/// it fetches the AuthnRequest and builds the form in script. A real browser logs in; the
/// in-process agent, which runs no script, must say it cannot carry the login out (ERROR,
/// naming `--browser chromium`), not call the Service broken.
///
/// The Service is the reference Service behind a small front on another loopback port (cookies
/// ignore ports, so both share them): `/login` is a page whose script fetches `/login-data`
/// (the reference Service's AuthnRequest form, as JSON) and submits a form it builds; every
/// other path is passed through.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ScriptedLoginServiceTests {
    static let loginPage = """
        <!doctype html><html><head><title>Sign in</title></head><body><p>Signing in…</p>
        <script>
        fetch('/login-data' + location.search, {credentials: 'same-origin'}).then(r => r.json()).then(data => {
          const form = document.createElement('form');
          form.method = 'POST'; form.action = data.action;
          for (const [name, value] of data.fields) {
            const input = document.createElement('input');
            input.type = 'hidden'; input.name = name; input.value = value; form.appendChild(input);
          }
          document.body.appendChild(form);
          form.submit();
        });
        </script></body></html>
        """

    /// The front: `/login` the scripted page, `/login-data` the upstream login's form as JSON,
    /// anything else passed to `upstream` (redirects not followed, cookies both ways).
    static func front(upstream: URL, client: HTTPClient) -> @Sendable (Request) async -> Response {
        { request in
            do {
                if request.uri.path == "/login" {
                    return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                    body: ResponseBody(byteBuffer: ByteBuffer(string: loginPage)))
                }
                let path = request.uri.path == "/login-data" ? "/login" : request.uri.path
                var outbound = HTTPClientRequest(url: upstream.absoluteString + path + (request.uri.query.map { "?\($0)" } ?? ""))
                outbound.method = HTTPMethod(rawValue: request.method.rawValue)
                for field in request.headers where field.name.canonicalName != "host" && field.name != .contentLength {
                    outbound.headers.add(name: field.name.rawName, value: field.value)
                }
                if request.method == .post {
                    var request = request
                    outbound.body = .bytes(try await request.collectBody(upTo: 1 << 20))
                }
                let answer = try await client.execute(outbound, timeout: .seconds(10))
                let body = try await answer.body.collect(upTo: 1 << 22)
                var headers = HTTPFields()
                for header in answer.headers where !["content-length", "transfer-encoding", "connection"].contains(header.name.lowercased()) {
                    if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
                }
                guard request.uri.path == "/login-data" else {
                    return Response(status: .init(code: Int(answer.status.code)), headers: headers, body: ResponseBody(byteBuffer: body))
                }
                guard let form = HTMLPage(html: String(buffer: body), url: upstream).autoSubmittingForm else {
                    return Response(status: .badGateway, body: ResponseBody(byteBuffer: ByteBuffer(string: "front: the login page has no form")))
                }
                let json = try JSONSerialization.data(withJSONObject: [
                    "action": form.action.absoluteString, "fields": form.fields.map { [$0.name, $0.value] },
                ])
                headers[.contentType] = "application/json"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
            } catch {
                return Response(status: .badGateway, body: ResponseBody(byteBuffer: ByteBuffer(string: "front: \(error)")))
            }
        }
    }

    static func login(through browser: BrowserKind) async throws -> CaseResult {
        let embedded = try await EmbeddedRun.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "scripted-login-front")
        logger.logLevel = .critical
        let upstream = embedded.service.baseURL
        let app = Application(responder: CallbackResponder<BasicRequestContext> { request, _ in await front(upstream: upstream, client: client)(request) },
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let server = Task(executorPreference: ServerExecutor.shared) { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        let base = URL(string: "http://127.0.0.1:\(port)")!
        var service = embedded.service
        service.name = "scripted-login Service"
        service.baseURL = base
        service.loginURL = base.appendingPathComponent("login")
        service.logoutURL = base.appendingPathComponent("logout")
        service.protectedURL = base.appendingPathComponent("protected")
        let result: Result<PlanRun, any Error>
        do {
            result = .success(try await PlanRun.perform(try TestPlan.resolve("chapter9").selecting(["TC_FUNCT_01"]), service: service,
                                                        simulator: embedded.simulator, browser: browser, redaction: RedactionPolicy()))
        } catch {
            result = .failure(error)
        }
        server.cancel()
        try? await client.shutdown()
        await embedded.stop()
        return try #require(try result.get().report.cases.first)
    }

    @Test func chromiumLogsInWhereTheLoginStartsFromAScript() async throws {
        let result = try await Self.login(through: .chromium)
        #expect(result.verdict == .pass, "\(result.reason)")
    }

    @Test func theInProcessAgentSaysTheLoginNeedsARealBrowser() async throws {
        let result = try await Self.login(through: .inProcess)
        #expect(result.verdict == .error, "\(result.reason)")
        #expect(result.observed == "the login needs a real browser")
        #expect(result.reason.contains("runs no JavaScript") && result.reason.contains("--browser chromium"), "\(result.reason)")
    }
}
