import Foundation
import MPassSAML
import Testing
@testable import ReferenceService

/// Every login-side weakness against its fault: refused by the hardened Service with
/// exactly the expected check ids, accepted by the Service with that weakness.
@Suite("Login-side weaknesses")
struct LoginWeaknessTests {
    @Test("The hardened Service refuses the fault with exactly its check ids", arguments: LoginFault.all)
    func hardenedRefuses(fault: LoginFault) async throws {
        try await withService { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let answer = try await service.postResponse(try fault.xml(now: service.clock.now, requestID: requestID),
                                                        relayState: relayState)
            #expect(answer.status == .forbidden)
            #expect(answer.body.contains("Login failed"))
            #expect(answer.failedCheckIDs == fault.failedChecks)
            #expect(try await service.isLoggedIn() == false)
        }
    }

    @Test("The Service with the weakness accepts the fault and opens a session", arguments: LoginFault.all)
    func weakenedAccepts(fault: LoginFault) async throws {
        try await withService(weaknesses: [fault.weakness]) { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let answer = try await service.postResponse(try fault.xml(now: service.clock.now, requestID: requestID),
                                                        relayState: relayState)
            #expect(answer.status == .seeOther)
            #expect(try await service.isLoggedIn())
            let protected = try await service.get("/protected")
            // acceptEmptyNameID logs in a user with no name: that is its flaw.
            let expected = fault.weakness == .acceptEmptyNameID ? "<strong id=\"name-id\"></strong>" : Names.nameID
            #expect(protected.body.contains(expected), "the first Assertion's NameID is the one logged in")
        }
    }

    @Test("Each weakness disables one check: no other weakness accepts the fault (except those documented as wider)",
          arguments: LoginFault.all)
    func weaknessesArePrecise(fault: LoginFault) async throws {
        for weakness in ServiceWeakness.allCases where weakness.stage == .acs {
            let clock = TestClock()
            let core = try ServiceCore(configuration: makeConfiguration(weaknesses: [weakness], clock: clock))
            let start = try await core.startLogin(returnTo: nil)
            let xml = try fault.xml(now: clock.now, requestID: start.requestID)
            let body = "SAMLResponse=\(ServiceClient.formEncode(xml.base64EncodedString()))&RelayState=\(start.stateKey)"
            let outcome = await core.completeLogin(formBody: body, stateCookie: nil)
            let expected = weakness == fault.weakness || fault.alsoAcceptedBy.contains(weakness)
            var accepted = false
            if case .loggedIn = outcome { accepted = true }
            #expect(accepted == expected, "\(weakness) with the \(fault.weakness) fault")
        }
    }

    @Test("Forgiven checks are named on the verdict with the weakness that forgave them")
    func forgivenAreReported() async throws {
        let clock = TestClock()
        let core = try ServiceCore(configuration: makeConfiguration(weaknesses: [.skipDestination], clock: clock))
        let start = try await core.startLogin(returnTo: nil)
        let fault = try #require(LoginFault.all.first { $0.weakness == .skipDestination })
        let xml = try fault.xml(now: clock.now, requestID: start.requestID)
        let outcome = await core.completeLogin(
            formBody: "SAMLResponse=\(ServiceClient.formEncode(xml.base64EncodedString()))&RelayState=\(start.stateKey)",
            stateCookie: nil)
        guard case .loggedIn(_, _, let verdict) = outcome else {
            Issue.record("expected a login, got \(outcome)")
            return
        }
        #expect(verdict.forgiven.map(\.check.id) == ["response.destination"])
        #expect(verdict.forgiven.map(\.weakness) == [.skipDestination])
        #expect(!verdict.report.isValid, "the report itself still says the check failed")
    }

    @Test("acceptUnsolicited still refuses a present InResponseTo that matches nothing")
    func unsolicitedButWrong() async throws {
        let fault = try #require(LoginFault.all.first { $0.weakness == .skipInResponseTo })
        try await withService(weaknesses: [.acceptUnsolicited]) { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let answer = try await service.postResponse(try fault.xml(now: service.clock.now, requestID: requestID),
                                                        relayState: relayState)
            #expect(answer.status == .forbidden)
        }
    }

    @Test("acceptFutureIssueInstant still refuses a stale IssueInstant")
    func futureButNotStale() async throws {
        let fault = try #require(LoginFault.all.first { $0.weakness == .skipTimeChecks })
        try await withService(weaknesses: [.acceptFutureIssueInstant]) { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let answer = try await service.postResponse(try fault.xml(now: service.clock.now, requestID: requestID),
                                                        relayState: relayState)
            #expect(answer.status == .forbidden)
        }
    }

    @Test("skipStatus opens no session from a cancel without an Assertion")
    func skipStatusCancel() async throws {
        try await withService(weaknesses: [.skipStatus]) { service in
            let (requestID, relayState, _) = try await service.startLogin()
            let factory = ResponseFactory(now: service.clock.now, requestID: requestID)
            let answer = try await service.postResponse(try factory.signed(factory.cancelled()), relayState: relayState)
            #expect(answer.body.contains("Login was cancelled"))
            #expect(try await service.isLoggedIn() == false)
        }
    }

    @Test("Every login-side weakness has a fault, a test, or a documented behaviour")
    func everyWeaknessCovered() {
        let withFault = Set(LoginFault.all.map(\.weakness))
        // Proven end to end by the catalogue's mutation test (wrapping shapes, a DOCTYPE
        // fetch or expansion, a comment in the NameID, several Audiences) rather than by a
        // LoginFault; the expansion itself also by InternalEntityExpanderTests.
        let separate: Set<ServiceWeakness> = [.errorOnCancel, .allowReplay, .acceptWrappedSignature, .firstAudienceOnly,
                                              .resolveExternalEntities, .truncateNameIDAtComment, .expandInternalEntities,
                                              .lenientBase64]
        let acs = Set(ServiceWeakness.allCases.filter { $0.stage == .acs })
        #expect(withFault.union(separate) == acs)
    }
}
