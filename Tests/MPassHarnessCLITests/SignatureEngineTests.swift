import Foundation
import MPassFuzzTargets
import MPassSAML
import Testing
import TestSupport

/// The fixed-profile signature path against xmlsec's, over every real message of the interop
/// corpus, every attack fixture of MPassSAMLTests and every fuzz seed: the verifier's checks
/// (verdicts and explanations) are identical whichever engine runs, and every acceptance of
/// the fixed-profile path is an xmlsec acceptance of exactly the same digested bytes and the
/// same canonical SignedInfo (xmlsec's stored pre-digest and pre-sign buffers).
@Suite(.temporaryDirectories) struct SignatureEngineTests {
    struct Sample: CustomStringConvertible {
        let name: String
        let data: Data
        let pinned: [Certificate]
        var description: String { name }
    }

    static let root = InteropCorpus.packageRoot

    /// Every message the comparison runs on, each with the certificates it is checked with.
    static func samples() throws -> [Sample] {
        var samples: [Sample] = []
        let corpus = try InteropCorpus.load()
        for message in corpus.manifest.messages {
            samples.append(Sample(name: "interop \(message.id)", data: try Data(contentsOf: corpus.url(message.file)),
                                  pinned: try CredentialLoader.loadCertificates(path: corpus.certificatePath(message))))
        }
        let keys = root.appendingPathComponent("Tests/MPassSAMLTests/Fixtures/keys")
        let fixtureCertificates = try ["idp", "service", "attacker"].flatMap {
            try CredentialLoader.loadCertificates(path: keys.appendingPathComponent("\($0).cert.pem").path)
        }
        let attacks = root.appendingPathComponent("Tests/MPassSAMLTests/Fixtures/attacks")
        for name in try FileManager.default.contentsOfDirectory(atPath: attacks.path).sorted() where name.hasSuffix(".xml") {
            samples.append(Sample(name: "attack \(name)", data: try Data(contentsOf: attacks.appendingPathComponent(name)), pinned: fixtureCertificates))
        }
        for target in [FuzzTarget.response, .request] {
            for url in FuzzRegressionTests.inputs(target) where url.pathExtension == "xml" {
                samples.append(Sample(name: "fuzz \(url.lastPathComponent)", data: try Data(contentsOf: url), pinned: [FuzzHarness.certificate]))
            }
        }
        return samples
    }

    /// Every element carrying a ds:Signature child: what some reader might verify.
    static func signedElements(_ document: XMLDocument) -> [XMLElement] {
        document.allElements().filter { $0.child("Signature", .ds) != nil }
    }

    static func policy(_ pinned: [Certificate], _ engine: SignatureEngine) -> SignaturePolicy {
        var policy = SignaturePolicy(pinnedCertificates: pinned, allowWeakAlgorithms: true)
        policy.engine = engine
        return policy
    }

    @Test func bothEnginesGiveTheSameChecksAndDigestTheSameBytes() throws {
        var fixedAccepts = 0
        var compared = 0
        var verdicts = 0
        var xmlsecOnly = 0
        for sample in try Self.samples() {
            // Each engine on a fresh parse: registering IDs mutates the document.
            guard let fixedDocument = try? SafeXMLParser().parse(sample.data),
                  let xmlsecDocument = try? SafeXMLParser().parse(sample.data) else { continue }
            let fixedElements = Self.signedElements(fixedDocument)
            let xmlsecElements = Self.signedElements(xmlsecDocument)
            try #require(fixedElements.count == xmlsecElements.count, "\(sample)")
            for (fixed, reference) in zip(fixedElements, xmlsecElements) {
                let scope = fixed.localName
                let viaFixed = SignatureVerifier(policy: Self.policy(sample.pinned, .fixedProfileThenXMLSec)).verify(fixed, checks: SignatureCheckIDs(scope: scope))
                let viaXMLSec = SignatureVerifier(policy: Self.policy(sample.pinned, .xmlsecOnly)).verify(reference, checks: SignatureCheckIDs(scope: scope))
                verdicts += 1
                #expect(viaFixed.checks == viaXMLSec.checks, "\(sample) \(scope): \(zip(viaFixed.checks, viaXMLSec.checks).first { $0 != $1 }.map { "\($0.0.line) vs \($0.1.line)" } ?? "different check counts")")
                #expect(viaFixed.isValid == viaXMLSec.isValid, "\(sample) \(scope)")
            }
            for element in fixedElements {
                for certificate in sample.pinned {
                    guard let comparison = SignatureVerifier.compareEngines(on: element, certificate: certificate) else { continue }
                    compared += 1
                    if comparison.fixedProfileAccepted { fixedAccepts += 1 }
                    if comparison.xmlsecAccepted && !comparison.fixedProfileAccepted { xmlsecOnly += 1 }
                    #expect(comparison.disagreement == nil, "\(sample) \(element.localName): \(comparison.disagreement ?? "")")
                }
            }
        }
        // Not vacuous: the corpus and the fixtures hold many signatures in MPass's profile.
        #expect(verdicts >= 100, "only \(verdicts) signed elements verified")
        #expect(compared >= 150, "only \(compared) engine comparisons")
        #expect(fixedAccepts >= 15, "the fixed-profile path accepted only \(fixedAccepts) signatures")
    }

    /// A message signed the way MPass signs is taken by the fixed-profile path, and what it
    /// digested is what xmlsec digested.
    @Test func mpassShapedSignatureIsVerifiedByTheFixedProfilePath() throws {
        let (document, certificate) = try Self.signedSeed()
        let comparison = try #require(SignatureVerifier.compareEngines(on: document.root, certificate: certificate))
        #expect(comparison.fixedProfileAccepted)
        #expect(comparison.xmlsecAccepted)
        #expect(comparison.disagreement == nil)
    }

    /// Outside the fixed profile the fast path never accepts on its own: each of these genuine
    /// signatures, changed in one way the profile does not cover, is left to xmlsec.
    @Test(arguments: [
        ("InclusiveNamespaces PrefixList", #"<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#,
         #"<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="ds"/></ds:Transform>"#),
        ("enveloped transform only", #"<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#, ""),
        ("SHA-1 digest", "http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ("a second Reference", "</ds:Reference>", "</ds:Reference><ds:Reference URI=\"\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>"),
        ("a changed digest", "<ds:DigestValue>", "<ds:DigestValue>AAAA"),
        ("changed content", #"Destination="https://service.example.md/mpass-login""#, #"Destination="https://service.example.md/mpass-logout""#),
    ])
    func outsideTheProfileIsLeftToXMLSec(change: String, from: String, to: String) throws {
        let text = try String(contentsOf: Self.seedURL, encoding: .utf8)
        let certificate = FuzzHarness.certificate
        #expect(text.contains(from), "the seed no longer holds \(from)")
        let changed = try SafeXMLParser().parse(text.replacingOccurrences(of: from, with: to))
        let comparison = try #require(SignatureVerifier.compareEngines(on: changed.root, certificate: certificate))
        #expect(!comparison.fixedProfileAccepted, "\(change)")
        #expect(comparison.disagreement == nil)
    }

    /// The fuzz seed signed by the fuzz signer, MPass's shape.
    static let seedURL = root.appendingPathComponent("fixtures/fuzz/response/seeds/response.xml")

    static func signedSeed() throws -> (XMLDocument, Certificate) {
        (try SafeXMLParser().parse(Data(contentsOf: seedURL)), FuzzHarness.certificate)
    }
}
