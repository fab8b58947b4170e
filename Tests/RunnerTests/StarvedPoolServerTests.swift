import Conformance
import Foundation
import Hummingbird
import Logging
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parallel test run had six RunnerTests fail with "No complete answer … within 10 s": the
/// loopback Services answered on Swift's cooperative pool, which synchronous CPU-bound suites
/// held. The Services now answer on ServerExecutor's threads; with every thread of the pool
/// held, each server still answers, and a server run the old way (the control) does not.
@Suite(.serialized, .timeLimit(.minutes(10))) struct StarvedPoolServerTests {
    /// GET `path` from 127.0.0.1:`port` over a plain socket from the calling thread (no Swift
    /// task involved): the whole answer, or nil when the server does not answer completely and
    /// close within `timeout` seconds of silence.
    static func get(port: Int, path: String, timeout: Int) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { return String(decoding: answer, as: UTF8.self) }
            if count < 0 { return nil }
            answer += buffer[..<count]
        }
    }

    /// The reference Service signs an AuthnRequest for `/login` (HTTP-POST binding: a form
    /// carrying SAMLRequest, SAML Bindings 3.5.4) with the whole pool held.
    @Test func referenceServiceAnswersWhileThePoolIsHeld() async throws {
        let run = try await EmbeddedRun.start()
        let port = run.running.port
        let answer = try await HeldPool.run { Self.get(port: port, path: "/login", timeout: 30) }
        await run.stop()
        let text = try #require(answer, "the reference Service did not answer while the pool was held")
        #expect(text.hasPrefix("HTTP/1.1 200"), "\(text.prefix(200))")
        #expect(text.contains("name=\"SAMLRequest\""), "\(text.prefix(2000))")
    }

    /// The test Services of BrokenServiceTests (and CachingObservationTests) answer too.
    @Test func testServiceAnswersWhileThePoolIsHeld() async throws {
        try await BrokenServiceTests.withServer({ _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "answered off the pool")))
        }) { base in
            let port = try #require(base.port)
            let answer = try await HeldPool.run { Self.get(port: port, path: "/", timeout: 30) }
            #expect(answer?.hasPrefix("HTTP/1.1 200") == true, "\(answer ?? "no answer")")
            #expect(answer?.hasSuffix("answered off the pool") == true, "\(answer ?? "no answer")")
        }
    }

    /// The control: the same server run on the pool, as before, cannot answer while it is held,
    /// so the two tests above would fail if the servers still needed the pool.
    @Test func aServerOnThePoolDoesNotAnswerWhileThePoolIsHeld() async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "pool-control")
        logger.logLevel = .critical
        let app = Application(responder: CallbackResponder<BasicRequestContext> { _, _ in
            Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "answered on the pool")))
        }, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
           onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        // Answered at once when the pool is free: the server works.
        let free = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.get(port: port, path: "/", timeout: 30)) }.start()
        }
        #expect(free?.hasSuffix("answered on the pool") == true, "\(free ?? "no answer")")
        // Held: two seconds only bound the look; nothing can answer until the pool is released.
        let held = try await HeldPool.run { Self.get(port: port, path: "/", timeout: 2) }
        #expect(held == nil, "\(held ?? "")")
    }
}
