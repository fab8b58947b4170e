import AsyncHTTPClient
import Foundation
import NIOCore

/// Probes a URL with one GET, short timeouts and no redirects followed. Never asks an AGE
/// production host (the caller filters them, and this refuses them again).
public struct HTTPEndpointProber: EndpointProber {
    public var timeout: TimeAmount

    public init(timeout: TimeAmount = .seconds(3)) {
        self.timeout = timeout
    }

    public func probe(_ url: URL) async -> EndpointProbe {
        if let refusal = GovernmentEndpoints.refusal(url.absoluteString, what: "URL") {
            return .noAnswer(reason: "not probed: \(refusal)")
        }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: timeout, read: timeout))
        configuration.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let started = Date()
        defer { _ = client.shutdown() }
        do {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: "mpass-harness preflight")
            let response = try await client.execute(request, timeout: timeout + timeout)
            // The body is not needed; drain a little so the connection closes cleanly.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return .answered(status: Int(response.status.code), milliseconds: Int(Date().timeIntervalSince(started) * 1000))
        } catch {
            return .noAnswer(reason: Self.describe(error))
        }
    }

    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") || text.contains("readTimeout") {
            return "no answer within the timeout"
        }
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("NIOSSL") || text.contains("handshake") || text.contains("certificate") {
            return "TLS failed (\(text))"
        }
        return text
    }
}
