import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One request with AsyncHTTPClient (URLSession's async API hangs at times on Linux).
func httpRequest(_ method: HTTPMethod, _ url: String, json body: Data? = nil, timeout: TimeInterval = 30) async throws -> (status: Int, body: Data) {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let body {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
    let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return (Int(response.status.code), Data(bytes.readableBytesView))
}

/// A small W3C WebDriver client: enough to drive headless Chromium through a login and a
/// logout the way a person would, so the auto-submitting pages are proven in a real browser.
final class WebDriverClient: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let endpoint: URL
    private(set) var sessionID: String?

    init(endpoint: URL) {
        self.endpoint = endpoint
    }

    /// Starts a headless Chromium session. `acceptInsecureCertificates`: a person accepts the
    /// warning for `live`'s self-signed localhost certificate once; the scripted one always does.
    func startSession(chromiumBinary: String, acceptInsecureCertificates: Bool = false) async throws {
        var match: [String: Any] = [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": chromiumBinary,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--no-default-browser-check", "--window-size=1200,900"],
            ],
        ]
        if acceptInsecureCertificates { match["acceptInsecureCerts"] = true }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": match]]
        let value = try await command("POST", "session", body: capabilities)
        guard let id = (value as? [String: Any])?["sessionId"] as? String else {
            throw Failure(description: "chromedriver did not return a session id: \(value)")
        }
        sessionID = id
    }

    func navigate(to url: String) async throws {
        _ = try await command("POST", "session/\(try id())/url", body: ["url": url])
    }

    func currentURL() async throws -> String {
        (try await command("GET", "session/\(try id())/url") as? String) ?? ""
    }

    func pageSource() async throws -> String {
        (try await command("GET", "session/\(try id())/source") as? String) ?? ""
    }

    /// Clicks the element matched by a CSS selector.
    func click(css selector: String) async throws {
        let found = try await command("POST", "session/\(try id())/element", body: ["using": "css selector", "value": selector])
        guard let element = (found as? [String: Any])?.first(where: { $0.key.hasPrefix("element-") })?.value as? String else {
            throw Failure(description: "no element matches \(selector)")
        }
        _ = try await command("POST", "session/\(try id())/element/\(element)/click", body: [:])
    }

    /// Polls until `condition` holds for the current URL and page, or fails after `timeout`.
    func waitUntil(_ what: String, timeout: TimeInterval = 15, _ condition: (String, String) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var lastURL = ""
        while Date() < deadline {
            lastURL = try await currentURL()
            let source = try await pageSource()
            if condition(lastURL, source) { return }
            try await Task.sleep(nanoseconds: 150_000_000)
        }
        throw Failure(description: "timed out waiting for \(what); the browser is at \(lastURL)")
    }

    func endSession() async {
        guard let sessionID else { return }
        _ = try? await command("DELETE", "session/\(sessionID)")
        self.sessionID = nil
    }

    private func id() throws -> String {
        guard let sessionID else { throw Failure(description: "no WebDriver session") }
        return sessionID
    }

    private func command(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Any {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let (status, data) = try await httpRequest(HTTPMethod(rawValue: method), endpoint.appendingPathComponent(path).absoluteString,
                                                   json: payload)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let value = json?["value"] ?? NSNull()
        if status >= 400 {
            throw Failure(description: "WebDriver \(method) \(path) failed (\(status)): \(value)")
        }
        return value
    }
}

/// chromedriver as a child process on a loopback port.
final class ChromeDriverProcess: @unchecked Sendable {
    let process = Process()
    let port: Int

    init(port: Int) throws {
        self.port = port
        let candidates = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw WebDriverClient.Failure(description: "chromedriver is not installed; run scripts/test (it installs chromium and chromium-driver)")
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Waits until chromedriver answers /status.
    func waitUntilReady(timeout: TimeInterval = 15) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let (_, data) = try? await httpRequest(.GET, endpoint.appendingPathComponent("status").absoluteString, timeout: 2),
               let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let ready = (json["value"] as? [String: Any])?["ready"], (ready as? NSNumber)?.boolValue == true || (ready as? Bool) == true {
                return
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw WebDriverClient.Failure(description: "chromedriver did not become ready on port \(port)")
    }

    /// Stops chromedriver: SIGTERM, then SIGKILL if it is still there after a second. Never
    /// `waitUntilExit` unbounded: a driver that ignores SIGTERM would hang the test run.
    func stop() {
        stopProcess(process)
    }

    static var chromiumBinary: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Ends a child process for sure, with a bounded wait.
func stopProcess(_ process: Process) {
    guard process.isRunning else { return }
    process.terminate()
    for _ in 0..<20 where process.isRunning { usleep(50_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    for _ in 0..<20 where process.isRunning { usleep(50_000) }
}

/// A free TCP port on 127.0.0.1 (bind to 0, read the port, close).
func freeLoopbackPort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
