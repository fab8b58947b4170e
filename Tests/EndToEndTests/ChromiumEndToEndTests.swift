import Foundation
import HeadlessChromium
import TestSupport
import Testing

/// A real browser: headless Chromium, driven over WebDriver, goes through TC_FUNCT_01
/// (login) and TC_FUNCT_04 (Service-initiated logout) against `mpass-harness simulator
/// serve` and `mpass-harness service serve` on loopback, proving that the auto-submitting
/// pages, the login page and the cookies work in a browser, not only in the harness's agent.
@Suite(.serialized, .timeLimit(.minutes(10)), .temporaryDirectories) struct ChromiumEndToEndTests {
    /// Progress on stderr, so a slow step is visible in CI's log.
    static func trace(_ message: String) {
        FileHandle.standardError.write(Data("[e2e] \(message)\n".utf8))
    }

    static var binary: URL { harnessBinary }

    /// Starts `mpass-harness` with `arguments` in the background, its output in `log`.
    static func start(_ arguments: [String], in directory: URL, log: String) throws -> BackgroundProcess {
        try BackgroundProcess(binary, arguments, in: directory, log: log)
    }

    /// Runs `mpass-harness` to its end; its exit status (stderr goes into the issue on failure).
    static func runToEnd(_ arguments: [String], in directory: URL) throws -> Int32 {
        let result = try ChildProcess.run(binary, arguments, directory: directory, timeout: 300)
        if result.status != 0 { Issue.record("mpass-harness \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.status
    }

    @Test func loginAndServiceInitiatedLogoutInHeadlessChromium() async throws {
        let chromium = try #require(ChromeDriverProcess.chromiumBinary, "chromium is not installed; run scripts/test (it installs chromium and chromium-driver)")
        let work = scopedTemporaryDirectory("e2e")
        // Both ports held until the servers bind them (each URL names the other's port).
        let heldSimulatorPort = try HeldLoopbackPort(), heldServicePort = try HeldLoopbackPort()
        defer { withExtendedLifetime((heldSimulatorPort, heldServicePort)) {} }
        let simulatorPort = heldSimulatorPort.port, servicePort = heldServicePort.port
        let simulatorBase = "http://127.0.0.1:\(simulatorPort)", serviceBase = "http://127.0.0.1:\(servicePort)"
        let issuer = "https://e2e-service.mpass-harness.test"

        Self.trace("start in \(work.path)")
        // The simulator's identity first (the Service pins its certificate), then the Service.
        #expect(try Self.runToEnd(["simulator", "metadata", "--identity-dir", "sim", "--base-url", simulatorBase, "--out", "sim-export"], in: work) == 0)
        let service = try Self.start([
            "service", "serve", "--port", "\(servicePort)", "--issuer", issuer, "--identity-dir", "svc",
            "--idp-cert", "sim/simulator.cert.pem", "--idp-issuer", simulatorBase,
            "--idp-sso-url", "\(simulatorBase)/login/saml", "--idp-slo-url", "\(simulatorBase)/logout/saml",
        ], in: work, log: "service.log")
        defer { service.stop() }
        Self.trace("service started")
        try await waitForHTTP("\(serviceBase)/health")
        Self.trace("service healthy")
        let simulator = try Self.start([
            "simulator", "serve", "--port", "\(simulatorPort)", "--identity-dir", "sim", "--service-issuer", issuer,
            "--service-cert", "svc/service.cert.pem", "--acs-url", "\(serviceBase)/mpass-login",
            "--slo-url", "\(serviceBase)/mpass-slo", "--logout-response-url", "\(serviceBase)/mpass-logout",
        ], in: work, log: "simulator.log")
        defer { simulator.stop() }
        try await waitForHTTP("\(simulatorBase)/")

        Self.trace("servers up")
        let driver = try ChromeDriverProcess()
        defer { driver.stop() }
        try await driver.waitUntilReady()
        Self.trace("chromedriver ready")
        let browser = WebDriverSession(endpoint: driver.endpoint)
        try await browser.start(chromiumBinary: chromium, recordNetwork: true)
        let recorder = DevToolsHARRecorder()
        Self.trace("session started")

        do {
            // TC_FUNCT_01: the Service's auto-submitting page takes the browser to MPass's login page.
            try await browser.navigate(to: "\(serviceBase)/login")
            try await browser.waitUntil("the simulator's login page") { url, page in
                url.hasPrefix(simulatorBase) && page.contains("id=\"login\"")
            }
            try await recorder.collect(from: browser)
            try await browser.click(css: "button[value='login']")
            try await browser.waitUntil("the Service's protected page, logged in") { url, page in
                url.hasPrefix(serviceBase) && page.contains("Logged in as") && page.contains("2001234567890")
            }
            try await recorder.collect(from: browser)

            // TC_FUNCT_04: logout at the Service goes to MPass and back, logged out.
            try await browser.navigate(to: "\(serviceBase)/logout")
            try await browser.waitUntil("back at the Service after the logout") { url, page in
                url.hasPrefix(serviceBase) && !url.contains("/logout") && !page.contains("Logged in as")
            }
            try await recorder.collect(from: browser)
            // The protected page now sends the browser to MPass, which asks for a login again.
            try await browser.navigate(to: "\(serviceBase)/protected")
            try await browser.waitUntil("MPass asking for a login again") { url, page in
                url.hasPrefix(simulatorBase) && page.contains("id=\"login\"")
            }
            try await recorder.collect(from: browser)
        } catch {
            await browser.end()
            let logs = ["service.log", "simulator.log"].map { name in
                "\(name):\n" + ((try? String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)) ?? "")
            }.joined(separator: "\n")
            Issue.record("\(error)\n\(logs)")
            return
        }
        await browser.end()

        // What DevTools saw, exported as DevTools would, replays to the same two cases: the
        // browser's HAR is evidence as good as the harness's own.
        try recorder.harData().write(to: work.appendingPathComponent("browser.har"))
        try """
            base_url: "\(serviceBase)"
            issuer: "\(issuer)"
            certificate: svc/service.cert.pem
            logged_in: {url: /protected, marker: "Logged in as"}
            idp: {kind: simulator, simulator_base_url: "\(simulatorBase)", issuer: "\(simulatorBase)"}
            """.write(to: work.appendingPathComponent("target.yaml"), atomically: true, encoding: .utf8)
        let status = try Self.runToEnd(["replay", "browser.har", "--target", "target.yaml", "--idp-cert", "sim/simulator.cert.pem",
                                        "--out", "replay"], in: work)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("replay/report.json"))) as? [String: Any]
        let cases = (report?["cases"] as? [[String: Any]] ?? []).map { "\($0["id"] ?? "?") \($0["verdict"] ?? "?")" }
        #expect(cases == ["TC_FUNCT_01 pass", "TC_FUNCT_04 pass"], "replay of the browser's HAR: \(report ?? [:])")
        #expect(status == 0)
    }
}
