import BrowserAgent
import CaseCatalogue
import Conformance
import Foundation
import HarnessModel
import Hummingbird
import Logging
import MPassSAML
import MPassSimulator
import Testing
import TestSupport

/// A Service that is down, answers garbage, or never sends the user to MPass: each case
/// ends with a clear verdict naming the case and the step, never a hang or a crash.
@Suite(.timeLimit(.minutes(5))) struct BrokenServiceTests {
    static let identity = try! TestCredentialFactory.make(.init(commonName: "broken-service test"))

    static func service(at base: URL) -> ServiceUnderTest {
        ServiceUnderTest(name: "broken", baseURL: base, loginURL: base.appendingPathComponent("login"),
                         logoutURL: base.appendingPathComponent("logout"), acsURL: base.appendingPathComponent("acs").absoluteString,
                         singleLogoutURL: nil, logoutResponseURL: nil, protectedURL: base.appendingPathComponent("protected"),
                         loggedInMarker: "Logged in", issuer: "https://broken.example", certificates: [identity.certificate])
    }

    static func run(_ service: ServiceUnderTest, cases: [ConformanceCase] = Array(Chapter9.cases.prefix(2))) async throws -> [CaseResult] {
        let simulator = MPassSimulator(configuration: try SimulatorConfiguration(
            baseURL: URL(string: "https://mpass.sim.test")!, identity: identity, services: [service.registration]))
        var browser = BrowserConfiguration()
        browser.requestTimeout = .seconds(10)
        browser.connectTimeout = .seconds(1)
        return await ConformanceRunner(service: service, simulator: simulator, browserConfiguration: browser).run(cases)
    }

    /// Serves `handler` on a free loopback port for the length of `body`.
    static func withServer(_ handler: @escaping @Sendable (Request) async -> Response,
                           _ body: @Sendable (URL) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "broken-service")
        logger.logLevel = .critical
        let app = Application(responder: CallbackResponder<BasicRequestContext> { request, _ in await handler(request) },
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        // On the loopback servers' own threads, as the reference Service and the simulator answer.
        let server = Task(executorPreference: ServerExecutor.shared) { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        defer { server.cancel() }
        try await body(URL(string: "http://127.0.0.1:\(port)")!)
    }

    @Test func unreachableServiceIsAnErrorNamingTheCaseAndTheStep() async throws {
        // A port held, never listening: nothing can answer there for as long as the test runs.
        let closed = try HeldLoopbackPort()
        let results = try await Self.run(Self.service(at: URL(string: closed.baseURL)!))
        #expect(results.count == 2)
        for result in results {
            #expect(result.verdict == .error)
            #expect(result.reason.contains(result.id))
            #expect(result.reason.contains("127.0.0.1:\(closed.port)"), "\(result.reason)")
        }
    }

    @Test func serviceAnsweringGarbageNeverReachesMPass() async throws {
        try await Self.withServer({ _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: [0xFF, 0x00, 0x13, 0x37, 0xC3])))
        }) { base in
            let results = try await Self.run(Self.service(at: base))
            let login = try #require(results.first)
            #expect(login.verdict == .fail)
            #expect(login.observed == "the login never reached MPass")
            #expect(login.reason.contains("never sent an AuthnRequest to MPass"))
            #expect(login.steps.contains { $0.title == "open the Service's login URL" && $0.outcome == .fail })
        }
    }

    @Test func protectedResourceServedWithoutLoginMakesEveryVerdictMeaningless() async throws {
        try await Self.withServer({ _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "Logged in as nobody")))
        }) { base in
            let results = try await Self.run(Self.service(at: base))
            for result in results {
                #expect(result.verdict == .error)
                #expect(result.reason.contains("served to a browser that never logged in"))
            }
        }
    }

    /// The Service sleeps far past the 10 s request timeout and would answer at last: the case
    /// must end with the timeout error, not with the late answer. The time limit turns a broken
    /// timeout (a run that waits for ever) into a failure instead of a hung CI job.
    @Test(.timeLimit(.minutes(3)))
    func serviceThatNeverAnswersTimesOut() async throws {
        try await Self.withServer({ _ in
            try? await Task.sleep(nanoseconds: 600_000_000_000)
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "Logged in as the late answer")))
        }) { base in
            let results = try await Self.run(Self.service(at: base), cases: [Chapter9.cases[0]])
            let result = try #require(results.first)
            #expect(result.verdict == .error)
            // BrowserAgent's timeout error (NetworkTransport.timeoutError), naming the Service and the timeout.
            #expect(result.reason.contains("No complete answer from \(base.absoluteString)/"), "\(result.reason)")
            #expect(result.reason.contains("within 10 s"), "\(result.reason)")
            #expect(result.reason.contains("the Service may be stuck or too slow"), "\(result.reason)")
        }
    }
}
