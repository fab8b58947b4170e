import Evidence
import Foundation
import HarnessModel
import MPassSAML
@testable import Replay
import Testing
import TestSupport

/// MPass's own algorithm (issue 10.7): a recording whose MPass Response is signed with
/// RSA-SHA1 and a SHA-1 digest by the pinned key is judged as usual, the algorithm checks
/// saying WARN; `--strict-idp-algorithm` makes them fail. The Service's own SHA-1 message
/// is refused either way.
@Suite(.serialized, .temporaryDirectories) struct IdPAlgorithmReplayTests {
    static let mpassKey: SigningIdentity? = try? TestCredentialFactory.make(.init(commonName: "replay test MPass (SHA-1)"))
    static let serviceKey: SigningIdentity? = try? TestCredentialFactory.make(.init(commonName: "replay test Service (SHA-1)"))

    /// The form field `field` of the first POST body carrying it, re-signed by `identity`
    /// with RSA-SHA1 and a SHA-1 digest (every Signature it held replaced, innermost first);
    /// the auto-submitting page that carried the same value is rewritten to match.
    static func resignSHA1(_ recording: inout Recording, field: String, identity: SigningIdentity) throws {
        let index = try #require(recording.har.log.entries.firstIndex { $0.request.postData?.text.hasPrefix("\(field)=") == true })
        let body = try #require(recording.har.log.entries[index].request.postData?.text)
        var fields = body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], (parts.count > 1 ? parts[1] : "").replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "")
        }
        let position = try #require(fields.firstIndex { $0.0 == field })
        let xml = try #require(Data(base64Encoded: fields[position].1))
        let document = try SafeXMLParser().parse(xml)
        let signer = XMLSigner(identity: identity, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1, includeKeyInfo: true)
        if let assertion = document.root.child("Assertion", .saml), let signature = assertion.child("Signature", .ds) {
            signature.remove()
            try signer.sign(assertion)
        }
        document.root.child("Signature", .ds)?.remove()
        try signer.sign(document.root)
        let original = fields[position].1
        fields[position].1 = document.serialized().base64EncodedString()
        for entry in recording.har.log.entries.indices {
            if let page = recording.har.log.entries[entry].response.content.text, page.contains(original) {
                recording.har.log.entries[entry].response.content.text = page.replacingOccurrences(of: original, with: fields[position].1)
            }
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        recording.har.log.entries[index].request.postData?.text = fields
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    /// `run-pass` with its Response re-signed with SHA-1 by a key the test pins (beside the
    /// recorded MPass certificate, which signed its logout messages).
    static func sha1Recording(alsoServiceSHA1: Bool = false) throws -> (Recording, ReplayOverrides) {
        let path = FixturePaths.recordings.appendingPathComponent("run-pass.har").path
        var recording = try RecordingReader.read(file: path)
        let mpass = try #require(mpassKey)
        try resignSHA1(&recording, field: "SAMLResponse", identity: mpass)
        let recorded = (recording.har.log.harnessRun?.identityProvider.certificates ?? []).compactMap { try? Certificate(base64Encoded: $0) }
        var overrides = ReplayOverrides(identityProviderCertificates: recorded + [mpass.certificate])
        if alsoServiceSHA1 {
            let service = try #require(serviceKey)
            try resignSHA1(&recording, field: "SAMLRequest", identity: service)
            let recordedService = (recording.har.log.harnessRun?.service.certificates ?? []).compactMap { try? Certificate(base64Encoded: $0) }
            overrides.serviceCertificates = recordedService + [service.certificate]
        }
        return (recording, overrides)
    }

    static func checks(_ report: RunReport, kind: String, id: String) -> [CheckResult] {
        report.cases.flatMap(\.messages).filter { $0.kind == kind }.flatMap(\.checks.checks).filter { $0.id.rawValue == id }
    }

    @Test func mpassSHA1IsAWarningAndTheCasesAreJudged() throws {
        let (recording, overrides) = try Self.sha1Recording()
        let outcome = try ReplayEngine(overrides: overrides).replay([recording])
        let algorithm = Self.checks(outcome.report, kind: "Response", id: "response.signature.algorithm")
        // The re-signed Response warns; every other Response of the recording is SHA-256.
        #expect(algorithm.contains { $0.isWarning && $0.detail.contains("MPass signs with rsa-sha1") }, "\(algorithm.map(\.line))")
        #expect(!algorithm.contains { $0.isFailure }, "\(algorithm.map(\.line))")
        let digest = Self.checks(outcome.report, kind: "Response", id: "response.signature.digest-algorithm")
        #expect(digest.contains { $0.isWarning } && !digest.contains { $0.isFailure }, "\(digest.map(\.line))")
        // Judged as the unaltered recording was (fixtures/verdicts/run-pass.txt).
        let verdicts = outcome.report.cases.map { "\($0.id) \($0.verdict.rawValue)" }
        #expect(verdicts == (try FixturePaths.expectedVerdicts(for: "run-pass.har")),
                "\(outcome.report.cases.map { "\($0.id) \($0.verdict.rawValue): \($0.reason)" })")
        // Visible in report.json and on the console.
        let json = String(decoding: try ReportJSON.encode(outcome.report), as: UTF8.self)
        #expect(json.contains("\"outcome\" : \"warn\"") || json.contains("\"outcome\":\"warn\""))
        #expect(outcome.notes.contains { $0.contains("MPass signs with RSA-SHA1") })
    }

    @Test func strictIdPAlgorithmFailsIt() throws {
        var (recording, overrides) = try Self.sha1Recording()
        overrides.strictIdentityProviderAlgorithm = true
        let outcome = try ReplayEngine(overrides: overrides).replay([recording])
        let algorithm = Self.checks(outcome.report, kind: "Response", id: "response.signature.algorithm")
        #expect(algorithm.contains { $0.isFailure }, "\(algorithm.map(\.line))")
        #expect(!algorithm.contains { $0.isWarning }, "\(algorithm.map(\.line))")
        let login = try #require(outcome.report.cases.first { $0.id == "TC_FUNCT_01" })
        #expect(login.verdict != .pass, "\(login.verdict): \(login.reason)")
    }

    @Test func theServicesSHA1AuthnRequestIsStillRefused() throws {
        let (recording, overrides) = try Self.sha1Recording(alsoServiceSHA1: true)
        let outcome = try ReplayEngine(overrides: overrides).replay([recording])
        let request = Self.checks(outcome.report, kind: "AuthnRequest", id: "authn-request.signature.algorithm")
        // Never a WARN for the Service: its SHA-1 AuthnRequest fails.
        #expect(request.contains { $0.isFailure }, "\(request.map(\.line))")
        #expect(!request.contains { $0.isWarning }, "\(request.map(\.line))")
        let login = try #require(outcome.report.cases.first { $0.id == "TC_FUNCT_01" })
        #expect(login.verdict == .fail, "\(login.verdict): \(login.reason)")
        // MPass's Response, in the same recording, still only warns.
        #expect(Self.checks(outcome.report, kind: "Response", id: "response.signature.algorithm").contains { $0.isWarning })
    }
}
