import Foundation
import MPassSAML
import Testing
@testable import ReferenceService

/// `acceptIdPSHA1` (what `live` sets unless `--strict-idp-algorithm`): MPass's Response signed
/// with RSA-SHA1 and a SHA-1 digest by the pinned certificate opens a session; off (the
/// default), the same Response is refused on the algorithm.
@Suite struct IdPSHA1Tests {
    static func login(acceptIdPSHA1: Bool) async throws -> LoginOutcome {
        let clock = TestClock()
        var configuration = makeConfiguration(clock: clock)
        configuration.acceptIdPSHA1 = acceptIdPSHA1
        let core = try ServiceCore(configuration: configuration)
        let start = try await core.startLogin(returnTo: nil)
        var factory = ResponseFactory(now: clock.now, requestID: start.requestID)
        factory.signer = XMLSigner(identity: TestIdentities.idp, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1)
        let xml = try factory.signed(factory.response())
        let body = "SAMLResponse=\(ServiceClient.formEncode(xml.base64EncodedString()))&RelayState=\(start.stateKey)"
        return await core.completeLogin(formBody: body, stateCookie: nil)
    }

    @Test func theHardenedServiceRefusesMPassSHA1() async throws {
        guard case .refused(let verdict) = try await Self.login(acceptIdPSHA1: false) else {
            Issue.record("a SHA-1 Response opened a session")
            return
        }
        #expect(verdict.unforgiven.map(\.id).contains(CheckID.responseSignature.algorithm), "\(verdict.unforgiven.map(\.id))")
    }

    @Test func withAcceptIdPSHA1ItLogsIn() async throws {
        guard case .loggedIn(let session, _, _) = try await Self.login(acceptIdPSHA1: true) else {
            Issue.record("the SHA-1 Response from the pinned key was refused")
            return
        }
        #expect(session.nameID.value == Names.nameID)
    }
}
