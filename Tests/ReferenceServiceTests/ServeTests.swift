import BrowserAgent
import Foundation
import HTTPTypes
import MPassSAML
import Testing
@testable import ReferenceService
import Vocabulary

/// The Service on a real socket on loopback, as a runner starts it.
@Suite("Serving on a real socket", .timeLimit(.minutes(5)))
struct ServeTests {
    @Test("serve binds a free loopback port, reports its base URL, answers, and shuts down gracefully")
    func serveAndShutdown() async throws {
        let running = try await ReferenceService.serve(configuration: makeConfiguration(baseURL: nil), host: "127.0.0.1", port: 0)
        #expect(running.port > 0)
        #expect(running.baseURL == "http://127.0.0.1:\(running.port)")
        #expect(running.core.acsURL == "http://127.0.0.1:\(running.port)/mpass-login")
        try await Browser.withBrowser { browser in
            let health = try await browser.get(running.baseURL + "/health")
            #expect(health.response.status == 200)
            #expect(health.response.text == "ok")
            try await running.shutdown()
            await #expect(throws: (any Error).self) { try await browser.get(running.baseURL + "/health") }
        }
    }

    @Test("A port already in use is a clear error")
    func portInUse() async throws {
        let first = try await ReferenceService.serve(configuration: makeConfiguration(baseURL: nil))
        do {
            _ = try await ReferenceService.serve(configuration: makeConfiguration(baseURL: nil), port: first.port)
            Issue.record("a second server bound the same port")
        } catch let error as HarnessError {
            #expect(error.code == .serverFailed)
            #expect(error.reason.contains("\(first.port)"))
        }
        try await first.shutdown()
    }

    @Test("A bad configuration is refused before anything is bound")
    func badConfiguration() async throws {
        var configuration = makeConfiguration(baseURL: nil)
        configuration.idpSSOURL = "https://mpass.gov.md/login/saml"
        await #expect(throws: HarnessError(.configurationProductionRefused, "")) {
            _ = try await ReferenceService.serve(configuration: configuration)
        }
    }

    @Test("TC_FUNCT_01 in a browser: /login → MPass (in-process) → ACS over the socket → /protected, found by RelayState")
    func browserLogin() async throws {
        let clock = TestClock(Date())
        let running = try await ReferenceService.serve(configuration: makeConfiguration(clock: clock, baseURL: nil))
        let acsURL = running.core.acsURL
        // The simulated MPass: answers any AuthnRequest with a signed Response for the same user.
        let idp = ClosureHost { request in
            let fields = request.formFields ?? []
            guard let encoded = fields.first(where: { $0.name == "SAMLRequest" })?.value,
                  let xml = Data(base64Encoded: encoded) else { return .html("no SAMLRequest", status: 400) }
            let authnRequest = AuthnRequest(parsing: try SafeXMLParser().parse(xml).root)
            var factory = ResponseFactory(now: clock.now, requestID: authnRequest.id)
            factory.acsURL = acsURL
            let page = try HTTPPostBinding.encode(try factory.signed(factory.response()), as: .response, action: acsURL,
                                                  relayState: fields.first { $0.name == "RelayState" }?.value).page()
            return .html(page.html)
        }
        try await Browser.withBrowser { browser in
            try await browser.register(idp, for: URL(string: Names.idpOrigin)!)
            let start = try await browser.get(running.baseURL + "/login")
            let steps = try await browser.followAutoSubmits(after: start)
            let last = try #require(steps.last)
            #expect(last.finalURL.path() == "/protected")
            #expect(last.response.status == 200)
            #expect(last.response.text.contains("Logged in as"))
            // The ACS POST came cross-site: the SameSite=Lax rs_state cookie was not sent with it.
            let acsHop = try #require(steps.flatMap(\.hops).first { $0.request.url.path() == "/mpass-login" })
            #expect(acsHop.request.headers[.cookie]?.contains("rs_state") != true)
        }
        try await running.shutdown()
    }
}
