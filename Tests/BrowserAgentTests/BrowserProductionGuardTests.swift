import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
@testable import BrowserAgent

/// A Service that redirects the browser to MPass production (a misconfigured deployment):
/// the hop is refused before the request is handed to the network, so no DNS query for
/// production can be made. The hand-off (where AsyncHTTPClient would resolve the host) is
/// replaced by a recorder; the control case shows the recorder does see what passes.
@Suite struct BrowserProductionGuardTests {
    static let service = URL(string: "http://service.test/")!

    /// Records every URL handed to the network, and answers none of them.
    final class HandOffRecorder: Sendable {
        private let urls = Mutex<[String]>([])
        var handed: [String] { urls.withLock { $0 } }

        var handOff: NetworkTransport.HandOff {
            { request, _ in
                self.urls.withLock { $0.append(request.url) }
                throw BrowserError(.browserConnectionRefused, url: request.url, reason: "the test network answers nothing")
            }
        }
    }

    /// A browser whose Service at http://service.test/ answers /go with a 302 to `location`.
    static func browser(redirectingTo location: String, recorder: HandOffRecorder) async throws -> Browser {
        let browser = Browser(configuration: BrowserConfiguration(), log: ExchangeLog(), now: { Date() }, handOff: recorder.handOff)
        try await browser.register(baseURL: service) { _ in .redirect(to: location) }
        return browser
    }

    @Test(arguments: [
        "https://mpass.gov.md/login/saml",
        "https://MPASS.GOV.MD./login/saml?lang=ro",
        "https://x@mpass.gov.md/login/saml",
        "https://mpass%2Egov.md/login/saml",
        "https://mpass.gov.md%00.staging.egov.md/login/saml",
        "https://login.mpass.gov.md/saml",
        "https://mnotify.gov.md/api/",
        "//mpass.gov.md/login/saml",
    ])
    func aRedirectToProductionIsNeverHandedToTheNetwork(location: String) async throws {
        let recorder = HandOffRecorder()
        let browser = try await Self.browser(redirectingTo: location, recorder: recorder)
        defer { Task { try? await browser.shutdown() } }
        do {
            _ = try await browser.get(Self.service.appending(path: "go"))
            Issue.record("the redirect to \(location) was followed")
        } catch let error as BrowserError {
            // Either the guard refused the hop, or the Location was unusable; never the network.
            #expect(error.code == .browserProductionRefused || error.code == .browserInvalidRedirect, "\(error)")
        }
        #expect(recorder.handed.isEmpty, "handed to the network: \(recorder.handed)")
    }

    @Test func theRefusalIsRecordedAndSaysWhy() async throws {
        let recorder = HandOffRecorder()
        let browser = try await Self.browser(redirectingTo: "https://mpass.gov.md/login/saml", recorder: recorder)
        defer { Task { try? await browser.shutdown() } }
        await #expect(throws: BrowserError.self) { _ = try await browser.get(Self.service.appending(path: "go")) }
        let last = try #require(browser.log.records.last)
        #expect(last.failure?.code == .browserProductionRefused)
        #expect(last.failure?.reason.contains("a production host of AGE") == true)
        #expect(recorder.handed.isEmpty)
    }

    /// The control: a redirect to staging is handed to the network, so the recorder is live
    /// and the test above would fail if the guard were bypassed.
    @Test func aRedirectToStagingReachesTheHandOff() async throws {
        let recorder = HandOffRecorder()
        let browser = try await Self.browser(redirectingTo: "https://mpass.staging.egov.md/login/saml", recorder: recorder)
        defer { Task { try? await browser.shutdown() } }
        await #expect(throws: BrowserError.self) { _ = try await browser.get(Self.service.appending(path: "go")) }
        #expect(recorder.handed == ["https://mpass.staging.egov.md/login/saml"])
    }

    /// A request sent straight at production (no redirect) is refused the same way.
    @Test func aDirectRequestToProductionIsRefused() async throws {
        let recorder = HandOffRecorder()
        let browser = Browser(configuration: BrowserConfiguration(), log: ExchangeLog(), now: { Date() }, handOff: recorder.handOff)
        defer { Task { try? await browser.shutdown() } }
        do {
            _ = try await browser.get("https://mnotify.gov.md./api/")
            Issue.record("the request was sent")
        } catch let error as BrowserError {
            #expect(error.code == .browserProductionRefused)
        }
        #expect(recorder.handed.isEmpty)
    }
}
