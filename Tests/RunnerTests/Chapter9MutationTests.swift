import CaseCatalogue
import Conformance
import Foundation
import HarnessModel
import ReferenceService
import Testing

/// The harness's "pass" means something only if it fails when it should. The reference
/// Service passes all twelve cases; switching on each weakness makes exactly the cases
/// that guard against it fail, and no other.
@Suite(.serialized, .timeLimit(.minutes(20))) struct Chapter9MutationTests {
    /// Weakness → the chapter-9 cases it must fail. Weaknesses that chapter 9 cannot see
    /// map to none here: the extended catalogue catches those.
    static let expectedFailures: [ServiceWeakness: Set<String>] = {
        let everyCase = Set(Chapter9.cases.map(\.id))
        var table: [ServiceWeakness: Set<String>] = [
            .skipSignature: ["TC_SEC_01", "TC_SEC_02"],
            .trustKeyInfo: ["TC_SEC_02"],
            .skipTimeChecks: ["TC_SEC_03", "TC_SEC_04"],
            .acceptFutureIssueInstant: ["TC_SEC_04"],
            .skipDestination: ["TC_SEC_05"],
            .skipInResponseTo: ["TC_SEC_06", "TC_SEC_07"],
            .acceptUnsolicited: ["TC_SEC_06"],
            .errorOnCancel: ["TC_FUNCT_03"],
            // A 403 page after a cancel is an error the person sees, whatever its body says.
            .forbiddenOnCancel: ["TC_FUNCT_03"],
            // A status-200 page reading "Eroare: autentificarea a eșuat": REVIEW, never PASS.
            .friendlyErrorOnCancel: ["TC_FUNCT_03"],
            // The browser withholds the SameSite=Lax state cookie on MPass's POST: no login
            // completes, so the functional cases fail and every refusal is not judged.
            .loginStateInCookieOnly: everyCase,
            .keepSessionOnSLO: ["TC_FUNCT_05"],
            // MPass refuses the Service's LogoutRequest, so TC_FUNCT_04's exchange fails.
            .unsignedLogoutRequest: ["TC_FUNCT_04"],
            .logoutRequestWithoutSessionIndex: ["TC_FUNCT_04"],
            .staleLogoutRequest: ["TC_FUNCT_04"],
            .unsignedLogoutResponse: ["TC_FUNCT_05"],
            .wrongInResponseToOnSLO: ["TC_FUNCT_05"],
            // MPass refuses such an AuthnRequest, so no login of any case gets through.
            .unsignedAuthnRequest: everyCase,
            .sha1AuthnRequest: everyCase,
            .noNameIDPolicy: everyCase,
            .staleAuthnRequest: everyCase,
            .noAuthnRequestDestination: everyCase,
            .unregisteredACSURL: everyCase,
            // The first login works; every later AuthnRequest repeats an ID MPass has seen.
            .reuseRequestID: everyCase.subtracting(["TC_FUNCT_01"]),
        ]
        for weakness in ServiceWeakness.allCases where table[weakness] == nil { table[weakness] = [] }
        return table
    }()

    static func failingCases(_ weaknesses: Set<ServiceWeakness>) async throws -> (Set<String>, [CaseResult]) {
        let embedded = try await EmbeddedRun.start(weaknesses: weaknesses)
        let records = await ConformanceRunner(service: embedded.service, simulator: embedded.simulator).run(Chapter9.cases)
        await embedded.stop()
        return (Set(records.filter { $0.verdict != .pass }.map(\.id)), records)
    }

    @Test func hardenedReferenceServicePassesEveryCase() async throws {
        let (failing, records) = try await Self.failingCases([])
        #expect(failing.isEmpty, "\(records.filter { $0.verdict != .pass }.map { "\($0.id): \($0.reason)" })")
        #expect(records.count == 12)
    }

    @Test(arguments: ServiceWeakness.allCases)
    func eachWeaknessFailsExactlyItsCases(_ weakness: ServiceWeakness) async throws {
        let (failing, records) = try await Self.failingCases([weakness])
        let expected = Self.expectedFailures[weakness] ?? []
        #expect(failing == expected, """
            \(weakness.rawValue): expected \(expected.sorted()), failed \(failing.sorted())
            \(records.filter { $0.verdict != .pass }.map { "\($0.id) \($0.verdict): \($0.reason)" }.joined(separator: "\n"))
            """)
        // A failed case says why, and no case errs: a weakness is a finding, not a broken run.
        // A refusal whose valid twin fails too (every login broken) is not judged, never a pass.
        let refusals = Set(Chapter9.cases.filter(\.expectation.isRefusal).map(\.id))
        for record in records where record.verdict != .pass {
            var allowed: Set<CaseVerdict> = refusals.contains(record.id) ? [.fail, .notJudged] : [.fail]
            if weakness == .friendlyErrorOnCancel { allowed = [.review] }
            #expect(allowed.contains(record.verdict), "\(record.id) \(record.verdict): \(record.reason)")
            #expect(!record.reason.isEmpty)
        }
    }
}
