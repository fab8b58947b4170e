import BrowserAgent
import CaseCatalogue
@testable import Conformance
import Evidence
import Foundation
import HarnessModel
import Testing

/// Issue 14, Chromium's leftovers: what one case leaves in the shared Chromium (storage of any
/// origin it went to), cookies Chromium refuses, and the size of a case's picture.
/// Needs Chromium and chromedriver (`apt-get install -y chromium chromium-driver`): without
/// them the run fails with that fix, it does not skip.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ChromiumCaseStateTests {
    /// Runs `body` with the embedded reference Service and one Chromium for the run.
    static func withChromium(_ body: (EmbeddedRun, ChromiumRun) async throws -> Void) async throws {
        let embedded = try await EmbeddedRun.start()
        do {
            let chromium = try await ChromiumRun.start(simulator: embedded.simulator)
            do {
                try await body(embedded, chromium)
            } catch {
                await chromium.stop()
                throw error
            }
            await chromium.stop()
        } catch {
            await embedded.stop()
            throw error
        }
        await embedded.stop()
    }

    /// A case's browser, given to `body`; its in-process agent shut down after.
    static func withCaseBrowser(_ chromium: ChromiumRun, _ embedded: EmbeddedRun,
                                _ body: (ChromiumCaseBrowser) async throws -> Void) async throws {
        let browser = try await chromium.caseBrowser(log: ExchangeLog(), configuration: BrowserConfiguration(),
                                                     serviceBaseURL: embedded.service.baseURL) { _ in false }
        do {
            try await body(browser)
        } catch {
            try? await browser.agent.shutdown()
            throw error
        }
        try await browser.agent.shutdown()
    }

    /// The Service's own address under its other loopback name: another origin than the two
    /// the run knows from its configuration (the Service's and MPass's), as a page of the
    /// Service may send the person to.
    static func otherOrigin(_ service: URL) throws -> URL {
        var components = try #require(URLComponents(url: service, resolvingAgainstBaseURL: false))
        components.host = components.host == "localhost" ? "127.0.0.1" : "localhost"
        components.path = "/"
        return try #require(components.url)
    }

    /// Web storage is per origin and sessionStorage per tab: a case must not find what the
    /// case before left there, on any origin that case went to (the HTML Living Standard's
    /// Web storage: both persist across navigations of the same tab and origin).
    @Test func aCaseFindsNoStorageTheCaseBeforeLeftOnAnyOrigin() async throws {
        try await Self.withChromium { embedded, chromium in
            let other = try Self.otherOrigin(embedded.service.baseURL)
            try await Self.withCaseBrowser(chromium, embedded) { first in
                _ = try await first.get(other)
                let stored = try await first.session.execute("""
                    sessionStorage.setItem('left', 'by the case before'); localStorage.setItem('left', 'by the case before');
                    return [sessionStorage.getItem('left'), localStorage.getItem('left')];
                    """) as? [Any]
                #expect(stored?.compactMap { $0 as? String } == ["by the case before", "by the case before"],
                        "the page could not store anything: \(String(describing: stored))")
            }
            try await Self.withCaseBrowser(chromium, embedded) { second in
                _ = try await second.get(other)
                let found = try #require(try await second.session.execute("return [sessionStorage.getItem('left'), localStorage.getItem('left')];") as? [Any])
                #expect(found.count == 2 && found.allSatisfy { $0 is NSNull }, "the next case found \(found) on \(other.absoluteString)")
            }
        }
    }

    /// A cookie the harness must set that Chromium refuses (a name and value over 4096 bytes,
    /// RFC 6265bis §5.7's limit, which the agent's jar does not enforce) stops the case with an
    /// ERROR that says so, never silently.
    @Test func aCookieChromiumRefusesIsAnErrorNamingIt() async throws {
        let embedded = try await EmbeddedRun.start()
        var service = embedded.service
        service.cookies = ["oversized": String(repeating: "x", count: 5000)]
        let plan = try TestPlan.resolve("chapter9")
        let one = TestPlan(name: "one", cases: [try #require(plan.cases.first)])
        let run: PlanRun
        do {
            run = try await PlanRun.perform(one, service: service, simulator: embedded.simulator, browser: .chromium, redaction: RedactionPolicy())
        } catch {
            await embedded.stop()
            throw error
        }
        await embedded.stop()
        let result = try #require(run.report.cases.first)
        #expect(result.verdict == .error)
        #expect(result.reason.contains("Chromium refused the cookie oversized"), "\(result.reason)")
        #expect(result.steps.contains { $0.outcome == .fail && $0.title == "the browser refused a cookie" && $0.detail.contains("Chromium refused the cookie oversized") },
                "no failed step says so: \(result.steps.map(\.title))")
    }

    /// A page far bigger than the window gives a picture of its top-left part, at most
    /// 1280 x 2000 CSS pixels (device scale 1), and more than the window shows.
    @Test func aHugePageGivesAPictureCappedAt1280By2000() async throws {
        try await Self.withChromium { embedded, chromium in
            try await Self.withCaseBrowser(chromium, embedded) { browser in
                _ = try await browser.get(embedded.service.baseURL)
                _ = try await browser.session.execute("document.body.style.width = '6000px'; document.body.style.height = '30000px'; return true;")
                let (jpeg, _) = try await browser.screenshot()
                let size = try #require(Self.jpegSize(jpeg), "not a JPEG")
                #expect(size.width == 1280 && size.height == 2000, "the picture is \(size.width) x \(size.height)")
            }
        }
    }

    /// Width and height from a JPEG's start-of-frame segment (ITU T.81, B.2.2).
    static func jpegSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0xFF, 0xD8]) else { return nil }
        var index = 2
        while index + 9 < bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                return (Int(bytes[index + 7]) << 8 | Int(bytes[index + 8]), Int(bytes[index + 5]) << 8 | Int(bytes[index + 6]))
            }
            index += 2 + length
        }
        return nil
    }
}
