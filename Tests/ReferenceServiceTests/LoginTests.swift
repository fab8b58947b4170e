import Foundation
import HTTPTypes
import MPassSAML
import Testing
@testable import ReferenceService

@Suite("Login at the ACS")
struct LoginTests {
    @Test("A valid Response opens a session; the protected page shows the NameID and attributes")
    func validLogin() async throws {
        try await withService { service in
            #expect(try await service.isLoggedIn() == false)
            let (requestID, relayState, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.response()), relayState: relayState)
            #expect(answer.status == .seeOther)
            #expect(answer.location == "/protected")
            let cookie = try #require(answer.setCookies.first { $0.hasPrefix("rs_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "the test Service is served over http")

            let protected = try await service.get("/protected")
            #expect(protected.status == .ok)
            #expect(protected.body.contains("Logged in as <strong id=\"name-id\">\(Names.nameID)</strong>"))
            #expect(protected.body.contains("Popescu"))
            let home = try await service.get("/")
            #expect(home.body.contains("Logged in as"))

            let session = try #require(await service.core.openSessions().first)
            #expect(session.sessionIndex == "_session-1")
            #expect(session.requestID == requestID)
        }
    }

    @Test("The login is found through RelayState when the browser sends no cookie on MPass's cross-site POST")
    func relayStateWithoutCookie() async throws {
        try await withService { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.response()), relayState: relayState, withCookies: false)
            #expect(answer.status == .seeOther)
        }
    }

    @Test("The login is found through the cookie when RelayState is lost")
    func cookieWithoutRelayState() async throws {
        try await withService { service in
            let (requestID, _, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.response()), relayState: nil)
            #expect(answer.status == .seeOther)
        }
    }

    @Test("TC_SEC_07: with neither RelayState nor cookie the request ID matches nothing and the login is refused")
    func neitherRelayStateNorCookie() async throws {
        try await withService { service in
            let (requestID, _, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.response()), relayState: nil, withCookies: false)
            #expect(answer.status == .forbidden)
            #expect(answer.body.contains("Login failed"))
            #expect(answer.failedCheckIDs == ["response.in-response-to", "assertion.subject.confirmation.in-response-to"])
            #expect(try await service.isLoggedIn() == false)
        }
    }

    @Test("A login older than the login timeout is forgotten")
    func expiredPendingLogin() async throws {
        try await withService { service in
            let (requestID, relayState, _) = try await service.startLogin()
            service.clock.advance(1801)
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.response()), relayState: relayState)
            #expect(answer.status == .forbidden)
            #expect(answer.failedCheckIDs.contains("response.in-response-to"))
        }
    }

    @Test("returnTo leads back to a local path, never elsewhere", arguments: [
        ("/protected?tab=2", "/protected?tab=2"), ("//evil.test/x", "/protected"), ("https://evil.test/", "/protected"),
        ("/\\evil.test", "/protected"),
    ])
    func returnTo(asked: String, landed: String) async throws {
        try await withService { service in
            let (requestID, relayState, _) = try await service.startLogin(returnTo: asked)
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.response()), relayState: relayState)
            #expect(answer.location == landed)
        }
    }

    @Test("Replay: the same Response posted twice opens one session only")
    func replayRefused() async throws {
        try await withService { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let xml = try factory.signed(factory.response())
            #expect(try await service.postResponse(xml, relayState: relayState).status == .seeOther)
            service.dropCookies()
            let again = try await service.postResponse(xml, relayState: relayState)
            #expect(again.status == .forbidden)
            #expect(again.failedCheckIDs == ["response.replay"])
            #expect(try await service.isLoggedIn() == false)
            #expect(await service.core.openSessions().count == 1)
        }
    }

    @Test("allowReplay: the same Response opens a second session")
    func replayAllowed() async throws {
        try await withService(weaknesses: [.allowReplay]) { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let xml = try factory.signed(factory.response())
            #expect(try await service.postResponse(xml, relayState: relayState).status == .seeOther)
            service.dropCookies()
            #expect(try await service.postResponse(xml, relayState: relayState).status == .seeOther)
            #expect(try await service.isLoggedIn())
            #expect(await service.core.openSessions().count == 2)
        }
    }

    @Test("TC_FUNCT_03: a cancelled login shows a page, opens no session, and is no error")
    func cancelled() async throws {
        try await withService { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.cancelled()), relayState: relayState)
            #expect(answer.status == .ok)
            #expect(answer.body.contains("Login was cancelled"))
            #expect(answer.body.contains("AuthnFailed"))
            #expect(!answer.setCookies.contains { $0.hasPrefix("rs_session=") })
            let protected = try await service.get("/protected")
            #expect(protected.status == .found)
        }
    }

    @Test("errorOnCancel: a cancelled login answers 500, still without a session")
    func cancelledAsError() async throws {
        try await withService(weaknesses: [.errorOnCancel]) { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.cancelled()), relayState: relayState)
            #expect(answer.status == .internalServerError)
            #expect(try await service.isLoggedIn() == false)
        }
    }

    @Test("Not logged in: the protected page sends the user to /login, which sends them to MPass")
    func protectedRedirects() async throws {
        try await withService { service in
            let page = try await service.get("/protected")
            #expect(page.status == .found)
            #expect(page.location?.hasPrefix("/login") == true)
        }
    }

    @Test("Garbage at the ACS is a 400 page, not a crash", arguments: [
        ["SAMLResponse": "not base64 !!"], ["SAMLResponse": Data("<html/>".utf8).base64EncodedString()], ["other": "x"],
        ["SAMLRequest": Data("<x/>".utf8).base64EncodedString()],
    ])
    func unreadable(fields: [String: String]) async throws {
        try await withService { service in
            let page = try await service.post("/mpass-login", fields: fields)
            #expect(page.status == .badRequest)
            #expect(page.body.contains("Not a SAML message"))
        }
    }

    @Test("/login: no-cache headers, a form to MPass, and an AuthnRequest that verifies with the Service's certificate")
    func loginPage() async throws {
        try await withService { service in
            let (requestID, relayState, page) = try await service.startLogin()
            #expect(page.status == .ok)
            #expect(page.header("Cache-Control") == "no-cache, no-store")
            #expect(page.header("Pragma") == "no-cache")
            #expect(page.formAction == Names.idpSSOURL)
            #expect(relayState.utf8.count <= 80)
            let cookie = try #require(page.setCookies.first { $0.hasPrefix("rs_state=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))

            let validation = try authnRequestValidator(now: service.clock.now).validateAuthnRequest(SafeXMLParser().parse(page.samlXML!))
            #expect(validation.report.failures.map(\.id) == [])
            #expect(validation.report.passed(CheckID.authnRequestSignature.value))
            #expect(validation.report.passed(CheckID.authnRequestNameIDPolicy))
            #expect(validation.report.passed(CheckID.authnRequestACSURL))
            #expect(validation.message.id == requestID)
            #expect(validation.message.assertionConsumerServiceURL == Names.acsURL)
        }
    }

    @Test("Over https the cookies are Secure")
    func secureCookies() async throws {
        try await withService(baseURL: "https://service.test") { service in
            let (_, _, page) = try await service.startLogin()
            #expect(page.setCookies.first { $0.hasPrefix("rs_state=") }?.contains("Secure") == true)
            #expect(service.core.acsURL == "https://service.test/mpass-login")
        }
    }
}

/// MPass's view of the Service's AuthnRequest.
func authnRequestValidator(now: Date, seenIDs: Set<String>? = nil) -> RequestValidator {
    RequestValidator(expectations: RequestExpectations(
        pinnedCertificates: [TestIdentities.service.certificate], issuer: Names.issuer, destination: Names.idpSSOURL,
        registeredACSURLs: [Names.acsURL], seenIDs: seenIDs), window: TimeWindow(now: now))
}
