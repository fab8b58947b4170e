import Foundation
import ProcessSupport

/// chromedriver as a child process on a loopback port held for it until it binds there.
public final class ChromeDriverProcess: Sendable {
    let process: BackgroundProcess
    let held: HeldLoopbackPort
    public var port: Int { held.port }

    /// The fix for a machine without Chromium, in every error that says so.
    public static let installHint = "install them with `apt-get install -y chromium chromium-driver` (scripts/setup does), or name the binaries with MPASS_HARNESS_CHROMIUM and MPASS_HARNESS_CHROMEDRIVER"

    /// Starts chromedriver on a held loopback port; fails with the fix when it is not installed.
    public init() throws {
        guard let binary = Self.chromedriverBinary else {
            throw WebDriverFailure("chromedriver is not installed (\(Self.looked(at: Self.chromedriverCandidates))); \(Self.installHint)")
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

    /// The Chromium binary, when installed: MPASS_HARNESS_CHROMIUM when set (then only it), else
    /// the usual Debian paths.
    public static var chromiumBinary: String? {
        chromiumCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var chromiumCandidates: [String] {
        overridden("MPASS_HARNESS_CHROMIUM") ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
    }

    static var chromedriverBinary: String? {
        chromedriverCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var chromedriverCandidates: [String] {
        overridden("MPASS_HARNESS_CHROMEDRIVER") ?? ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
    }

    /// Chromium and chromedriver, or an error naming what is missing, where it was looked for, and the fix.
    public static func requireChromium() throws -> String {
        guard let chromium = chromiumBinary else {
            throw WebDriverFailure("Chromium is not installed (\(looked(at: chromiumCandidates))); \(installHint)")
        }
        guard chromedriverBinary != nil else {
            throw WebDriverFailure("chromedriver is not installed (\(looked(at: chromedriverCandidates))); \(installHint)")
        }
        return chromium
    }

    private static func overridden(_ variable: String) -> [String]? {
        guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else { return nil }
        return [path]
    }

    private static func looked(at candidates: [String]) -> String {
        "no executable at " + candidates.joined(separator: " or ")
    }
}
