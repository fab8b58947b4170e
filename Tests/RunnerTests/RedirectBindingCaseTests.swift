import CaseCatalogue
import Conformance
import Foundation
import HarnessModel
import MPassSAML
import ReferenceService
import Testing

/// The cases that judge the Service's own messages, for a Service that sends them with
/// HTTP-Redirect: the signature duties are judged on the query signature (SAML Bindings
/// 3.4.4.1, over the exact query bytes as received), never reported as an internal error.
@Suite(.serialized, .timeLimit(.minutes(10))) struct RedirectBindingCaseTests {
    static let ownMessageCases = ["MPX-MSG-01", "MPX-MSG-02", "MPX-MSG-03", "MPX-MSG-04", "MPX-MSG-07", "MPX-MSG-08", "MPX-MSG-09",
                                  "MPX-SLO-18", "MPX-SLO-19", "MPX-SLO-22", "TC_FUNCT_01", "TC_FUNCT_04"]

    static func run(_ ids: [String], weaknesses: Set<ServiceWeakness> = []) async throws -> [String: CaseResult] {
        try await runEmbedded(ids, weaknesses: weaknesses, requestBinding: .redirect)
    }

    /// Runs `ids` against the embedded reference Service with the given bindings; `inspect`
    /// sees the simulator before the Service stops.
    static func runEmbedded(_ ids: [String], weaknesses: Set<ServiceWeakness>, requestBinding: HTTPBinding = .post,
                            logoutBinding: HTTPBinding = .post,
                            inspect: (EmbeddedRun) async -> Void = { _ in }) async throws -> [String: CaseResult] {
        let cases = try ids.map { id in try #require(Catalogue.entry(id)?.testCase, "\(id)") }
        let embedded = try await EmbeddedRun.start(weaknesses: weaknesses, requestBinding: requestBinding, logoutBinding: logoutBinding)
        let results = await ConformanceRunner(service: embedded.service, simulator: embedded.simulator).run(cases)
        await inspect(embedded)
        await embedded.stop()
        return Dictionary(uniqueKeysWithValues: results.map { ($0.id, $0) })
    }

    @Test func hardenedServiceSendingByRedirectPasses() async throws {
        let results = try await Self.run(Self.ownMessageCases)
        for id in Self.ownMessageCases {
            let result = try #require(results[id])
            #expect(result.verdict == .pass, "\(id): \(result.verdict) \(result.observed) — \(result.reason)")
        }
        // The signature was judged on the query, not skipped.
        #expect(results["MPX-MSG-01"]?.observed.contains("redirect.signature.value") == true, "\(results["MPX-MSG-01"]?.observed ?? "")")
    }

    @Test("An unsigned or SHA-1 query is a FAIL naming the query's check", arguments: [
        (ServiceWeakness.unsignedAuthnRequest, "MPX-MSG-01", "redirect.signature.present"),
        (.sha1AuthnRequest, "MPX-MSG-02", "redirect.signature.algorithm"),
        (.unsignedLogoutRequest, "MPX-SLO-18", "redirect.signature.present"),
        // The 302 carrying the query is judged, not MPass's page at the end of it.
        (.cacheableSAMLPages, "MPX-MSG-08", "Cache-Control"),
    ])
    func weakQueryFails(weakness: ServiceWeakness, id: String, check: String) async throws {
        let result = try #require(try await Self.run([id], weaknesses: [weakness])[id])
        #expect(result.verdict == .fail, "\(id) with \(weakness): \(result.verdict) \(result.reason)")
        #expect(result.observed.contains(check), "\(result.observed)")
    }
}

/// A Service that registered HTTP-Redirect for logout: MPass's LogoutRequest and
/// LogoutResponse reach it as a redirect whose query is signed, and the logout cases judge
/// it there (TC_FUNCT_04/05, the faulty LogoutRequests and LogoutResponses).
@Suite(.serialized, .timeLimit(.minutes(10))) struct RedirectLogoutBindingTests {
    static let logoutCases = ["TC_FUNCT_04", "TC_FUNCT_05"] + (1...13).map { String(format: "MPX-SLO-%02d", $0) }
        + ["MPX-SLO-23", "MPX-SLO-24", "MPX-SLO-25", "MPX-SLO-29"]

    static func run(_ ids: [String], weaknesses: Set<ServiceWeakness> = []) async throws -> [String: CaseResult] {
        try await RedirectBindingCaseTests.runEmbedded(ids, weaknesses: weaknesses, logoutBinding: .redirect) { embedded in
            #expect(embedded.service.registration.logoutBinding == .redirect)
            let sent = await embedded.simulator.events.filter { [.logoutRequestSent, .logoutResponseSent].contains($0.kind) }
            #expect(!sent.isEmpty && sent.allSatisfy { $0.binding == "Redirect" }, "\(sent.map { "\($0.kind) \($0.binding ?? "?")" })")
        }
    }

    @Test func hardenedServiceTakesMPassLogoutByRedirect() async throws {
        let results = try await Self.run(Self.logoutCases)
        for id in Self.logoutCases {
            let result = try #require(results[id])
            #expect(result.verdict == .pass, "\(id): \(result.verdict) \(result.observed) — \(result.reason)")
        }
    }

    @Test("Each logout weakness still fails its cases over HTTP-Redirect", arguments: [
        (ServiceWeakness.skipLogoutRequestSignature, ["MPX-SLO-01", "MPX-SLO-02"]),
        (.keepSessionOnSLO, ["TC_FUNCT_05"]),
        (.skipLogoutRequestChecks, ["MPX-SLO-05", "MPX-SLO-29"]),
        (.skipLogoutResponseChecks, ["MPX-SLO-23", "MPX-SLO-24"]),
    ])
    func weaknessFails(weakness: ServiceWeakness, ids: [String]) async throws {
        let results = try await Self.run(ids, weaknesses: [weakness])
        for id in ids {
            let result = try #require(results[id])
            #expect(result.verdict == .fail, "\(id) with \(weakness): \(result.verdict) \(result.reason)")
        }
    }
}
