import Foundation
import TestSupport

/// chromedriver as a child process on a loopback port held for it until it binds there.
public final class ChromeDriverProcess: Sendable {
    let process: BackgroundProcess
    let held: HeldLoopbackPort
    public var port: Int { held.port }

    /// Starts chromedriver on a held loopback port; fails with the fix when it is not installed.
    public init() throws {
        let candidates = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw WebDriverFailure("chromedriver is not installed; run scripts/test (it installs chromium and chromium-driver)")
        }
        held = try HeldLoopbackPort()
        // Its log in the temporary folder, shown when it does not become ready.
        process = try BackgroundProcess(URL(fileURLWithPath: binary), ["--port=\(held.port)", "--allowed-ips=127.0.0.1"],
                                        in: FileManager.default.temporaryDirectory, log: "chromedriver-\(UUID().uuidString).log")
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
            guard process.isRunning else {
                throw WebDriverFailure("chromedriver ended (status \(process.terminationStatus)) before it was ready on port \(port): \(process.output)")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw WebDriverFailure("chromedriver did not become ready on port \(port): \(process.output)")
    }

    public func stop() {
        process.stop()
    }

    /// The Chromium binary, when installed.
    public static var chromiumBinary: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
