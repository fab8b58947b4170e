import AsyncHTTPClient
import Foundation
import HostGuard
import NIOCore
import NIOHTTP1

/// One HTTP request with AsyncHTTPClient (URLSession's async API hangs at times on Linux):
/// chromedriver's WebDriver endpoint, and "is the server up yet" polls.
public func loopbackRequest(_ method: HTTPMethod, _ url: String, json body: Data? = nil,
                            timeout: TimeInterval = 30) async throws -> (status: Int, body: Data) {
    do {
        try ProductionGuard.check(url)
    } catch {
        throw WebDriverFailure(error.reason)
    }
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let body {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
    let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
    return (Int(response.status.code), Data(bytes.readableBytesView))
}

/// Polls `url` until it answers 200, or fails after `timeout`.
public func waitForHTTP(_ url: String, timeout: TimeInterval = 20) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if let (status, _) = try? await loopbackRequest(.GET, url, timeout: 2), status == 200 { return }
        try await Task.sleep(nanoseconds: 100_000_000)
    }
    throw WebDriverFailure("\(url) did not answer within \(Int(timeout)) s")
}
