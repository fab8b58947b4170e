import Foundation
import MPassSAML
import TestSupport
import Vocabulary

/// The real-world corpus in `../shared/interop/` (beside the package root, read-only; see its
/// README): messages from five public SAML libraries' test suites, each with the library's
/// own verdict on its signature, and real IdP metadata. `MPASS_HARNESS_SHARED` points
/// elsewhere. A missing corpus is an error naming where it was looked for, never a skip.
struct InteropCorpus {
    struct Message: Decodable, CustomStringConvertible {
        let id: String
        let file: String
        let cert: String
        let message: String
        let sender: String
        /// The library's verdict: `valid`, `invalid`, `either`, `no-signature`, `valid-signed-part-only`.
        let expectedSignature: String
        let destination: String?
        let audience: String?
        let inResponseTo: String?
        let issuer: String?
        let nameID: String?
        let sessionIndex: String?
        let now: String?

        enum CodingKeys: String, CodingKey {
            case id, file, cert, message, sender, destination, audience, issuer, now
            case expectedSignature = "expected_signature"
            case inResponseTo = "in_response_to"
            case nameID = "name_id"
            case sessionIndex = "session_index"
        }

        var description: String { id }
    }

    struct Metadata: Decodable {
        let file: String
        let signingCertSHA256: String

        enum CodingKeys: String, CodingKey {
            case file
            case signingCertSHA256 = "signing_cert_sha256"
        }
    }

    struct Manifest: Decodable {
        let messages: [Message]
        let metadata: [Metadata]
    }

    static var packageRoot: URL { TestSupport.packageRoot }
    static var directory: URL { SharedFolder.directory.appendingPathComponent("interop") }

    let manifest: Manifest

    /// Reads the manifest; a missing corpus throws with the path looked at and the fix.
    static func load() throws -> InteropCorpus {
        let url = try SharedFolder.require("interop/manifest.json")
        return InteropCorpus(manifest: try decodeManifest(Manifest.self, at: url, fix: "the corpus is ../shared/interop, read-only"))
    }

    func url(_ relative: String) -> URL { Self.directory.appendingPathComponent(relative) }

    /// The certificate the message is checked with: `certs/NAME`, or `SHARED:path` under `../shared`.
    func certificatePath(_ message: Message) -> String {
        if message.cert.hasPrefix("SHARED:") {
            return SharedFolder.directory.appendingPathComponent(String(message.cert.dropFirst("SHARED:".count))).path
        }
        return url("certs/\(message.cert)").path
    }
}

/// The two ways the corpus is verified: MPass's profile (the defaults), and the most lenient
/// options `verify` has (an unsigned Response with a signed Assertion, SHA-1).
enum VerifyProfile: String, CaseIterable, CustomStringConvertible {
    case mpass, lenient
    var description: String { rawValue }

    var cliFlags: [String] {
        switch self {
        case .mpass: []
        case .lenient: ["--allow-unsigned-response", "--allow-sha1"]
        }
    }
}

extension InteropCorpus.Message {
    /// The `verify` arguments for this message: what the manifest says a strict check needs.
    func verifyArguments(corpus: InteropCorpus, profile: VerifyProfile) -> [String] {
        var arguments = ["verify", corpus.url(file).path, sender == "mpass" ? "--idp-cert" : "--sp-cert", corpus.certificatePath(self)]
        if let now { arguments += ["--now", now] }
        if let destination { arguments += ["--destination", destination] }
        if let audience { arguments += ["--audience", audience] }
        if let inResponseTo { arguments += ["--in-response-to", inResponseTo] }
        if let issuer { arguments += [sender == "mpass" ? "--idp-issuer" : "--issuer", issuer] }
        if let nameID, message == "LogoutRequest" { arguments += ["--name-id", nameID] }
        if let sessionIndex, message == "LogoutRequest" { arguments += ["--session-index", sessionIndex] }
        return arguments + profile.cliFlags + ["--format", "json"]
    }

    /// What `verify` does with those arguments, through the library (`MessageVerifier`, as
    /// `verify` calls it): the report, the NameID a Service would read (Responses), or the
    /// error that refused the input before any check.
    func verifyWithLibrary(corpus: InteropCorpus, profile: VerifyProfile) throws -> Result<(ValidationReport, String?), HarnessError> {
        let pinned = try CredentialLoader.loadCertificates(path: corpus.certificatePath(self))
        let now = self.now.flatMap { SAMLTime.parse($0)?.date } ?? Date()
        var verifier = MessageVerifier(window: TimeWindow(now: now, clockSkew: 180, messageLifetime: 600))
        if sender == "mpass" {
            verifier.idpCertificates = pinned
            verifier.idpIssuer = issuer
        } else {
            verifier.spCertificates = pinned
            verifier.serviceIssuer = issuer
        }
        verifier.destination = destination
        verifier.audience = audience
        verifier.outstandingRequestIDs = inResponseTo.map { [$0] }
        if message == "LogoutRequest" {
            verifier.nameID = nameID
            verifier.sessionIndex = sessionIndex
        }
        verifier.requireSignedResponse = profile != .lenient
        verifier.allowWeakAlgorithms = profile == .lenient
        do {
            let verification = try verifier.verify(try MessageInput.decode(try Data(contentsOf: corpus.url(file))))
            return .success((verification.report, verification.assertion?.subject?.nameID?.value))
        } catch let error as HarnessError {
            return .failure(error)
        }
    }
}
