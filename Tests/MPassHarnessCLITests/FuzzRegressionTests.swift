import Foundation
import MPassFuzzTargets
import MPassSAML
import Testing
import TestSupport

/// Every input kept under `fixtures/fuzz/<target>/` (the seeds, and each crash or oracle
/// disagreement `scripts/fuzz` found) replayed through the same fuzz target functions, with
/// the xmlsec1 oracle on; and the oracle over the whole interop corpus.
@Suite(.temporaryDirectories, .timeLimit(.minutes(5))) struct FuzzRegressionTests {
    static let fuzzDirectory = InteropCorpus.packageRoot.appendingPathComponent("fixtures/fuzz")

    static func inputs(_ target: FuzzTarget) -> [URL] {
        ["seeds", "crashes"].flatMap { folder -> [URL] in
            let directory = fuzzDirectory.appendingPathComponent("\(target.rawValue)/\(folder)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
        }
    }

    static func oracle() throws -> XMLSecOracle {
        try #require(XMLSecOracle(), "xmlsec1 is missing: the differential oracle needs it (scripts/setup installs it)")
    }

    @Test(arguments: FuzzTarget.allCases)
    func savedInputsReplayWithoutFinding(target: FuzzTarget) throws {
        let inputs = Self.inputs(target)
        #expect(!inputs.isEmpty, "no seeds in fixtures/fuzz/\(target.rawValue)/seeds (fixtures/fuzz/make-seeds makes them)")
        let oracle = try Self.oracle()
        for input in inputs {
            #expect(throws: Never.self, "\(input.lastPathComponent)") {
                try FuzzHarness.run(target, Data(contentsOf: input), oracle: oracle)
            }
        }
    }

    /// The seeds are signed by the fixed fuzz signer, so the fuzzer starts from accepted
    /// messages, where the oracle runs; a stale seed set would leave it idle.
    @Test func signedSeedsAreAcceptedAndTheOracleAgrees() throws {
        let oracle = try Self.oracle()
        let policy = SignaturePolicy(pinnedCertificates: [FuzzHarness.certificate])
        var accepted = 0
        for target in [FuzzTarget.response, .request] {
            for input in Self.inputs(target) where input.pathExtension == "xml" {
                let data = try Data(contentsOf: input)
                guard let document = try? SafeXMLParser().parse(data) else { continue }
                let verification = SignatureVerifier(policy: policy).verify(document.root, checks: SignatureCheckIDs(scope: "seed"))
                guard let signed = verification.signedElement else { continue }
                accepted += 1
                #expect(oracle.disagreement(input: data, signedElement: signed, certificatePEM: FuzzHarness.certificate.pem) == nil,
                        "\(input.lastPathComponent)")
            }
        }
        #expect(accepted >= 4, "only \(accepted) seeds verify with the fuzz signer's certificate; re-run fixtures/fuzz/make-seeds")
    }

    /// The oracle can say no: a signature made by one key, checked against another certificate.
    @Test func oracleRefusesAnotherKey() throws {
        let oracle = try Self.oracle()
        let corpus = try InteropCorpus.load()
        let data = try Data(contentsOf: corpus.url("corpus/shape-netlib-response.xml"))
        let document = try SafeXMLParser().parse(data)
        let pinned = try CredentialLoader.loadCertificates(path: corpus.url("certs/throwaway-shapes.pem").path)
        let verification = SignatureVerifier(policy: SignaturePolicy(pinnedCertificates: pinned)).verify(document.root, checks: SignatureCheckIDs(scope: "response"))
        let signed = try #require(verification.signedElement)
        #expect(oracle.disagreement(input: data, signedElement: signed, certificatePEM: pinned[0].pem) == nil)
        let other = try CredentialLoader.loadCertificates(path: corpus.url("certs/nodesaml-cert.pem").path)[0]
        #expect(oracle.disagreement(input: data, signedElement: signed, certificatePEM: other.pem)?.contains("refuses") == true)
    }

    /// Every signature our verifier accepts in the interop corpus (either profile), xmlsec1
    /// accepts too, and it digested exactly the element our verifier hands to the reader.
    @Test func xmlsec1AgreesWithEveryAcceptanceInTheInteropCorpus() throws {
        let oracle = try Self.oracle()
        let corpus = try InteropCorpus.load()
        var crossChecked = 0
        for message in corpus.manifest.messages {
            let pinned = try CredentialLoader.loadCertificates(path: corpus.certificatePath(message))
            let data = try Data(contentsOf: corpus.url(message.file))
            guard let document = try? SafeXMLParser().parse(data) else { continue }
            let verifier = SignatureVerifier(policy: SignaturePolicy(pinnedCertificates: pinned, allowWeakAlgorithms: true))
            var candidates = [document.root]
            candidates += document.root.children("Assertion", .saml)
            for element in candidates where element.child("Signature", .ds) != nil {
                guard let signed = verifier.verify(element, checks: SignatureCheckIDs(scope: element.localName)).signedElement else { continue }
                crossChecked += 1
                let disagreement = oracle.disagreement(input: data, signedElement: signed, certificatePEM: pinned[0].pem)
                #expect(disagreement == nil, "\(message.id) \(element.localName): \(disagreement ?? "")")
            }
        }
        #expect(crossChecked >= 10, "only \(crossChecked) signatures accepted in the corpus")
    }
}
