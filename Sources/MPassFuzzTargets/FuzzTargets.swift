import Foundation
#if !MPASS_FUZZ_CORE_ONLY
import MPassSAML
#endif

/// The libFuzzer targets of `scripts/fuzz`, as plain functions: the fuzz binary calls them on
/// every input, and a normal test replays every saved crash and seed through them.
///
/// Built two ways: as this SwiftPM library (the regression test), and by `scripts/fuzz` with
/// everything it depends on under `--sanitize fuzzer --sanitize address` in its own scratch
/// path, with `MPASS_FUZZ_LIBFUZZER` defined (FuzzEntry.swift), linked into one binary.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The safe XML parser, and every view of what it returns.
    case parser
    /// Response validation with the fixed key (signature, Assertion, every check).
    case response
    /// AuthnRequest, LogoutRequest and LogoutResponse validation with the fixed key.
    case request
    /// The HTTP-Redirect decoder and its query-signature check.
    case redirect
    /// HAR recordings (the harness's own, Chrome's, Firefox's): `RecordingReader`, the HAR
    /// round trip through `HARWriter`, and the offline replay.
    case har
    /// SAML-tracer JSON exports: the same reader's other branch, its conversion to HAR, the replay.
    case samltracer
    /// Target descriptions (YAML): `TargetDescription.parse`, the target loader over Yams.
    case target
}

/// A broken invariant found on one input: the fuzz binary aborts on it (so libFuzzer keeps the
/// input), and the regression test fails on it.
public struct FuzzFinding: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

public enum FuzzHarness {
    /// The instant the seeds were signed at (`fixtures/fuzz/make-seeds`), so they are fresh.
    public static let now = SAMLTime.parse("2027-01-01T10:00:00Z")!.date

    /// The fixed signer of the seeds: a TEST-ONLY throwaway certificate (its key is not kept).
    public static let certificate: Certificate = {
        do {
            return try Certificate(pemEncoded: FuzzSigner.certificatePEM)
        } catch {
            fatalError("the fuzz signer's certificate does not load: \(error)")
        }
    }()

    /// Runs one input through `target`. Invalid input is fine; a crash, a sanitizer report or a
    /// `FuzzFinding` (an acceptance xmlsec1 disagrees with) is a finding.
    public static func run(_ target: FuzzTarget, _ data: Data, oracle: XMLSecOracle?) throws(FuzzFinding) {
        switch target {
        case .parser: parse(data)
        case .response: try response(data, oracle: oracle)
        case .request: try request(data, oracle: oracle)
        case .redirect: redirect(data)
        #if MPASS_FUZZ_CORE_ONLY
        // The quick core build (scripts/fuzz for the SAML-core targets) has no Replay/Conformance.
        case .har, .samltracer, .target: throw FuzzFinding("\(target.rawValue) is not in the core fuzz build")
        #else
        case .har, .samltracer: try recording(data)
        case .target: try targetDescription(data)
        #endif
        }
    }

    private static let policy = SignaturePolicy(pinnedCertificates: [certificate], allowWeakAlgorithms: false)
    private static let window = TimeWindow(now: now)

    static func parse(_ data: Data) {
        guard let document = try? SafeXMLParser().parse(data) else { return }
        for element in document.allElements() {
            _ = (element.displayName, element.attributes, element.text, element.depth, element.containsComment, element.line)
        }
        _ = document.serialized()
    }

    static func response(_ data: Data, oracle: XMLSecOracle?) throws(FuzzFinding) {
        guard let document = try? SafeXMLParser().parse(data), (try? SAMLMessage.kind(of: document)) == .response else { return }
        let expectations = ResponseExpectations(pinnedCertificates: [certificate], idpIssuer: "https://mpass.sim.test",
                                                acsURL: "https://service.example.md/mpass-login", audience: "https://service.example.md")
        let validation = try? ResponseValidator(expectations: expectations, window: window).validate(document)
        if let validation, validation.isValid, validation.assertion == nil {
            throw FuzzFinding("a Response was reported valid without an authenticated Assertion")
        }
        // Every signature the verifier accepts, xmlsec1 must accept over the same bytes.
        var signed = [document.root]
        if let assertion = document.root.child("Assertion", .saml) { signed.append(assertion) }
        for element in signed where element.child("Signature", .ds) != nil {
            try crossCheck(element, scope: element.localName, input: data, oracle: oracle)
        }
    }

    static func request(_ data: Data, oracle: XMLSecOracle?) throws(FuzzFinding) {
        guard let document = try? SafeXMLParser().parse(data), let kind = try? SAMLMessage.kind(of: document), kind != .response else { return }
        let validator = RequestValidator(expectations: RequestExpectations(
            pinnedCertificates: [certificate], issuer: "https://service.example.md",
            destination: "https://mpass.sim.test/logout/saml", outstandingRequestIDs: ["_request"]), window: window)
        switch kind {
        case .authnRequest: _ = try? validator.validateAuthnRequest(document)
        case .logoutRequest: _ = try? validator.validateLogoutRequest(document)
        default: _ = try? validator.validateLogoutResponse(document)
        }
        if document.root.child("Signature", .ds) != nil {
            try crossCheck(document.root, scope: kind.rawValue, input: data, oracle: oracle)
        }
    }

    static func redirect(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        guard let message = try? HTTPRedirectBinding.decode(url: text) else { return }
        _ = message.verifySignature(policy: policy)
        parse(message.xml)
    }

    private static func crossCheck(_ element: XMLElement, scope: String, input: Data, oracle: XMLSecOracle?) throws(FuzzFinding) {
        // The two engines inside the verifier: the fixed-profile path may only ever accept
        // what xmlsec accepts over the same bytes, and the verifier's checks (verdicts and
        // words) must not depend on which engine ran.
        if let comparison = SignatureVerifier.compareEngines(on: element, certificate: certificate),
           let disagreement = comparison.disagreement {
            throw FuzzFinding("\(scope): \(disagreement)")
        }
        let verification = SignatureVerifier(policy: policy).verify(element, checks: SignatureCheckIDs(scope: scope))
        var xmlsecPolicy = policy
        xmlsecPolicy.engine = .xmlsecOnly
        let reference = SignatureVerifier(policy: xmlsecPolicy).verify(element, checks: SignatureCheckIDs(scope: scope))
        if verification.checks != reference.checks {
            let differing = zip(verification.checks, reference.checks).first { $0 != $1 }
            throw FuzzFinding("\(scope): the verifier's checks differ between engines (fixed profile \(differing?.0.line ?? "\(verification.checks.count) checks"), xmlsec only \(differing?.1.line ?? "\(reference.checks.count) checks"))")
        }
        guard verification.isValid, let signedElement = verification.signedElement, let oracle else { return }
        if let disagreement = oracle.disagreement(input: input, signedElement: signedElement, certificatePEM: FuzzSigner.certificatePEM) {
            throw FuzzFinding("\(scope): our verifier accepts, but \(disagreement)")
        }
    }
}
