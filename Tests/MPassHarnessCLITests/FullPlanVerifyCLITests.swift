import Foundation
import Testing
import TestSupport

/// `run --plan full --bundle` then `report verify`, as a beneficiary and AGE meet them: an
/// honest full-plan bundle is VALID, and says which verdicts only its signer attests.
@Suite(.timeLimit(.minutes(30)), .temporaryDirectories) struct FullPlanVerifyCLITests {
    @Test func honestFullPlanBundleVerifiesAndListsTheAttestedVerdicts() async throws {
        let dir = CLI.temporaryDirectory()
        let credential = try ReplayCLITests.signingCredential(in: dir)
        let bundle = dir.appendingPathComponent("bundle")
        let made = try await CLI.run(["run", "--plan", "full", "--out", dir.appendingPathComponent("r").path,
                                "--bundle", bundle.path, "--sign-cert", credential.pfx],
                               environment: ["MPASS_HARNESS_PASSWORD": "test-only-password"])
        #expect(FileManager.default.fileExists(atPath: bundle.appendingPathComponent("manifest.json.p7s").path),
                "\(made.stdout)\n\(made.stderr)")

        let verified = try await CLI.run(["report", "verify", bundle.path])
        #expect(verified.status == 0, "\(verified.stdout)\n\(verified.stderr)")
        #expect(verified.stdout.contains("VALID: "), "\(verified.stdout)")
        // No failed check (a check line starts with its outcome; "verdict:  FAIL" is the run's).
        #expect(!verified.stdout.split(separator: "\n").contains { $0.hasPrefix("FAIL ") }, "\(verified.stdout)")
        #expect(verified.stdout.contains("  plan:     full, "), "\(verified.stdout)")
        // Cases judged from what a recording does not hold: the external-entity listener's
        // connection (MPX-XML-01), the HTTP headers of a page (MPX-MSG-10). The Service's own
        // LogoutRequest held to named checks (MPX-SLO-22) is re-derived, not attested.
        let attested = try #require(verified.stdout.split(separator: "\n").first { $0.contains("verdict attested by the signer only: ") })
        #expect(attested.contains("MPX-XML-01"))
        #expect(attested.contains("MPX-MSG-10"))
        #expect(!attested.contains("MPX-SLO-22"))
        #expect(!attested.contains("TC_"), "chapter-9 verdicts are always rebuilt: \(attested)")
    }
}
