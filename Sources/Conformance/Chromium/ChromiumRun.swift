import BrowserAgent
import Foundation
import HarnessModel
import HeadlessChromium
import Logging
import MPassSAML
import MPassSimulator
import ProcessSupport
import ReferenceService
import Synchronization
import Vocabulary

extension HarnessError.Code {
    /// `run --browser chromium` on a machine without Chromium or chromedriver.
    public static let browserMissing = Self(rawValue: "browser.missing")
    /// Chromium, chromedriver or the simulator's loopback server could not start.
    public static let browserFailed = Self(rawValue: "browser.failed")
}

/// One headless Chromium for a whole run (`run --browser chromium`), fresh state per case.
///
/// The simulator answers Chromium on a loopback port under MPass's own host name: Chromium's
/// resolver maps that host (and only it) to 127.0.0.1:<port>, AGE's production hosts staying
/// refused, so the POST from MPass to the Service's ACS is as cross-site as in real life.
/// An https simulator gets a throw-away self-signed certificate for its host, which this
/// browser session (and no other) accepts. Nothing leaves loopback.
final class ChromiumRun: Sendable {
    let driver: ChromeDriverProcess
    let session: WebDriverSession
    let server: Task<Void, any Error>
    let simulator: MPassSimulator
    let timings: ChromiumTimings
    /// The pictures taken so far, by run-folder path.
    private let pictures = Mutex<[String: Data]>([:])
    /// Every origin a case's Chromium has been to (scheme://host:port), and the browser of the
    /// case under way: the next case starts with the data of all of them cleared.
    private let origins = Mutex<Set<String>>([])
    private let current = Mutex<ChromiumCaseBrowser?>(nil)
    /// How a case's picture is taken: the page Chromium shows (`ChromiumCaseBrowser.screenshot`);
    /// a test puts a failing one in.
    let screenshotTaker = Mutex<@Sendable (ChromiumCaseBrowser) async throws -> (jpeg: Data, pageURL: String)>({ try await $0.screenshot() })

    private init(driver: ChromeDriverProcess, session: WebDriverSession, server: Task<Void, any Error>, simulator: MPassSimulator,
                 timings: ChromiumTimings) {
        self.driver = driver
        self.session = session
        self.server = server
        self.simulator = simulator
        self.timings = timings
    }

    static func start(simulator: MPassSimulator) async throws(HarnessError) -> ChromiumRun {
        let timings = ChromiumTimings(), started = Date()
        defer { timings.add("start", since: started) }
        let chromium: String
        do {
            chromium = try ChromeDriverProcess.requireChromium()
        } catch {
            throw HarnessError(.browserMissing, "run --browser chromium: \(error)")
        }
        let base = simulator.configuration.baseURL
        guard let host = base.host()?.lowercased() else {
            throw HarnessError(.browserFailed, "the simulator's base URL \(base.absoluteString) has no host")
        }
        // A loopback address is served where it says; a name is mapped to a held port.
        let literal = ["127.0.0.1", "localhost"].contains(host)
        // Chromium starts (chromedriver, then the browser, told the held port) while the
        // simulator's server comes up on that port.
        let held: HeldLoopbackPort?
        let driver: ChromeDriverProcess
        do {
            held = try literal ? nil : HeldLoopbackPort()
            driver = try ChromeDriverProcess()
        } catch {
            throw HarnessError(.browserFailed, "headless Chromium could not start: \(error)")
        }
        let wanted = held?.port ?? base.port ?? (base.scheme == "https" ? 443 : 80)
        let browser = Task {
            try await driver.waitUntilReady()
            let session = WebDriverSession(endpoint: driver.endpoint)
            try await session.start(chromiumBinary: chromium, acceptInsecureCertificates: true, recordNetwork: true,
                                    hostMappings: literal ? [:] : [host: "127.0.0.1:\(wanted)"],
                                    pageLoadTimeout: ChromiumCaseBrowser.settleTimeout)
            _ = try await session.devTools("Network.setCacheDisabled", ["cacheDisabled": true])
            return session
        }
        let server: Task<Void, any Error>
        do {
            let tls = try base.scheme == "https" ? ServiceTLS.configuration(identity: TestCredentialFactory.make(.init(
                commonName: host, notAfter: Date().addingTimeInterval(86_400), keyUsage: "critical,digitalSignature,keyEncipherment",
                subjectAlternativeNames: literal ? "DNS:localhost,IP:127.0.0.1" : "DNS:\(host)"))) : nil
            // Served until the task is cancelled; going on once it listens.
            let (bound, listening) = AsyncStream.makeStream(of: Int.self)
            // Quiet: the run's output is the harness's (cancelling the server at the end logs an error).
            var logger = Logger(label: "mpass-simulator")
            logger.logLevel = .critical
            let task = Task {
                defer { listening.finish() }
                try await SimulatorServer.run(simulator, port: wanted, tls: tls, logger: logger) { _ = listening.yield($0) }
            }
            var first: Int?
            for await listeningPort in bound {
                first = listeningPort
                break
            }
            withExtendedLifetime(held) {}
            guard first != nil else {
                let failure = await task.result
                throw WebDriverFailure("the server stopped before it listened on 127.0.0.1:\(wanted): \(failure)")
            }
            server = task
        } catch {
            await (try? browser.value)?.end()
            driver.stop()
            throw HarnessError(.browserFailed, "the simulator could not be served to Chromium on loopback: \(error)")
        }
        do {
            let session = try await browser.value
            return ChromiumRun(driver: driver, session: session, server: server, simulator: simulator, timings: timings)
        } catch {
            driver.stop()
            server.cancel()
            throw HarnessError(.browserFailed, "headless Chromium could not start: \(error)")
        }
    }

    /// A fresh browser for one case: no cookies, cache or storage from the case before.
    func caseBrowser(log: ExchangeLog, configuration: BrowserConfiguration, serviceBaseURL: URL,
                     loopGuard: @escaping @Sendable ([BrowserNavigation]) -> Bool) async throws -> ChromiumCaseBrowser {
        let browser = ChromiumCaseBrowser(session: session, log: log, agent: Browser(configuration: configuration, log: log),
                                          timings: timings, loopGuard: loopGuard) { [simulator] in
            await simulator.holdRestartedLogins(after: await simulator.lastSequence)
        }
        let previous = current.withLock { current in
            defer { current = browser }
            return current?.originsSeen ?? []
        }
        let clear = origins.withLock { seen in
            seen.formUnion(previous)
            seen.formUnion([serviceBaseURL, simulator.configuration.baseURL].compactMap(DevToolsExchanges.origin))
            return seen.sorted()
        }
        try await timings.measure("reset") { try await browser.reset(origins: clear) }
        return browser
    }

    /// The page `browser` shows, kept as the case's picture (`screenshots/<case>.jpg`); throws
    /// when Chromium could not draw it.
    func capture(_ caseID: String, from browser: ChromiumCaseBrowser) async throws -> CaseScreenshot {
        let take = screenshotTaker.withLock { $0 }
        let (jpeg, pageURL) = try await timings.measure("screenshot") { try await take(browser) }
        let path = "screenshots/\(caseID).jpg"
        pictures.withLock { $0[path] = jpeg }
        return CaseScreenshot(path: path, mediaType: "image/jpeg", sha256: MessageDigest.sha256Hex(jpeg), pageURL: pageURL)
    }

    /// Every picture taken, by run-folder path.
    var screenshots: [String: Data] { pictures.withLock { $0 } }

    func stop() async {
        if ChromiumTimings.wanted { FileHandle.standardError.write(Data("Chromium run, time by phase:\n\(timings.table)\n".utf8)) }
        await session.end()
        driver.stop()
        server.cancel()
        _ = await server.result
    }
}
