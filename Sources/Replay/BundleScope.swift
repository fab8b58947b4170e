import CaseCatalogue
import Evidence
import Foundation
import HarnessModel
import MPassSAML

/// What a verified bundle is about, and what it can and cannot prove, in sentences for the
/// person at AGE (`report verify` prints them).
///
/// Trust model: the bundle's signature says who made it, nothing more. A simulator run's
/// evidence was made by the harness on the beneficiary's machine, playing MPass with a key
/// made for the run: every exchange is attested by the signer only. A staging run's evidence
/// holds Responses and LogoutRequests signed by MPass staging, which `report verify` checks
/// against the pinned staging certificate: those messages came from MPass staging. What the
/// Service did with them (pages, redirects, cookies) was recorded by the beneficiary's browser
/// and is attested by the signer only.
public struct BundleScope: Sendable {
    public var serviceName: String
    public var serviceBaseURL: String
    public var serviceIssuer: String?
    public var idpKind: IdentityProviderKind
    public var idpBaseURL: String
    public var plan: String
    public var caseCount: Int
    /// The run's verdict, as the rebuilt cases give it.
    public var verdict: RunVerdict
    public var startedAt: Date
    public var finishedAt: Date
    /// Chapter 9 cases the evidence does not hold.
    public var chapter9Missing: [String]
    public var proves: [String]
    public var cannotProve: [String]
    /// Cases whose verdict the replay cannot re-derive from the evidence (`AttestedVerdict`).
    public var attested: [String]

    init(evidence: ReportVerifier.Evidence, signer: SignerFacts?, attested: [String] = []) {
        let report = evidence.report
        serviceName = report.target.name
        serviceBaseURL = report.target.baseURL
        serviceIssuer = report.target.issuer
        idpKind = report.idp.kind
        idpBaseURL = report.idp.baseURL
        plan = report.plan
        caseCount = report.cases.count
        verdict = report.verdict
        startedAt = report.startedAt
        finishedAt = report.finishedAt
        let present = Set(report.cases.map(\.id))
        chapter9Missing = Chapter9.cases.map(\.id).filter { !present.contains($0) }

        let who = signer.map { "\($0.subject) (serial \($0.serialHex))" } ?? "nobody AGE can identify"
        var proves = ["the report is what its evidence gives when replayed by this harness: cases, verdicts\(attested.isEmpty ? "" : " (but those listed below as attested)"), severities (from the catalogue), plan, Service and MPass"]
        var cannotProve: [String] = []
        switch report.idp.kind {
        case .staging where evidence.stagingPinned:
            proves.append("\(evidence.idpMessagesVerified) of \(evidence.idpMessages) messages from MPass carry MPass staging's signature, checked against the pinned staging certificate: these exchanges happened with MPass staging")
            cannotProve.append("what the Service did with MPass's messages (its pages, redirects and sessions) was recorded by the beneficiary and is attested by the signer, \(who), only")
        case .staging:
            cannotProve.append("the evidence names MPass staging, but its messages are not checked against the pinned staging certificate: nothing shows they came from MPass")
        case .simulator:
            cannotProve.append("this is a simulator run on the beneficiary's machine: every exchange, the Service's answers included, is attested by the signer, \(who), only; nothing in it comes from MPass or from AGE. To know the deployed Service behaves so, run the harness against its staging deployment yourself")
        }
        if plan == "replay" {
            cannotProve.append("a replay of recordings proves only the cases the recordings show; it has no plan, so a flow left out of the recording leaves no trace")
        }
        if !chapter9Missing.isEmpty {
            cannotProve.append("chapter 9 is not covered: no evidence for \(chapter9Missing.joined(separator: ", "))")
        }
        if !attested.isEmpty {
            cannotProve.append("verdict attested by the signer only: \(attested.joined(separator: " ")) (the replay cannot re-derive these cases from a recording: they need what only the live run saw; their exchanges are in the evidence and show nothing against the verdict)")
        }
        cannotProve.append("the cases' prose (observed, reason, steps) is the run's own account; verdicts are rebuilt, words are not")
        self.proves = proves
        self.cannotProve = cannotProve
        self.attested = attested
    }
}
