import Foundation
import HeadlessChromium
import TestSupport
import Testing

/// `mpass-harness live` end to end: `simulator serve` on loopback stands in for MPass staging
/// (its metadata fetched and pinned by `idp fetch --base-url … --pin …`), and headless
/// Chromium plays the person, following the steps `live` prints for TC_FUNCT_01–05.
/// In the Chromium suite, which is serialized: two browsers at once on two cores starve the
/// timing tests of other suites.
extension ChromiumEndToEndTests {
    @Test func liveAgainstALoopbackStandInForStaging() async throws {
        let chromium = try #require(ChromeDriverProcess.chromiumBinary, "chromium is not installed; run scripts/test (it installs chromium and chromium-driver)")
        let work = scopedTemporaryDirectory("live")
        // Both ports held until the servers bind them (each URL names the other's port).
        let heldSimulatorPort = try HeldLoopbackPort(), heldServicePort = try HeldLoopbackPort()
        defer { withExtendedLifetime((heldSimulatorPort, heldServicePort)) {} }
        let simulatorPort = heldSimulatorPort.port, servicePort = heldServicePort.port
        let simulatorBase = "http://127.0.0.1:\(simulatorPort)", serviceBase = "https://localhost:\(servicePort)"
        let issuer = "https://live-e2e.mpass-harness.test"

        #expect(try ChromiumEndToEndTests.runToEnd(["keys", "generate", "--name", "svc"], in: work) == 0)
        #expect(try ChromiumEndToEndTests.runToEnd(["simulator", "metadata", "--identity-dir", "sim", "--base-url", simulatorBase, "--out", "sim-export"], in: work) == 0)
        let simulatorCertificate = try String(contentsOf: work.appendingPathComponent("sim-export/simulator.cert.pem"), encoding: .utf8)
        let pin = try fingerprint(pem: simulatorCertificate, in: work)
        let simulator = try ChromiumEndToEndTests.start([
            "simulator", "serve", "--port", "\(simulatorPort)", "--identity-dir", "sim", "--service-issuer", issuer,
            "--service-cert", "svc.cert.pem", "--acs-url", "\(serviceBase)/mpass-login",
            "--slo-url", "\(serviceBase)/mpass-slo", "--logout-response-url", "\(serviceBase)/mpass-logout",
        ], in: work, log: "simulator.log")
        defer { simulator.stop() }
        try await waitForHTTP("\(simulatorBase)/")
        #expect(try ChromiumEndToEndTests.runToEnd(["idp", "fetch", "--env", "staging", "--base-url", simulatorBase, "--pin", pin, "--cache", "idp"], in: work) == 0)

        let live = try ChromiumEndToEndTests.start([
            "live", "--issuer", issuer, "--cert", "svc.cert.pem", "--key", "svc.key.pem", "--port", "\(servicePort)",
            "--idp-cache", "idp", "--step-timeout", "60", "--out", "report",
        ], in: work, log: "live.log")
        defer { live.stop() }
        try await live.waitForOutput("[TC_FUNCT_01]", timeout: 30)

        let driver = try ChromeDriverProcess()
        defer { driver.stop() }
        try await driver.waitUntilReady()
        let browser = WebDriverSession(endpoint: driver.endpoint)
        try await browser.start(chromiumBinary: chromium, acceptInsecureCertificates: true)
        func loginAtMPass() async throws {
            try await browser.waitUntil("MPass's login page") { url, page in url.hasPrefix(simulatorBase) && page.contains("id=\"login\"") }
            try await browser.click(css: "button[value='login']")
        }
        func loggedInAtService() async throws {
            try await browser.waitUntil("the Service, logged in") { url, page in url.hasPrefix(serviceBase) && page.contains("Logged in as") }
        }
        do {
            // TC_FUNCT_01
            try await browser.navigate(to: "\(serviceBase)/login")
            try await loginAtMPass()
            try await loggedInAtService()
            // TC_FUNCT_02: straight back from MPass's session.
            try await live.waitForOutput("[TC_FUNCT_02]")
            try await browser.navigate(to: "\(serviceBase)/login")
            try await loggedInAtService()
            // TC_FUNCT_04
            try await live.waitForOutput("[TC_FUNCT_04]")
            try await browser.navigate(to: "\(serviceBase)/logout")
            try await browser.waitUntil("back at the Service, logged out") { url, page in
                url.hasPrefix(serviceBase) && !url.contains("/logout") && !page.contains("Logged in as")
            }
            // TC_FUNCT_03: cancel at MPass.
            try await live.waitForOutput("[TC_FUNCT_03]")
            try await browser.navigate(to: "\(serviceBase)/login")
            try await browser.waitUntil("MPass's login page") { url, page in url.hasPrefix(simulatorBase) && page.contains("id=\"login\"") }
            try await browser.click(css: "button[value='cancel']")
            try await browser.waitUntil("back at the Service") { url, _ in url.hasPrefix(serviceBase) }
            // TC_FUNCT_05: log in, then log out in MPass itself.
            try await live.waitForOutput("[TC_FUNCT_05]")
            try await browser.navigate(to: "\(serviceBase)/login")
            try await loginAtMPass()
            try await loggedInAtService()
            try await browser.navigate(to: "\(simulatorBase)/")
            try await browser.click(css: "form[action$='logout/start'] button")
            try await browser.waitUntil("MPass saying logged out") { _, page in page.contains("You are logged out of MPass") }
        } catch {
            await browser.end()
            let logs = ["live.log", "simulator.log"].map { name in
                "\(name):\n" + ((try? String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)) ?? "")
            }.joined(separator: "\n")
            Issue.record("\(error)\n\(logs)")
            return
        }
        await browser.end()

        // live ends by itself after the fifth case, with the report.
        let ended = try await live.waitForExit(timeout: 20)
        let output = live.output
        #expect(ended, "live still runs after the fifth case: \(output)")
        #expect(live.terminationStatus == 0, "\(output)")
        let reportData = try Data(contentsOf: work.appendingPathComponent("report/report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: reportData) as? [String: Any])
        #expect((report["idp"] as? [String: Any])?["kind"] as? String == "staging")
        let cases = try #require(report["cases"] as? [[String: Any]])
        #expect(cases.map { $0["id"] as? String } == ["TC_FUNCT_01", "TC_FUNCT_02", "TC_FUNCT_03", "TC_FUNCT_04", "TC_FUNCT_05"])
        for result in cases {
            #expect(result["verdict"] as? String == "pass", "\(result["id"] ?? ""): \(result["reason"] ?? "")")
            // Every case carries the MPass messages it verified.
            #expect(!((result["messages"] as? [Any]) ?? []).isEmpty)
        }
        let har = try Data(contentsOf: work.appendingPathComponent("report/exchanges.har"))
        #expect(String(decoding: har, as: UTF8.self).contains("/mpass-slo"))
        #expect(!String(decoding: har, as: UTF8.self).contains("PRIVATE KEY"))
    }

    /// The SHA-256 fingerprint of a PEM certificate, as openssl prints it.
    func fingerprint(pem: String, in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("pin.pem")
        try Data(pem.utf8).write(to: file)
        let result = try ChildProcess.run(try ChildProcess.tool("openssl"), ["x509", "-in", file.path, "-noout", "-fingerprint", "-sha256"])
        let text = result.stdout
        return String(text.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
