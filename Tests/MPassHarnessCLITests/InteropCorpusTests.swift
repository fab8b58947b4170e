import Foundation
import MPassSAML
import Testing
import TestSupport

/// `verify` (the binary, and the library calls it wraps) and `metadata idp` over every real
/// message of `../shared/interop/`, in MPass's profile and in the most lenient options.
///
/// The rule (the corpus README): a message the library that wrote it calls invalid is never
/// accepted; a library-valid one is accepted leniently, or refused by a check of MPass's
/// stricter profile whose reason says exactly that profile rule.
@Suite(.serialized, .timeLimit(.minutes(20)), .temporaryDirectories) struct InteropCorpusTests {
    /// The checks by which MPass's profile is stricter than a general SAML library about a
    /// signature, with the words each must use when it refuses a message whose signature the
    /// library that made it calls valid. (Content checks, such as Destination or the time
    /// window, judge the message against this test's values, not the signature: not judged here.)
    static let profileRules: [(idSuffix: String, says: [String])] = [
        // MPass signs the Response (security considerations 1); lenient mode accepts a signed Assertion alone.
        ("response.signature.present", ["carries no ds:Signature"]),
        ("message.signed", ["no valid signature from a pinned certificate covers what would be read"]),
        ("signature.position", ["the schema puts it right after Issuer"]),
        ("signature.signed-info", ["ds:Signature must"]),
        ("signature.canonicalization", ["only exclusive c14n without comments"]),
        ("signature.algorithm", ["MPass signs with rsa-sha256"]),
        ("signature.digest-algorithm", ["MPass digests with sha256"]),
        ("signature.reference-count", ["exactly one is allowed"]),
        ("signature.reference-targets-root", ["the signature must cover the very element that is read"]),
        ("signature.transforms", ["only enveloped-signature and exclusive c14n are allowed"]),
        // KeyInfo carrying a certificate other than the pinned one (a chain, another signer).
        ("signature.key-info", ["which is not a pinned certificate", "other certificate"]),
        // The only refusal of a cryptographically valid signature: a pinned key too small to trust.
        ("signature.value", ["under 2048 bits"]),
        ("document.ids-unique", ["appear on more than one element"]),
        ("response.assertion-count", ["Assertion"]),
    ]

    /// Whether a check is about the signature (what the library's verdict covers).
    static func isSignatureCheck(_ check: CheckResult) -> Bool {
        check.id.rawValue.contains(".signature.") || [CheckID.messageSigned, CheckID.documentIDsUnique, CheckID.responseAssertionCount].contains(check.id)
    }

    static func profileRule(for check: CheckResult) -> (idSuffix: String, says: [String])? {
        profileRules.first { check.id.rawValue.hasSuffix($0.idSuffix) }
    }

    /// The NameID text as written, comments dropped: what a reader of the signed element must see.
    static func writtenNameID(_ data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        guard let open = text.range(of: #"<(\w+:)?NameID[^>]*>"#, options: .regularExpression),
              let close = text.range(of: #"</(\w+:)?NameID>"#, options: .regularExpression, range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
            .replacingOccurrences(of: #"<!--.*?-->"#, with: "", options: .regularExpression)
    }

    @Test func corpusIsBesideThePackage() throws {
        let corpus = try InteropCorpus.load()
        #expect(corpus.manifest.messages.count >= 70, "the manifest lists \(corpus.manifest.messages.count) messages")
        #expect(corpus.manifest.metadata.count >= 6)
    }

    @Test(arguments: VerifyProfile.allCases)
    func libraryVerdictsAgreeWithTheLibrariesThatWroteThem(profile: VerifyProfile) throws {
        let corpus = try InteropCorpus.load()
        var accepted = 0, refusedByProfile = 0
        for message in corpus.manifest.messages {
            let outcome = try message.verifyWithLibrary(corpus: corpus, profile: profile)
            switch message.expectedSignature {
            case "valid":
                switch outcome {
                case .failure(let error):
                    Issue.record("\(message.id) [\(profile)]: a library-valid message was refused before any check: \(error)")
                case .success(let (report, _)):
                    if report.isValid { accepted += 1; continue }
                    refusedByProfile += 1
                    for failure in report.failures where Self.isSignatureCheck(failure) {
                        guard let rule = Self.profileRule(for: failure) else {
                            Issue.record("\(message.id) [\(profile)]: a library-valid signature refused by \(failure.id), which is no MPass-profile rule: \(failure.line)")
                            continue
                        }
                        // signature.value: the cryptography must agree with the library that made the message.
                        #expect(rule.says.contains { failure.detail.contains($0) },
                                "\(message.id) [\(profile)]: \(failure.id) must say \(rule.says); it says: \(failure.detail)")
                    }
                }
            case "either":
                // The library may accept or refuse; if we accept, what we read is the whole NameID.
                if case .success(let (report, nameID)) = outcome, report.isValid {
                    let written = Self.writtenNameID(try Data(contentsOf: corpus.url(message.file)))
                    #expect(nameID != nil && nameID == written, "\(message.id) [\(profile)]: read NameID \(nameID ?? "nil"), the signed one is \(written ?? "nil")")
                }
            default:
                // invalid, no-signature, valid-signed-part-only (a wrapping shape), an entity bomb.
                if case .success(let (report, nameID)) = outcome {
                    #expect(!report.isValid,
                            "\(message.id) [\(profile)]: the library says \(message.expectedSignature), yet it was accepted (NameID \(nameID ?? "nil"))")
                    #expect(nameID == nil)
                }
            }
        }
        // The corpus holds MPass-shaped messages that must pass; a verifier refusing
        // everything must not look like agreement.
        #expect(accepted >= (profile == .mpass ? 5 : 10), "[\(profile)] only \(accepted) library-valid messages accepted")
        _ = refusedByProfile
    }

    /// The binary gives the library's verdict: exit 0 valid, 1 invalid, 65 refused before any
    /// check (then JSON on stdout all the same), and the same checks in the JSON.
    @Test(arguments: VerifyProfile.allCases)
    func verifyCommandGivesTheLibraryVerdict(profile: VerifyProfile) async throws {
        let corpus = try InteropCorpus.load()
        for message in corpus.manifest.messages {
            let result = try await CLI.run(message.verifyArguments(corpus: corpus, profile: profile))
            let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(json != nil, "\(message.id) [\(profile)]: stdout is not JSON: \(result.stdout.prefix(200)) / \(result.stderr.prefix(200))")
            switch try message.verifyWithLibrary(corpus: corpus, profile: profile) {
            case .failure(let error):
                #expect(result.status == 65, "\(message.id) [\(profile)]: exit \(result.status) for an input refused with \(error.code)")
                #expect((json?["error"] as? [String: Any])?["code"] as? String == error.code.rawValue)
                #expect(json?["valid"] as? Bool == false)
            case .success(let (report, _)):
                #expect(result.status == (report.isValid ? 0 : 1), "\(message.id) [\(profile)]: exit \(result.status); \(result.stderr.prefix(300))")
                let checks = (json?["checks"] as? [[String: Any]] ?? []).map { "\($0["outcome"] ?? "") \($0["id"] ?? "")" }
                #expect(checks == report.checks.map { "\($0.outcomeCode) \($0.id)" }, "\(message.id) [\(profile)]")
            }
        }
    }

    /// Real IdP metadata (Okta, Google, OneLogin, Shibboleth, a key rollover): read, every
    /// signing certificate listed once with the pinned one marked; a finding is exit 1, never 65.
    @Test func metadataIdPReadsRealMetadata() async throws {
        let corpus = try InteropCorpus.load()
        for entry in corpus.manifest.metadata {
            let path = corpus.url(entry.file).path
            let result = try await CLI.run(["metadata", "idp", path, "--pin", entry.signingCertSHA256])
            #expect([0, 1].contains(result.status), "\(entry.file): exit \(result.status): \(result.stderr)")
            let certificateLines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("signing cert") }
            #expect(Set(certificateLines).count == certificateLines.count, "\(entry.file): a certificate listed twice: \(certificateLines)")
            #expect(certificateLines.filter { $0.contains(entry.signingCertSHA256) && $0.hasSuffix("(pinned)") }.count == 1,
                    "\(entry.file): the pinned certificate is not marked once: \(certificateLines) / \(result.stderr)")
            // Every failure is one a real, non-MPass IdP explains: no SLO, old certificates or metadata.
            let allowed = [CheckID.metadataSingleLogoutService, CheckID.metadataSigningCertificateValidity, CheckID.metadataValidUntil]
            for line in result.stdout.split(separator: "\n") where line.hasPrefix("FAIL ") {
                #expect(allowed.contains { line.hasPrefix("FAIL \($0):") }, "\(entry.file): \(line)")
            }
        }
    }

    @Test func metadataIdPWithAnotherPinIsAFinding() async throws {
        let corpus = try InteropCorpus.load()
        let entry = try #require(corpus.manifest.metadata.first)
        let other = String(repeating: "AB:", count: 31) + "AB"
        let result = try await CLI.run(["metadata", "idp", corpus.url(entry.file).path, "--pin", other])
        #expect(result.status == 1)
        #expect(result.stderr.contains("does not have the pinned fingerprint"))
        #expect(result.stderr.contains(entry.signingCertSHA256))
    }

    /// A key rollover: several signing certificates, each listed once, only the pinned trusted.
    @Test func metadataIdPListsEverySigningCertificateOnce() async throws {
        let corpus = try InteropCorpus.load()
        let path = corpus.url("metadata/py3-idp_metadata_multi_signing_certs.xml").path
        let entry = try #require(corpus.manifest.metadata.first { $0.file.hasSuffix("multi_signing_certs.xml") })
        let result = try await CLI.run(["metadata", "idp", path, "--pin", entry.signingCertSHA256])
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix("signing cert") }
        #expect(lines.count >= 2, "\(result.stdout)")
        #expect(lines.filter { $0.hasSuffix("(pinned)") }.count == 1)
        #expect(lines.filter { $0.hasSuffix("(not pinned, not trusted)") }.count == lines.count - 1)
    }

    @Test func metadataIdPExitCodes() async throws {
        let directory = CLI.temporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.xml")
        try Data("this is not XML".utf8).write(to: garbage)
        let undecodable = try await CLI.run(["metadata", "idp", garbage.path])
        #expect(undecodable.status == 65, "\(undecodable.stderr)")
        let notMetadata = directory.appendingPathComponent("other.xml")
        try Data("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>".utf8).write(to: notMetadata)
        let refused = try await CLI.run(["metadata", "idp", notMetadata.path])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("md:EntityDescriptor"))
    }

    /// `--format json` prints JSON on stdout also for input refused before any check.
    @Test func verifyJSONForInputRefusedBeforeParsing() async throws {
        let directory = CLI.temporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.txt")
        try Data("%%% not a message %%%".utf8).write(to: garbage)
        for (arguments, status, code) in [
            (["verify", garbage.path], Int32(65), "binding.bad-base64"),
            (["verify", directory.appendingPathComponent("absent.xml").path], 66, "input.file-unreadable"),
            (["verify", "--base64", Data("<lolz/>".utf8).base64EncodedString()], 65, "xml.wrong-root"),
        ] {
            let result = try await CLI.run(arguments + ["--format", "json"])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                    "\(arguments): stdout \(result.stdout)")
            #expect(json["valid"] as? Bool == false)
            #expect((json["error"] as? [String: Any])?["code"] as? String == code, "\(json)")
            #expect(result.stderr.contains("error:"))
        }
    }
}
