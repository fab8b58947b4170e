import Foundation
import HarnessModel
import ReferenceService
import Testing

/// CVE-2025-25291/25292 as published: one genuinely signed Response, rewritten so that a
/// Service verifying with one reading and reading the identity with another logs in the
/// attacker. The hardened Service refuses each document; the Service with
/// `readIdentityWithSecondParser` opens a session for the attacker's NameID.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ParserDifferentialCaseTests {
    static let attackerCases = ["MPX-XML-15", "MPX-SIG-46", "MPX-SIG-47"]
    /// The catalogue's attacker (`Faults.evilNameID`), never a simulated user.
    static let attacker = "2009999999999"

    static func run(_ id: String, weaknesses: Set<ServiceWeakness>) async throws -> (CaseResult, [String]) {
        var nameIDs: [String] = []
        let results = try await RedirectBindingCaseTests.runEmbedded([id], weaknesses: weaknesses) { embedded in
            nameIDs = await embedded.running.core.openSessions().map(\.nameID.value)
        }
        return (try #require(results[id]), nameIDs)
    }

    @Test(arguments: attackerCases)
    func hardenedServiceRefusesAndLogsInNobody(id: String) async throws {
        let (result, nameIDs) = try await Self.run(id, weaknesses: [])
        #expect(result.verdict == .pass, "\(id): \(result.verdict) \(result.reason)")
        #expect(!nameIDs.contains(Self.attacker), "\(id): \(nameIDs)")
    }

    @Test(arguments: attackerCases)
    func serviceReadingWithASecondParserLogsInTheAttacker(id: String) async throws {
        let (result, nameIDs) = try await Self.run(id, weaknesses: [.readIdentityWithSecondParser])
        #expect(result.verdict == .fail, "\(id): \(result.verdict) \(result.reason)")
        #expect(nameIDs.contains(Self.attacker), "\(id): sessions \(nameIDs)")
    }

    /// The DOCTYPE-expanding Service reads one document only: the entity case logs in the
    /// genuine user there (its verifying and reading parser agree), so only the second
    /// parser makes the attacker's NameID appear.
    @Test func expandingWithOneParserLogsInTheGenuineUser() async throws {
        let (_, nameIDs) = try await Self.run("MPX-XML-15", weaknesses: [.expandInternalEntities])
        #expect(!nameIDs.contains(Self.attacker), "\(nameIDs)")
    }
}
