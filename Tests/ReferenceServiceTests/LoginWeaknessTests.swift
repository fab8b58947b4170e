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
        #expect(verdict.forgiven.map(\.check.id) == [CheckID.responseDestination])
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

    /// The empty twin of each removed value: the weakness lets the empty value through and
    /// still refuses the absent one (which the hardened Service refuses for the same check).
    static let emptyAndAbsent: [(String, String, @Sendable (inout MPassSAML.Response, String?) -> Void)] = [
        ("StatusCode/@Value", "response.status", { response, value in response.status = Status(code: value) }),
        ("SubjectConfirmation/@Method", "assertion.subject.confirmation",
         { response, value in response.assertions[0].subject?.confirmations[0].method = value }),
        ("SubjectConfirmationData/@Recipient", "assertion.subject.confirmation.recipient",
         { response, value in response.assertions[0].subject?.confirmations[0].data?.recipient = value }),
        ("Response/@Destination", "response.destination", { response, value in response.destination = value }),
        ("Assertion/Issuer", "assertion.issuer", { response, value in response.assertions[0].issuer = value }),
        ("Response/@Version", "response.version", { response, value in response.version = value }),
    ]

    @Test("skipEmptyValueChecks accepts the empty value and refuses the absent one", arguments: 0..<emptyAndAbsent.count)
    func emptyValuesPassAbsentOnesDoNot(index: Int) async throws {
        let (what, check, shape) = Self.emptyAndAbsent[index]
        for (value, weakness, accepted) in [("", ServiceWeakness?.none, false), ("", .skipEmptyValueChecks, true),
                                            (nil, .skipEmptyValueChecks, false)] as [(String?, ServiceWeakness?, Bool)] {
            let clock = TestClock()
            let core = try ServiceCore(configuration: makeConfiguration(weaknesses: Set([weakness].compactMap { $0 }), clock: clock))
            let start = try await core.startLogin(returnTo: nil)
            let factory = ResponseFactory(now: clock.now, requestID: start.requestID)
            var response = factory.response()
            shape(&response, value)
            let xml = try factory.signed(response)
            let body = "SAMLResponse=\(ServiceClient.formEncode(xml.base64EncodedString()))&RelayState=\(start.stateKey)"
            let outcome = await core.completeLogin(formBody: body, stateCookie: nil)
            let label = "\(what) \(value.map { "=\"\($0)\"" } ?? "absent") with \(weakness?.rawValue ?? "no weakness")"
            switch outcome {
            case .loggedIn(_, _, let verdict):
                #expect(accepted, "\(label) opened a session")
                #expect(verdict.forgiven.contains { $0.check.id.rawValue == check && $0.weakness == .skipEmptyValueChecks }, "\(label)")
            case .refused(let verdict):
                #expect(!accepted, "\(label) was refused: \(verdict.unforgiven.map(\.id))")
                #expect(verdict.unforgiven.contains { $0.id.rawValue == check }, "\(label): \(verdict.unforgiven.map(\.id))")
            default:
                Issue.record("\(label): \(outcome)")
            }
        }
    }

    @Test("Every login-side weakness has a fault, a test, or a documented behaviour")
    func everyWeaknessCovered() {
        let withFault = Set(LoginFault.all.map(\.weakness))
        // Proven end to end by the catalogue's mutation test (wrapping shapes, a DOCTYPE
        // fetch or expansion, a comment in the NameID, several Audiences) rather than by a
        // LoginFault; the expansion itself also by InternalEntityExpanderTests. The answers to
        // a cancel and the state kept only in a cookie are proven by VerdictTrustTests and the
        // chapter-9 mutation table; the new login answering a refused Response by
        // VerdictTrustTests.serviceSendingTheBrowserBackToMPassRefused.
        let separate: Set<ServiceWeakness> = [.errorOnCancel, .allowReplay, .acceptWrappedSignature, .firstAudienceOnly,
                                              .resolveExternalEntities, .truncateNameIDAtComment, .expandInternalEntities,
                                              .lenientBase64, .forbiddenOnCancel, .friendlyErrorOnCancel, .loginStateInCookieOnly,
                                              .readIdentityWithSecondParser, .restartLoginOnRefusal]
        let acs = Set(ServiceWeakness.allCases.filter { $0.stage == .acs })
        #expect(withFault.union(separate) == acs)
    }
}
