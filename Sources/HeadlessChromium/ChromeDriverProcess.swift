import Foundation

/// chromedriver as a child process on a loopback port.
public final class ChromeDriverProcess: Sendable {
    let process = Process()
    public let port: Int

    /// Starts chromedriver on `port`; fails with the fix when it is not installed.
    public init(port: Int) throws {
        self.port = port
        let candidates = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw WebDriverFailure("chromedriver is not installed; run scripts/test (it installs chromium and chromium-driver)")
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Waits until chromedriver answers /status with ready.
    public func waitUntilReady(timeout: TimeInterval = 15) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let (_, data) = try? await loopbackRequest(.GET, endpoint.appendingPathComponent("status").absoluteString, timeout: 2),
               let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let ready = (json["value"] as? [String: Any])?["ready"],
               (ready as? NSNumber)?.boolValue == true || (ready as? Bool) == true {
                return
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw WebDriverFailure("chromedriver did not become ready on port \(port)")
    }

    public func stop() {
        stopProcess(process)
    }

    /// The Chromium binary, when installed.
    public static var chromiumBinary: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
