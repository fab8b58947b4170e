import Foundation
import HeadlessChromium
import ProcessSupport

// Records the browser-style fixtures (fixtures/browser/): headless Chromium goes through
// logins and logouts against `mpass-harness simulator serve` and `mpass-harness service serve`
// on loopback, the way a person testing by hand would, and each session is written as the
// HAR file DevTools' "Export HAR" gives. Next to them: the target file, both certificates,
// and the verdicts each session must replay to (fixtures/verdicts/browser-<name>.txt),
// declared here from what the session does, never read back from a replay.
//
// Usage: mpass-record-browser [--harness PATH] [--out DIR] [--verdicts DIR]
// (scripts/record-fixtures runs it; the defaults suit the source tree).

/// One recorded browser session: the MPass options and Service weaknesses it runs with, what
/// the person does, and the verdicts the recording must give.
struct Scenario: Sendable {
    let name: String
    let summary: String
    let advancedOptions: [String]
    let weaknesses: [String]
    let expected: [(id: String, verdict: String)]
    let steps: @Sendable (Person) async throws -> Void
}

/// A person at the browser: every action waits until the page shows its result, then hands
/// what DevTools saw to the HAR recorder (bodies can only be fetched while Chromium holds them).
struct Person: Sendable {
    let browser: WebDriverSession
    let recorder: DevToolsHARRecorder
    let service: String
    let simulator: String

    func open(_ url: String, until what: String, _ condition: @escaping (String, String) -> Bool) async throws {
        recorder.beginPage(title: url)
        try await browser.navigate(to: url)
        try await settle(what, condition)
    }

    func click(_ selector: String, until what: String, _ condition: @escaping (String, String) -> Bool) async throws {
        try await browser.click(css: selector)
        try await settle(what, condition)
    }

    private func settle(_ what: String, _ condition: @escaping (String, String) -> Bool) async throws {
        try await browser.waitUntil(what, condition)
        try await recorder.collect(from: browser)
    }

    // The pages, by what a person sees on them.
    func atLoginPage(_ url: String, _ page: String) -> Bool { url.hasPrefix(simulator) && page.contains("id=\"login\"") }
    func loggedIn(_ url: String, _ page: String) -> Bool {
        url.hasPrefix(service + "/protected") && page.contains("Logged in as") && page.contains("2001234567890")
    }
    func atService(_ url: String, _ page: String) -> Bool { url.hasPrefix(service) && !page.contains("Logged in as") }

    /// A login the Service must refuse: MPass's login page, "Log in", the Service's refusal.
    /// Then, is there a session? MPass's own session would answer a new login at once (with
    /// the same fault), so its cookie goes first: the protected page must then send the
    /// browser to MPass's login page.
    func refusedLogIn() async throws {
        try await open("\(service)/protected", until: "MPass's login page", atLoginPage)
        try await click("button[value='login']", until: "the Service's refusal") { url, page in
            url.hasPrefix(service) && page.contains("Login failed")
        }
        try await browser.deleteCookie(named: "mpass_sim_session")
        try await open("\(service)/protected", until: "MPass's login page: no session at the Service", atLoginPage)
    }

    /// The protected page sends a browser without a session to MPass's login page; log in there.
    func logIn() async throws {
        try await open("\(service)/protected", until: "MPass's login page", atLoginPage)
        try await click("button[value='login']", until: "the protected page, logged in", loggedIn)
    }
}

let scenarios: [Scenario] = [
    Scenario(
        name: "pass", summary: "a correct Service through TC_FUNCT_01-05 (login, single sign-on, cancel, both logouts)",
        advancedOptions: [], weaknesses: [],
        expected: [("TC_FUNCT_01", "pass"), ("TC_FUNCT_02", "pass"), ("TC_FUNCT_04", "pass"), ("TC_FUNCT_03", "pass"),
                   ("TC_FUNCT_05", "pass")],
        steps: { person in
            // TC_FUNCT_01: a login.
            try await person.logIn()
            // TC_FUNCT_02: the Service's session gone, MPass's kept: back without a login step.
            try await person.browser.deleteCookie(named: "rs_session")
            try await person.open("\(person.service)/protected", until: "logged in again by single sign-on", person.loggedIn)
            // TC_FUNCT_04: logout at the Service, through MPass.
            try await person.open("\(person.service)/logout", until: "back at the Service, logged out", person.atService)
            // TC_FUNCT_03: a login cancelled at MPass; the Service shows no error.
            try await person.open("\(person.service)/protected", until: "MPass's login page", person.atLoginPage)
            try await person.click("button[value='cancel']", until: "the Service's cancelled page") { url, page in
                url.hasPrefix(person.service) && page.contains("Login was cancelled")
            }
            // TC_FUNCT_05: logged in again, then logout started at MPass.
            try await person.logIn()
            try await person.open(person.simulator + "/", until: "MPass's own page") { url, page in
                url.hasPrefix(person.simulator) && page.contains("Log out of MPass")
            }
            try await person.click("form[action$='/logout/start'] button", until: "MPass's logged-out page") { url, page in
                url.hasPrefix(person.simulator) && page.contains("You are logged out of MPass")
            }
            try await person.open("\(person.service)/protected", until: "MPass's login page, the session gone", person.atLoginPage)
        }),
    Scenario(
        name: "unsigned-refused", summary: "MPass's \"do not sign\" option on; the Service refuses the unsigned Response (TC_SEC_01)",
        advancedOptions: ["do-not-sign"], weaknesses: [],
        // The session shows the refusal but no login the Service accepted: without that
        // positive control a refusal proves nothing, so a replay cannot judge it.
        expected: [("TC_SEC_01", "not judged")],
        steps: { person in
            try await person.refusedLogIn()
        }),
    Scenario(
        name: "unsigned-accepted", summary: "MPass's \"do not sign\" option on; a Service with skipSignature lets the user in (TC_SEC_01 fails)",
        advancedOptions: ["do-not-sign"], weaknesses: ["skipSignature"],
        expected: [("TC_SEC_01", "fail")],
        steps: { person in
            try await person.logIn()
        }),
    Scenario(
        name: "local-time-accepted",
        summary: "MPass's \"IssueInstant in local time\" option on; a Service with acceptFutureIssueInstant lets the user in (TC_SEC_04 fails)",
        advancedOptions: ["local-time-issue-instant"], weaknesses: ["acceptFutureIssueInstant"],
        expected: [("TC_SEC_04", "fail")],
        steps: { person in
            try await person.logIn()
        }),
    Scenario(
        name: "compatible-certificate-refused",
        summary: "MPass's \"compatible certificate\" option on; the Service refuses a Response signed by another key (TC_SEC_02)",
        advancedOptions: ["compatible-certificate"], weaknesses: [],
        // The session shows the refusal but no login the Service accepted: without that
        // positive control a refusal proves nothing, so a replay cannot judge it.
        expected: [("TC_SEC_02", "not judged")],
        steps: { person in
            try await person.refusedLogIn()
        }),
    Scenario(
        name: "no-in-response-to-accepted",
        summary: "MPass's \"no InResponseTo\" option on; a Service with skipInResponseTo lets the user in (TC_SEC_06 fails)",
        advancedOptions: ["no-in-response-to"], weaknesses: ["skipInResponseTo"],
        expected: [("TC_SEC_06", "fail")],
        steps: { person in
            try await person.logIn()
        }),
]

// MARK: The run

struct Arguments {
    var harness: String
    var out = "fixtures/browser"
    var verdicts = "fixtures/verdicts"

    init(_ arguments: [String]) throws {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        harness = own.deletingLastPathComponent().appendingPathComponent("mpass-harness").path
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw WebDriverFailure("\(flag) needs a value") }
            switch flag {
            case "--harness": harness = value
            case "--out": out = value
            case "--verdicts": verdicts = value
            default: throw WebDriverFailure("unknown option \(flag); use --harness PATH, --out DIR, --verdicts DIR")
            }
        }
        guard FileManager.default.isExecutableFile(atPath: harness) else {
            throw WebDriverFailure("\(harness) is not an executable; build it (swift build --product mpass-harness) or give --harness")
        }
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("mpass-record-browser: \(message)\n".utf8))
}

/// Runs `mpass-harness` in `directory`, its output to `log` there.
func startHarness(_ binary: String, _ arguments: [String], in directory: URL, log name: String) throws -> BackgroundProcess {
    try BackgroundProcess(URL(fileURLWithPath: binary), arguments, in: directory, log: name)
}

func record(_ arguments: Arguments) async throws {
    guard let chromium = ChromeDriverProcess.chromiumBinary else {
        throw WebDriverFailure("chromium is not installed; run scripts/test (it installs chromium and chromium-driver)")
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("mpass-record-browser-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let out = URL(fileURLWithPath: arguments.out), verdicts = URL(fileURLWithPath: arguments.verdicts)
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: verdicts, withIntermediateDirectories: true)

    // The same ports and identities for every session: one target file describes them all.
    // Both are held (bound, not listening) for the whole recording, so nothing else takes them
    // between sessions; the servers bind beside the hold (SO_REUSEADDR).
    let heldSimulatorPort = try HeldLoopbackPort(), heldServicePort = try HeldLoopbackPort()
    let simulatorPort = heldSimulatorPort.port, servicePort = heldServicePort.port
    defer { withExtendedLifetime((heldSimulatorPort, heldServicePort)) {} }
    let simulator = "http://127.0.0.1:\(simulatorPort)", service = "http://127.0.0.1:\(servicePort)"
    let issuer = "https://browser-fixtures.mpass-harness.test"
    let export = try ChildProcess.run(URL(fileURLWithPath: arguments.harness), ["simulator", "metadata", "--identity-dir", "sim",
                                                                              "--base-url", simulator, "--out", "sim-export"],
                                      directory: work, timeout: 30)
    guard export.status == 0 else {
        throw WebDriverFailure("mpass-harness simulator metadata failed (exit \(export.status)): \(export.stderr)")
    }

    let driver = try ChromeDriverProcess()
    defer { driver.stop() }
    try await driver.waitUntilReady()

    for scenario in scenarios {
        log("\(scenario.name): \(scenario.summary)")
        let serviceProcess = try startHarness(arguments.harness, [
            "service", "serve", "--port", "\(servicePort)", "--issuer", issuer, "--identity-dir", "svc",
            "--idp-cert", "sim/simulator.cert.pem", "--idp-issuer", simulator,
            "--idp-sso-url", "\(simulator)/login/saml", "--idp-slo-url", "\(simulator)/logout/saml",
        ] + scenario.weaknesses.flatMap { ["--weakness", $0] }, in: work, log: "service-\(scenario.name).log")
        defer { serviceProcess.stop() }
        try await waitForHTTP("\(service)/health")
        let simulatorProcess = try startHarness(arguments.harness, [
            "simulator", "serve", "--port", "\(simulatorPort)", "--identity-dir", "sim", "--service-issuer", issuer,
            "--service-cert", "svc/service.cert.pem", "--acs-url", "\(service)/mpass-login",
            "--slo-url", "\(service)/mpass-slo", "--logout-response-url", "\(service)/mpass-logout",
        ] + scenario.advancedOptions.flatMap { ["--advanced-option", $0] }, in: work, log: "simulator-\(scenario.name).log")
        defer { simulatorProcess.stop() }
        try await waitForHTTP("\(simulator)/")

        let browser = WebDriverSession(endpoint: driver.endpoint)
        try await browser.start(chromiumBinary: chromium, recordNetwork: true)
        let recorder = DevToolsHARRecorder()
        do {
            try await scenario.steps(Person(browser: browser, recorder: recorder, service: service, simulator: simulator))
        } catch {
            await browser.end()
            let logs = ["service-\(scenario.name).log", "simulator-\(scenario.name).log"].map { name in
                "\(name):\n" + ((try? String(contentsOf: work.appendingPathComponent(name), encoding: .utf8)) ?? "")
            }
            throw WebDriverFailure("\(scenario.name): \(error)\n" + logs.joined(separator: "\n"))
        }
        await browser.end()
        if !recorder.warnings.isEmpty {
            log("\(scenario.name): \(recorder.warnings.count) response bodies were gone before they could be read (pages the browser left at once; DevTools' own export lacks them too)")
        }
        try recorder.harData().write(to: out.appendingPathComponent("\(scenario.name).har"), options: .atomic)
        let lines = ["# Verdicts a replay of fixtures/browser/\(scenario.name).har must give: \(scenario.summary)."]
            + scenario.expected.map { "\($0.id) \($0.verdict)" }
        try (lines.joined(separator: "\n") + "\n").write(to: verdicts.appendingPathComponent("browser-\(scenario.name).txt"),
                                                         atomically: true, encoding: .utf8)
        simulatorProcess.stop()
        serviceProcess.stop()
    }

    // What a replay needs besides the HAR files, as a person would give it: the target file
    // and the two certificates (the keys stay in the temporary folder and are deleted).
    try FileManager.default.copyItem(at: work.appendingPathComponent("sim/simulator.cert.pem"), to: out.appendingPathComponent("simulator.cert.pem.tmp"))
    try FileManager.default.copyItem(at: work.appendingPathComponent("svc/service.cert.pem"), to: out.appendingPathComponent("service.cert.pem.tmp"))
    for name in ["simulator.cert.pem", "service.cert.pem"] {
        let final = out.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: out.appendingPathComponent(name + ".tmp"), to: final)
    }
    let target = """
        # The Service the browser fixtures were recorded against (mpass-record-browser): the
        # reference Service and the simulator on loopback ports that are closed now. A replay
        # reads URLs and certificates from here: mpass-harness replay fixtures/browser/pass.har
        # --target fixtures/browser/target.yaml --idp-cert fixtures/browser/simulator.cert.pem
        name: "reference Service (browser fixtures)"
        base_url: "\(service)"
        issuer: "\(issuer)"
        certificate: service.cert.pem
        logged_in:
          url: /protected
          marker: "Logged in as"
        error_markers: ["Service error"]
        idp:
          kind: simulator
          simulator_base_url: "\(simulator)"
          issuer: "\(simulator)"

        """
    try target.write(to: out.appendingPathComponent("target.yaml"), atomically: true, encoding: .utf8)
}

do {
    try await record(Arguments(Array(CommandLine.arguments.dropFirst())))
} catch {
    log("error: \(error)")
    exit(1)
}
