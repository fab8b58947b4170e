import CaseCatalogue
import Evidence
import Foundation
import MPassSAML
import HarnessModel
import Replay
import Testing
import TestSupport

/// `report verify` on an honest full-plan run: the cases the replay cannot re-derive from a
/// recording are attested by the signer only, listed as such, and still held to what their
/// exchanges show.
@Suite(.serialized, .timeLimit(.minutes(30)), .temporaryDirectories) struct AttestedVerdictTests {
    /// The weakness of the reference Service the run is made with: it accepts a Response whose
    /// ID it already accepted, so the ID-reuse refusals fail honestly, with a session opened.
    static let weakness = "allowReplay"
    /// A refusal the weakness breaks, which the replay re-derives: the evidence shows the second
    /// Response reusing the first one's ID, and the session it opened.
    static let brokenRefusal = "MPX-RPL-05"
    /// A case the replay cannot re-derive from any recording (an HTTP observation).
    static let attestedCase = "MPX-MSG-10"

    /// `run --plan full` of the built binary against its embedded reference Service: the
    /// run's own report.json and evidence/run.har. Made once; the tests await it (off the
    /// cooperative pool) instead of blocking a thread of it for the whole run.
    static let fullRun = Task { () -> URL? in
        // Read by several tests: kept until the test process exits, not removed after the first.
        guard let folder = try? makeProcessTemporaryDirectory("mpass-replay-full-run") else { return nil }
        let out = folder.appendingPathComponent("run")
        guard (try? await ChildProcess.runOffPool(harnessBinary, ["run", "--plan", "full", "--weakness", weakness, "--out", out.path],
                                                  timeout: 1200)) != nil else { return nil }
        return FileManager.default.fileExists(atPath: out.appendingPathComponent("evidence/run.har").path) ? out : nil
    }

    /// The run's report and evidence as `run --bundle` signs them.
    static func honestBundle() async throws -> URL {
        let run = try #require(await fullRun.value, "the full-plan run of \(harnessBinary.path) made no evidence")
        let report = try ReportJSON.decode(Data(contentsOf: run.appendingPathComponent("report.json")))
        let har = try Data(contentsOf: run.appendingPathComponent("evidence/run.har"))
        let directory = FixturePaths.temporaryDirectory().appendingPathComponent("bundle")
        try ComplianceBundle.write(report: report, evidence: ["run.har": har], identity: ReportVerifierTests.signer,
                                   createdAt: Date(), to: directory)
        return directory
    }

    @Test func honestFullPlanBundleIsValidAndNamesTheAttestedCases() async throws {
        let verification = try ReportVerifier.verify(try await Self.honestBundle(), expectSerial: ReportVerifierTests.signer.certificate.serialHex)
        #expect(verification.isValid, "\(verification.allChecks.filter(\.isFailure).map(\.line))")
        #expect(verification.claimed?.plan == "full")
        #expect(verification.claimed?.cases.first { $0.id == Self.brokenRefusal }?.verdict == .fail)
        // The case the weakness broke is re-derived from the evidence, not attested.
        #expect(!verification.attested.contains(Self.brokenRefusal))
        #expect(verification.replayed?.cases.first { $0.id == Self.brokenRefusal }?.verdict == .fail)
        let scope = try #require(verification.scope)
        let line = try #require(scope.cannotProve.first { $0.hasPrefix("verdict attested by the signer only: ") })
        #expect(line.contains(Self.attestedCase))
        #expect(!line.contains(Self.brokenRefusal))
        // Chapter 9 is never attested: the replay re-derives each of its cases.
        for id in Chapter9.cases.map(\.id) { #expect(!verification.attested.contains(id), "\(id)") }
        #expect(verification.checks.contains { $0.id == CheckID.reportSummary && $0.isPass })
    }

    @Test func attestedRefusalTurnedToPassAgainstItsEvidenceIsRefused() async throws {
        let bundle = try BundleTamperingTests.resigned(try await Self.honestBundle()) { contents in
            try contents.editCase(Self.brokenRefusal) { $0.verdict = .pass }
        }
        let verification = try ReportVerifier.verify(bundle, expectSerial: ReportVerifierTests.signer.certificate.serialHex)
        let failures = verification.allChecks.filter(\.isFailure)
        #expect(!verification.isValid)
        #expect(!failures.contains { $0.id.rawValue.hasPrefix("bundle.") }, "\(failures.map(\.line))")
        #expect(failures.contains { $0.id == CheckID.reportVerdict && $0.result.detail.hasPrefix("\(Self.brokenRefusal): the report says pass") },
                "\(failures.map(\.line))")
        #expect(!verification.attested.contains(Self.brokenRefusal))
    }

    /// Cases the replay now re-derives, one per way: a redelivered Response (MPX-RPL-01), an
    /// Assertion ID reused (MPX-RPL-06), MPass's faulty LogoutRequest refused (MPX-SLO-01), its
    /// ID reused (MPX-SLO-12), the Service's own messages held to named checks (MPX-SLO-18,
    /// MPX-MSG-03). Each verdict turned to another and re-signed: INVALID, naming the case.
    @Test(arguments: ["MPX-RPL-01", "MPX-RPL-06", "MPX-SLO-01", "MPX-SLO-12", "MPX-SLO-18", "MPX-MSG-03"])
    func rederivedVerdictTamperedIsRefused(id: String) async throws {
        let honest = try await Self.honestBundle()
        let claimed = try ReportJSON.decode(Data(contentsOf: honest.appendingPathComponent(ReportJSON.fileName)))
        let original = try #require(claimed.cases.first { $0.id == id }?.verdict)
        let tampered: CaseVerdict = original == .pass ? .fail : .pass
        let bundle = try BundleTamperingTests.resigned(honest) { contents in
            try contents.editCase(id) { $0.verdict = tampered }
        }
        let verification = try ReportVerifier.verify(bundle, expectSerial: ReportVerifierTests.signer.certificate.serialHex)
        let failures = verification.allChecks.filter(\.isFailure)
        #expect(!verification.isValid)
        #expect(failures.contains { $0.id == CheckID.reportVerdict && $0.result.detail.hasPrefix("\(id): the report says \(tampered.rawValue)") },
                "\(failures.map(\.line))")
        #expect(!verification.attested.contains(id))
    }

    @Test func attestedCaseWhoseExchangesAreGoneIsRefused() async throws {
        let bundle = try BundleTamperingTests.resigned(try await Self.honestBundle()) { contents in
            contents.entries.removeAll { $0["_case"] as? String == Self.brokenRefusal }
        }
        let verification = try ReportVerifier.verify(bundle)
        let failures = verification.allChecks.filter(\.isFailure)
        #expect(!verification.isValid)
        #expect(failures.contains { $0.result.detail.contains(Self.brokenRefusal) }, "\(failures.map(\.line))")
    }
}
