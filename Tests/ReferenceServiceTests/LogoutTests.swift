import Foundation
import HTTPTypes
import MPassSAML
import Testing
@testable import ReferenceService

/// MPass's checks on the LogoutResponse the Service sends back at single logout.
func logoutResponseValidation(_ page: Page, requestID: String, now: Date) throws -> MessageValidation<LogoutResponse> {
    let validator = RequestValidator(expectations: RequestExpectations(
        pinnedCertificates: [TestIdentities.service.certificate], issuer: Names.issuer, destination: Names.idpSLOURL,
        outstandingRequestIDs: [requestID]), window: TimeWindow(now: now))
    return try validator.validateLogoutResponse(SafeXMLParser().parse(try #require(page.samlXML)))
}

extension ServiceClient {
    /// MPass's LogoutRequest posted to `/mpass-slo` (cookies are not sent: it comes cross-site, often in a frame).
    func postLogoutRequest(_ xml: Data, relayState: String? = nil) async throws -> Page {
        var fields = ["SAMLRequest": xml.base64EncodedString()]
        if let relayState { fields["RelayState"] = relayState }
        return try await post("/mpass-slo", fields: fields, withCookies: false)
    }
}

@Suite("Logout")
struct LogoutTests {
    @Test("TC_FUNCT_04: /logout sends a signed LogoutRequest with the session's NameID and SessionIndex, and ends the session")
    func serviceInitiatedLogout() async throws {
        try await withService { service in
            try await service.logIn(sessionIndex: "_session-42")
            let page = try await service.get("/logout")
            #expect(page.status == .ok)
            #expect(page.formAction == Names.idpSLOURL)
            #expect(page.header("Cache-Control") == "no-cache, no-store")
            #expect(try await service.isLoggedIn() == false, "the local session ends before MPass answers")

            let validator = RequestValidator(expectations: RequestExpectations(
                pinnedCertificates: [TestIdentities.service.certificate], issuer: Names.issuer, destination: Names.idpSLOURL,
                nameID: Names.nameID, sessionIndex: "_session-42"), window: TimeWindow(now: service.clock.now))
            let validation = try validator.validateLogoutRequest(SafeXMLParser().parse(try #require(page.samlXML)))
            #expect(validation.report.failures.map(\.id) == [])
            let requestID = try #require(validation.message.id)

            // MPass answers; the Service confirms and goes home.
            let factory = ResponseFactory(now: service.clock.now, requestID: nil)
            let answer = try factory.logoutResponse(inResponseTo: requestID).signedDocument(signer: factory.signer).serialized()
            let done = try await service.post("/mpass-logout", fields: ["SAMLResponse": answer.base64EncodedString()])
            #expect(done.status == .seeOther)
            #expect(done.location == "/?loggedOut=1")
            #expect(try await service.get("/?loggedOut=1").body.contains("You are logged out."))

            // The same LogoutResponse again answers nothing outstanding.
            let again = try await service.post("/mpass-logout", fields: ["SAMLResponse": answer.base64EncodedString()])
            #expect(again.status == .forbidden)
            #expect(again.failedCheckIDs == ["logout-response.in-response-to"])
        }
    }

    @Test("/logout without a session goes home")
    func logoutWithoutSession() async throws {
        try await withService { service in
            let page = try await service.get("/logout")
            #expect(page.status == .seeOther)
            #expect(page.location == "/")
        }
    }

    @Test("skipLogoutResponseChecks: a LogoutResponse for no request of ours, unsigned, is accepted")
    func logoutResponseChecks() async throws {
        for weaknesses: Set<ServiceWeakness> in [[], [.skipLogoutResponseChecks]] {
            try await withService(weaknesses: weaknesses) { service in
                try await service.logIn()
                _ = try await service.get("/logout")
                let factory = ResponseFactory(now: service.clock.now, requestID: nil)
                let forged = try factory.logoutResponse(inResponseTo: "_ffffffffffffffffffffffffffffffff").document().serialized()
                let page = try await service.post("/mpass-logout", fields: ["SAMLResponse": forged.base64EncodedString()])
                if weaknesses.isEmpty {
                    #expect(page.status == .forbidden)
                    #expect(page.body.contains("Logout not confirmed"))
                    #expect(page.failedCheckIDs == ["logout-response.signature.present", "logout-response.in-response-to"])
                } else {
                    #expect(page.status == .seeOther)
                }
            }
        }
    }

    @Test("TC_FUNCT_05: MPass's valid LogoutRequest ends the session; the answer is a signed LogoutResponse to MPass, frameable by MPass only")
    func singleLogout() async throws {
        try await withService { service in
            try await service.logIn()
            let factory = ResponseFactory(now: service.clock.now, requestID: nil)
            let request = factory.logoutRequest()
            let xml = try request.signedDocument(signer: factory.signer).serialized()
            let page = try await service.postLogoutRequest(xml, relayState: "mpass-slo-state")
            #expect(page.status == .ok)
            #expect(page.formAction == Names.idpSLOURL)
            #expect(page.formFields["RelayState"] == "mpass-slo-state")
            #expect(page.header("Content-Security-Policy") == "frame-ancestors \(Names.idpOrigin)")
            #expect(page.header("Cache-Control") == "no-cache, no-store")

            let validation = try logoutResponseValidation(page, requestID: request.id!, now: service.clock.now)
            #expect(validation.report.failures.map(\.id) == [])
            #expect(validation.message.inResponseTo == request.id)
            #expect(validation.message.status?.isSuccess == true)
            #expect(try await service.isLoggedIn() == false)

            // The same request again is a replay: refused, answered with Requester.
            try await service.logIn()
            let replay = try await service.postLogoutRequest(xml)
            let replayed = try logoutResponseValidation(replay, requestID: request.id!, now: service.clock.now)
            #expect(replayed.message.status?.code == SAMLURI.statusRequester)
            #expect(try await service.isLoggedIn())
        }
    }

    @Test("An unsigned LogoutRequest keeps the session and is answered with Requester")
    func unsignedSingleLogout() async throws {
        try await withService { service in
            try await service.logIn()
            let factory = ResponseFactory(now: service.clock.now, requestID: nil)
            let request = factory.logoutRequest()
            let page = try await service.postLogoutRequest(try request.document().serialized())
            #expect(try await service.isLoggedIn())
            let validation = try logoutResponseValidation(page, requestID: request.id!, now: service.clock.now)
            #expect(validation.report.failures.map(\.id) == [CheckID.logoutResponseStatus])
            #expect(validation.message.status?.code == SAMLURI.statusRequester)
            #expect(validation.message.status?.message?.contains("logout-request.signature.present") == true)
        }
    }

    @Test("A LogoutRequest for another SessionIndex ends nothing; another NameID ends nothing")
    func singleLogoutMatching() async throws {
        try await withService { service in
            try await service.logIn(sessionIndex: "_session-A")
            var factory = ResponseFactory(now: service.clock.now, requestID: nil)
            _ = try await service.postLogoutRequest(
                try factory.logoutRequest(sessionIndex: "_session-B").signedDocument(signer: factory.signer).serialized())
            #expect(try await service.isLoggedIn())
            factory.nameID = "2009999999999"
            _ = try await service.postLogoutRequest(
                try factory.logoutRequest(sessionIndex: "_session-A").signedDocument(signer: factory.signer).serialized())
            #expect(try await service.isLoggedIn())
        }
    }

    @Test("Garbage at the SLO URL is a 400 page")
    func unreadableSingleLogout() async throws {
        try await withService { service in
            let page = try await service.post("/mpass-slo", fields: ["SAMLRequest": "%%%"], withCookies: false)
            #expect(page.status == .badRequest)
        }
    }
}

/// One single-logout weakness: what MPass sends, and how the flaw shows.
struct SingleLogoutCase: Sendable, CustomStringConvertible {
    let weakness: ServiceWeakness
    /// The LogoutRequest's XML for the logged-in user (session index `_session-1`).
    let request: @Sendable (ResponseFactory, LogoutRequest) throws -> Data
    /// True when the answer or the session shows the flaw.
    let showsFlaw: @Sendable (_ page: Page, _ validation: MessageValidation<LogoutResponse>, _ stillLoggedIn: Bool) -> Bool

    var description: String { weakness.rawValue }

    static let signed: @Sendable (ResponseFactory, LogoutRequest) throws -> Data = { factory, request in
        try request.signedDocument(signer: factory.signer).serialized()
    }

    static let all: [SingleLogoutCase] = [
        SingleLogoutCase(weakness: .skipLogoutRequestSignature, request: { _, request in
            try request.document().serialized()
        }, showsFlaw: { _, _, stillLoggedIn in !stillLoggedIn }),
        SingleLogoutCase(weakness: .skipLogoutRequestSignature, request: { _, request in
            try request.signedDocument(signer: XMLSigner(identity: TestIdentities.foreign)).serialized()
        }, showsFlaw: { _, _, stillLoggedIn in !stillLoggedIn }),
        SingleLogoutCase(weakness: .ignoreSessionIndex, request: { factory, _ in
            try factory.logoutRequest(sessionIndex: "_another-session").signedDocument(signer: factory.signer).serialized()
        }, showsFlaw: { _, _, stillLoggedIn in !stillLoggedIn }),
        SingleLogoutCase(weakness: .keepSessionOnSLO, request: signed, showsFlaw: { _, validation, stillLoggedIn in
            stillLoggedIn && validation.message.status?.isSuccess == true
        }),
        SingleLogoutCase(weakness: .unsignedLogoutResponse, request: signed, showsFlaw: { _, validation, _ in
            validation.report.failures.map(\.id) == [CheckID.logoutResponseSignature.present]
        }),
        SingleLogoutCase(weakness: .wrongInResponseToOnSLO, request: signed, showsFlaw: { _, validation, _ in
            validation.report.failures.map(\.id) == [CheckID.logoutResponseInResponseTo]
        }),
        SingleLogoutCase(weakness: .noFrameAncestors, request: signed, showsFlaw: { page, _, _ in
            page.header("Content-Security-Policy") == nil
        }),
        SingleLogoutCase(weakness: .skipLogoutRequestChecks, request: { factory, _ in
            var stale = factory.logoutRequest()
            stale.issueInstant = SAMLInstant(factory.now.addingTimeInterval(-3600))
            return try stale.signedDocument(signer: factory.signer).serialized()
        }, showsFlaw: { _, _, stillLoggedIn in !stillLoggedIn }),
        SingleLogoutCase(weakness: .ignoreNameIDOnSLO, request: { factory, _ in
            var other = factory.logoutRequest()
            other.nameID = NameID("2009876543210")
            return try other.signedDocument(signer: factory.signer).serialized()
        }, showsFlaw: { _, _, stillLoggedIn in !stillLoggedIn }),
    ]
}

@Suite("Single-logout weaknesses")
struct SingleLogoutWeaknessTests {
    private func run(_ testCase: SingleLogoutCase, weaknesses: Set<ServiceWeakness>) async throws -> Bool {
        try await withService(weaknesses: weaknesses) { service in
            try await service.logIn()
            let factory = ResponseFactory(now: service.clock.now, requestID: nil)
            let request = factory.logoutRequest()
            let page = try await service.postLogoutRequest(try testCase.request(factory, request))
            #expect(page.status == .ok)
            let validation = try logoutResponseValidation(page, requestID: request.id!, now: service.clock.now)
            return testCase.showsFlaw(page, validation, try await service.isLoggedIn())
        }
    }

    @Test("The hardened Service does not show the flaw", arguments: SingleLogoutCase.all)
    func hardened(testCase: SingleLogoutCase) async throws {
        #expect(try await run(testCase, weaknesses: []) == false)
    }

    @Test("The Service with the weakness shows the flaw", arguments: SingleLogoutCase.all)
    func weakened(testCase: SingleLogoutCase) async throws {
        #expect(try await run(testCase, weaknesses: [testCase.weakness]))
    }

    @Test("Every single-logout weakness has a case")
    func everyWeaknessCovered() {
        let covered = Set(SingleLogoutCase.all.map(\.weakness))
        let expected = Set(ServiceWeakness.allCases.filter { $0.stage == .singleLogout } + [.noFrameAncestors])
        #expect(covered == expected)
    }
}
