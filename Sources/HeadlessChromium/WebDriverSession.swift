import Foundation
import HostGuard
import NIOHTTP1
import Synchronization

/// A WebDriver command that failed, or a browser that never got where it was sent.
public struct WebDriverFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A small W3C WebDriver client for headless Chromium: enough to go through a login and a
/// logout the way a person would, and, with `recordNetwork`, to read what the browser's
/// DevTools saw (chromedriver's performance log and its CDP passthrough), so the session can
/// be written out as the HAR file a person would export from DevTools.
public final class WebDriverSession: Sendable {
    public let endpoint: URL
    /// The session chromedriver gave `start`; nil before and after `end`.
    public var sessionID: String? { session.withLock { $0 } }
    private let session = Mutex<String?>(nil)
    /// The browser's version as chromedriver reports it (`browserVersion`), once started.
    public var browserVersion: String? { version.withLock { $0 } }
    private let version = Mutex<String?>(nil)

    public init(endpoint: URL) {
        self.endpoint = endpoint
    }

    /// Chromium follows redirects itself, so the production guard cannot see its hops: its
    /// own resolver is told that AGE's production hosts and their subdomains do not exist
    /// (Chromium canonicalises the host, IDNA included, before this rule applies).
    static let productionResolverRule = resolverRules(mapping: [:])

    /// Chromium's one `--host-resolver-rules` flag (a second one would replace the first): each
    /// host of `mapping` sent to a loopback `address:port` (the harness's simulator answering
    /// under MPass's host name), AGE's production hosts always refused. A mapped host that is a
    /// production host is refused too: its rule comes after theirs and never applies.
    static func resolverRules(mapping: [String: String]) -> String {
        let refused = ProductionGuard.productionDomains.flatMap { ["MAP \($0) ~NOTFOUND", "MAP *.\($0) ~NOTFOUND"] }
        let mapped = mapping.sorted { $0.key < $1.key }.map { "MAP \($0.key) \($0.value)" }
        return "--host-resolver-rules=" + (refused + mapped).joined(separator: ", ")
    }

    /// Flags that spare a test browser work no test needs: one renderer process shared by the
    /// sites (site isolation off: no new process per cross-site navigation; cookies and
    /// SameSite are the network stack's, unchanged), no extensions, no component updates.
    static let quickStart = ["--disable-features=IsolateOrigins,site-per-process", "--disable-site-isolation-trials",
                             "--disable-extensions", "--disable-component-update"]

    /// Starts a headless Chromium session.
    /// - Parameters:
    ///   - acceptInsecureCertificates: for `live`'s self-signed localhost certificate.
    ///   - recordNetwork: keep DevTools' Network events in chromedriver's performance log.
    ///   - hostMappings: host name → loopback `127.0.0.1:port` (see `resolverRules`).
    ///   - pageLoadTimeout: how long a navigation may wait for its page (WebDriver's default: 300 s).
    public func start(chromiumBinary: String, acceptInsecureCertificates: Bool = false, recordNetwork: Bool = false,
                      hostMappings: [String: String] = [:], pageLoadTimeout: TimeInterval? = nil) async throws {
        for address in hostMappings.values where !address.hasPrefix("127.0.0.1:") {
            throw WebDriverFailure("a host may be mapped only to 127.0.0.1:<port>, not \(address)")
        }
        var chromeOptions: [String: Any] = [
            "binary": chromiumBinary,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--no-default-browser-check", "--window-size=1200,900",
                     Self.resolverRules(mapping: hostMappings)] + Self.quickStart,
        ]
        var match: [String: Any] = ["browserName": "chrome"]
        if recordNetwork {
            chromeOptions["perfLoggingPrefs"] = ["enableNetwork": true, "enablePage": false]
            match["goog:loggingPrefs"] = ["performance": "ALL"]
        }
        match["goog:chromeOptions"] = chromeOptions
        if acceptInsecureCertificates { match["acceptInsecureCerts"] = true }
        if let pageLoadTimeout { match["timeouts"] = ["pageLoad": Int(pageLoadTimeout * 1000)] }
        let value = try await command("POST", "session", body: ["capabilities": ["alwaysMatch": match]])
        guard let id = (value as? [String: Any])?["sessionId"] as? String else {
            throw WebDriverFailure("chromedriver did not return a session id: \(value)")
        }
        session.withLock { $0 = id }
        let capabilities = (value as? [String: Any])?["capabilities"] as? [String: Any]
        version.withLock { $0 = capabilities?["browserVersion"] as? String }
    }

    public func navigate(to url: String) async throws {
        _ = try await command("POST", "session/\(try id())/url", body: ["url": url])
    }

    public func currentURL() async throws -> String {
        (try await command("GET", "session/\(try id())/url") as? String) ?? ""
    }

    public func pageSource() async throws -> String {
        (try await command("GET", "session/\(try id())/source") as? String) ?? ""
    }

    /// Clicks the element matched by a CSS selector.
    public func click(css selector: String) async throws {
        let found = try await command("POST", "session/\(try id())/element", body: ["using": "css selector", "value": selector])
        guard let element = (found as? [String: Any])?.first(where: { $0.key.hasPrefix("element-") })?.value as? String else {
            throw WebDriverFailure("no element matches \(selector)")
        }
        _ = try await command("POST", "session/\(try id())/element/\(element)/click", body: [:])
    }

    /// Deletes one cookie of the current page's site: a person ending one site's session by
    /// hand. (Cookies ignore ports: on 127.0.0.1 every loopback server shares them.)
    public func deleteCookie(named name: String) async throws {
        _ = try await command("DELETE", "session/\(try id())/cookie/\(name)")
    }

    /// Polls until `condition` holds for the current URL and page, or fails after `timeout`.
    public func waitUntil(_ what: String, timeout: TimeInterval = 15, _ condition: (String, String) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        var lastURL = ""
        while Date() < deadline {
            lastURL = try await currentURL()
            let source = try await pageSource()
            if condition(lastURL, source) { return }
            try await Task.sleep(nanoseconds: 150_000_000)
        }
        throw WebDriverFailure("timed out waiting for \(what); the browser is at \(lastURL)")
    }

    /// Runs `script` in the current page (WebDriver "Execute Script"); its return value.
    public func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any {
        try await command("POST", "session/\(try id())/execute/sync", body: ["script": script, "args": arguments])
    }

    /// The DevTools events logged since the last call (chromedriver empties the log as it
    /// is read), each as `{"method": …, "params": …}`. Needs `recordNetwork`.
    public func devToolsEvents() async throws -> [[String: Any]] {
        let value = try await command("POST", "session/\(try id())/se/log", body: ["type": "performance"])
        guard let entries = value as? [[String: Any]] else { return [] }
        return entries.compactMap { entry in
            guard let text = entry["message"] as? String,
                  let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
            return json["message"] as? [String: Any]
        }
    }

    /// A Chrome DevTools Protocol command on the current page (`Network.getResponseBody`, …).
    public func devTools(_ method: String, _ parameters: [String: Any] = [:]) async throws -> [String: Any] {
        let value = try await command("POST", "session/\(try id())/goog/cdp/execute", body: ["cmd": method, "params": parameters])
        return value as? [String: Any] ?? [:]
    }

    public func end() async {
        guard let sessionID else { return }
        _ = try? await command("DELETE", "session/\(sessionID)")
        session.withLock { $0 = nil }
    }

    private func id() throws -> String {
        guard let sessionID else { throw WebDriverFailure("no WebDriver session") }
        return sessionID
    }

    private func command(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> Any {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let (status, data) = try await loopbackRequest(HTTPMethod(rawValue: method), endpoint.appendingPathComponent(path).absoluteString,
                                                       json: payload)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let value = json?["value"] ?? NSNull()
        if status >= 400 {
            throw WebDriverFailure("WebDriver \(method) \(path) failed (\(status)): \(value)")
        }
        return value
    }
}
