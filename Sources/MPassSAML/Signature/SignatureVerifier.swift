internal import CXMLSec
import Foundation

/// What the verifier trusts and allows.
public struct SignaturePolicy: Sendable {
    /// The certificates whose keys may sign (MPass's, pinned). KeyInfo is never a source of trust.
    public var pinnedCertificates: [Certificate]
    /// Accept RSA-SHA1, SHA-1 digests and pinned RSA keys under 2048 bits (never by default).
    public var allowWeakAlgorithms: Bool
    /// For MPass's own messages only: accept RSA-SHA1 and SHA-1 digests from the pinned key
    /// with a WARN check instead of a FAIL (MPass may sign with them; the Service may not).
    public var warnOnWeakAlgorithms: Bool
    /// Who checks digest and value after the shape checks (the oracle compares the two).
    package var engine: SignatureEngine = .fixedProfileThenXMLSec

    public init(pinnedCertificates: [Certificate], allowWeakAlgorithms: Bool = false, warnOnWeakAlgorithms: Bool = false) {
        self.pinnedCertificates = pinnedCertificates
        self.allowWeakAlgorithms = allowWeakAlgorithms
        self.warnOnWeakAlgorithms = warnOnWeakAlgorithms
    }

    /// The check for a weak (SHA-1) algorithm: nil when it is refused.
    func weakAlgorithmCheck(_ id: CheckID, _ what: String) -> CheckResult? {
        if allowWeakAlgorithms { return .pass(id, what) }
        guard warnOnWeakAlgorithms else { return nil }
        return .warn(id, "MPass signs with \(what) (SHA-1): accepted from the pinned certificate with this warning; the guide names RSA-SHA256 and SHA-1 is disallowed for signatures (NIST SP 800-131A). --strict-idp-algorithm makes it a FAIL")
    }
}

/// The verdict on one enveloped signature: every shape and cryptographic check, and, when
/// all passed, the element the signature covers (the only one a caller may then read).
/// Not `Sendable`: it carries a view of the verified element.
public struct SignatureVerification {
    public let checks: [CheckResult]
    /// The element whose ID the single Reference named and whose digest matched, or nil.
    public let signedElement: XMLElement?
    /// The pinned certificate whose key verified the signature.
    public let signingCertificate: Certificate?
    public let signatureAlgorithmURI: String?

    public var isValid: Bool { signedElement != nil && !checks.contains(where: \.isFailure) }
}

/// Verifies the enveloped signature of one element, strictly (goxmldsig's discipline):
/// exactly one Signature child placed after Issuer; exclusive c14n; an allowed signature
/// and digest method; exactly one Reference, same-document, naming this element's ID;
/// only the enveloped and exclusive-c14n transforms; the key of a pinned certificate only.
///
/// Check ids are one `SignatureCheckIDs` family (`CheckID.responseSignature`: `response.signature.*`).
public struct SignatureVerifier: Sendable {
    public let policy: SignaturePolicy

    /// Most certificates KeyInfo may carry before `key-info` fails without decoding them:
    /// MPass sends one, and every one carried must be a pinned certificate.
    public static let maxKeyInfoCertificates = 4

    public init(policy: SignaturePolicy) {
        self.policy = policy
    }

    public func verify(_ element: XMLElement, checks ids: SignatureCheckIDs) -> SignatureVerification {
        var checks: [CheckResult] = []
        func fail(_ id: CheckID, _ reason: String) -> SignatureVerification {
            checks += Self.failing(id, reason, in: ids)

            return SignatureVerification(checks: checks, signedElement: nil, signingCertificate: nil, signatureAlgorithmURI: nil)
        }

        // Presence and position.
        let signatures = element.children("Signature", .ds)
        guard !signatures.isEmpty else {
            return fail(ids.present, "\(element.localName) carries no ds:Signature")
        }
        guard signatures.count == 1 else {
            return fail(ids.present, "\(element.localName) carries \(signatures.count) ds:Signature elements; exactly one is allowed")
        }
        let signature = signatures[0]
        checks.append(.pass(ids.present, "one ds:Signature on \(element.localName)"))

        let children = element.children
        let position = children.firstIndex { $0.isSameNode(as: signature) }!
        let issuerFirst = children.first?.is("Issuer", .saml) == true
        if (issuerFirst && position == 1) || (!issuerFirst && position == 0 && element.child("Issuer", .saml) == nil) {
            checks.append(.pass(ids.position, "right after Issuer"))
        } else {
            // The place alone is refused; say too whether the signature itself holds, so a
            // reader can tell a misplaced genuine signature from a forged one.
            let itself = verifyContent(of: element, signature: signature, ids: ids)
            let verdict = itself.passed
                ? "the signature itself verifies with the pinned certificate; only its place is wrong"
                : "the signature itself does not verify either (\(itself.failure))"
            return fail(ids.position, "ds:Signature is child #\(position + 1) of \(element.localName); the schema puts it right after Issuer. \(verdict)")
        }

        let content = verifyContent(of: element, signature: signature, ids: ids)
        checks += content.checks
        return SignatureVerification(checks: checks, signedElement: content.passed ? element : nil,
                                     signingCertificate: content.certificate, signatureAlgorithmURI: content.algorithmURI)
    }

    /// The checks after presence and position: SignedInfo's shape, algorithms, the Reference,
    /// KeyInfo, the pinned key and the cryptographic value. A failure skips the checks after it.
    private func verifyContent(of element: XMLElement, signature: XMLElement, ids: SignatureCheckIDs) -> ContentVerification {
        var checks: [CheckResult] = []
        func fail(_ id: CheckID, _ reason: String, algorithmURI: String? = nil) -> ContentVerification {
            checks += Self.failing(id, reason, in: ids)
            return ContentVerification(checks: checks, failure: "\(id): \(reason)", algorithmURI: algorithmURI)
        }

        // SignedInfo shape.
        let signedInfos = signature.children("SignedInfo", .ds)
        guard signedInfos.count == 1, let signedInfo = signedInfos.first,
              signature.children.first?.isSameNode(as: signedInfo) == true else {
            return fail(ids.signedInfo, "ds:Signature must begin with exactly one ds:SignedInfo (found \(signedInfos.count))")
        }
        // XML-DSig allows ds:Object (holding anything, Manifests included) after KeyInfo. It
        // lies outside SignedInfo and the enveloped transform drops the whole Signature, so
        // anyone can add one to a genuine message without breaking it: a hiding place for
        // wrapped copies (XSW1, XSW6, XSW8) and, through Manifest References that xmlsec
        // digests one by one, a CPU amplification. MPass's signature has none.
        let parts = signature.children
        let layoutOK = parts.count >= 2 && parts.count <= 3 && parts[1].is("SignatureValue", .ds)
            && (parts.count == 2 || parts[2].is("KeyInfo", .ds))
        guard layoutOK else {
            return fail(ids.signedInfo,
                "ds:Signature must hold SignedInfo, SignatureValue and optionally KeyInfo, nothing else; found [\(parts.map(\.displayName).joined(separator: ", "))]")
        }
        checks.append(.pass(ids.signedInfo))

        let c14n = signedInfo.child("CanonicalizationMethod", .ds)?.attribute("Algorithm")
        guard c14n == XMLDSigURI.exclusiveC14N else {
            return fail(ids.canonicalization, "CanonicalizationMethod is \(c14n ?? "absent"); only exclusive c14n without comments (\(XMLDSigURI.exclusiveC14N)) is allowed")
        }
        checks.append(.pass(ids.canonicalization, "exclusive c14n"))

        let methodURI = signedInfo.child("SignatureMethod", .ds)?.attribute("Algorithm")
        guard let methodURI, let method = SignatureAlgorithm(rawValue: methodURI) else {
            return fail(ids.algorithm, "SignatureMethod is \(AlgorithmNames.describe(methodURI)), which this verifier does not accept; allowed: \(SignatureAlgorithm.acceptedNames(allowWeak: policy.allowWeakAlgorithms)) (MPass signs with rsa-sha256)",
                        algorithmURI: methodURI)
        }
        if method.isWeak {
            guard let check = policy.weakAlgorithmCheck(ids.algorithm, method.name) else {
                return fail(ids.algorithm, "SignatureMethod \(method.name) is refused as weak (SHA-1); MPass signs with rsa-sha256 (--allow-sha1 accepts it)",
                            algorithmURI: methodURI)
            }
            checks.append(check)
        } else {
            checks.append(.pass(ids.algorithm, method.name))
        }

        let references = signedInfo.children("Reference", .ds)
        guard references.count == 1, let reference = references.first else {
            return fail(ids.referenceCount, "SignedInfo holds \(references.count) Reference elements; exactly one is allowed")
        }
        checks.append(.pass(ids.referenceCount))

        let id = element.attribute("ID") ?? ""
        let uri = reference.attribute("URI")
        guard !id.isEmpty, uri == "#\(id)" else {
            return fail(ids.referenceTargetsRoot,
                "the Reference URI is \(uri.map { "\"\($0)\"" } ?? "absent") but \(element.localName)'s ID is \"\(id)\"; the signature must cover the very element that is read")
        }
        checks.append(.pass(ids.referenceTargetsRoot, "URI #\(id)"))

        let transforms = reference.child("Transforms", .ds)?.children ?? []
        let transformURIs = transforms.map { $0.attribute("Algorithm") ?? "" }
        let allowedTransforms: Set<String> = [XMLDSigURI.envelopedSignature, XMLDSigURI.exclusiveC14N]
        guard transforms.allSatisfy({ $0.is("Transform", .ds) }),
              transformURIs.allSatisfy(allowedTransforms.contains),
              Set(transformURIs).count == transformURIs.count,
              transformURIs.contains(XMLDSigURI.envelopedSignature) else {
            return fail(ids.transforms,
                "Reference transforms are [\(transformURIs.joined(separator: ", "))]; only enveloped-signature and exclusive c14n are allowed, enveloped-signature required")
        }
        checks.append(.pass(ids.transforms))

        let digestURI = reference.child("DigestMethod", .ds)?.attribute("Algorithm")
        guard let digestURI, let digest = DigestAlgorithm(rawValue: digestURI) else {
            return fail(ids.digestAlgorithm, "DigestMethod is \(AlgorithmNames.describe(digestURI)), which this verifier does not accept; allowed: \(DigestAlgorithm.acceptedNames(allowWeak: policy.allowWeakAlgorithms)) (MPass digests with sha256)",
                        algorithmURI: method.uri)
        }
        if digest.isWeak {
            guard let check = policy.weakAlgorithmCheck(ids.digestAlgorithm, "digest \(digest.name)") else {
                return fail(ids.digestAlgorithm, "DigestMethod \(digest.name) is refused as weak; MPass digests with sha256 (--allow-sha1 accepts it)",
                            algorithmURI: method.uri)
            }
            checks.append(check)
        } else {
            checks.append(.pass(ids.digestAlgorithm, digest.name))
        }

        // KeyInfo is a hint at most: when it carries a certificate, it must be a pinned one.
        let keyInfoCertificates = signature.child("KeyInfo", .ds)?
            .children("X509Data", .ds).flatMap { $0.children("X509Certificate", .ds) } ?? []
        var hinted: Certificate?
        if keyInfoCertificates.isEmpty {
            checks.append(.notApplicable(ids.keyInfo, "no certificate in KeyInfo; the pinned certificate is used"))
        } else if keyInfoCertificates.count > Self.maxKeyInfoCertificates {
            // Not even decoded: thousands of certificates are a cost imposed on the receiver.
            checks.append(.fail(ids.keyInfo,
                "KeyInfo carries \(keyInfoCertificates.count) certificates; MPass sends its one signing certificate, and more than \(Self.maxKeyInfoCertificates) are refused (none is ever trusted; the signature is checked with the pinned key)"))
        } else {
            // Compared as DER bytes: parsing a certificate costs more than the rest of a validation.
            // (Whitespace dropped byte-wise: Character-wise filtering costs more than the verification.)
            let carried = keyInfoCertificates.map { Data(base64Encoded: Data($0.text.utf8.filter { $0 > 0x20 })) }
            let pinned = carried.map { der in der.flatMap { der in self.policy.pinnedCertificates.first { $0.derBytes == der } } }
            let others = pinned.filter { $0 == nil }.count
            if let match = pinned.lazy.compactMap({ $0 }).first, others > 0 {
                hinted = match
                checks.append(.fail(ids.keyInfo,
                    "KeyInfo carries the pinned certificate and \(others) other certificate\(others == 1 ? "" : "s"); only the signing certificate belongs there (the others are ignored, never trusted)"))
            } else if let match = pinned.lazy.compactMap({ $0 }).first {
                hinted = match
                checks.append(.pass(ids.keyInfo, "KeyInfo carries the pinned certificate"))
            } else {
                let shown = carried.first.flatMap { $0 }.flatMap { try? Certificate(derEncoded: $0) }
                    .map { "\($0.subject), serial \($0.serialHex)" } ?? "an unreadable certificate"
                checks.append(.fail(ids.keyInfo,
                    "KeyInfo carries \(shown), which is not a pinned certificate; it is ignored (never trusted), and the signature is checked with the pinned key"))
            }
        }

        // Cryptographic verification with each pinned key in turn (the hinted one first).
        guard !policy.pinnedCertificates.isEmpty else {
            return fail(ids.value, "no pinned certificate to verify with; give MPass's certificate (--idp-cert)", algorithmURI: method.uri)
        }
        // A pinned RSA key under 2048 bits is within reach of factoring: not trusted, whoever
        // pinned it, unless weak algorithms are explicitly allowed (old test data, --allow-sha1).
        let usable = policy.pinnedCertificates.filter {
            policy.allowWeakAlgorithms || !$0.keyAlgorithm.isRSA || $0.keyAlgorithm.bits >= Self.minimumRSABits
        }
        guard !usable.isEmpty else {
            let shown = policy.pinnedCertificates.map { "\($0.subject) (\($0.keyAlgorithm))" }.joined(separator: "; ")
            return fail(ids.value, "the pinned certificate's RSA key is under \(Self.minimumRSABits) bits and is not trusted: \(shown); pin a certificate with an RSA key of at least 2048 bits, as MPass's is",
                        algorithmURI: method.uri)
        }
        do {
            try XMLSigner.registerID(of: element, value: id)
        } catch {
            return fail(ids.value, "the ID \(id) cannot be registered: \(error.reason)", algorithmURI: method.uri)
        }
        var candidates = usable
        if let hinted, let index = candidates.firstIndex(of: hinted) {
            candidates.swapAt(0, index)
        }
        var lastFailure = ""
        for certificate in candidates {
            if policy.engine == .fixedProfileThenXMLSec, method == .rsaSha256, digest == .sha256,
               case .verified = FixedProfile.verify(element: element, signature: signature, id: id, certificate: certificate) {
                checks.append(.pass(ids.value, "valid, made with the key of the pinned certificate \(certificate.sha256Fingerprint.prefix(23))…"))
                return ContentVerification(checks: checks, certificate: certificate, algorithmURI: method.uri)
            }
            switch Self.cryptographicVerify(signature: signature, certificate: certificate, method: method, digest: digest).verdict {
            case .success:
                checks.append(.pass(ids.value, "valid, made with the key of the pinned certificate \(certificate.sha256Fingerprint.prefix(23))…"))
                return ContentVerification(checks: checks, certificate: certificate, algorithmURI: method.uri)
            case .failure(let reason):
                lastFailure = reason.reason
            }
        }
        let pinnedNames = usable.map(\.subject).joined(separator: "; ")
        let reason = "the signature does not verify with the pinned certificate(s) [\(pinnedNames)]: \(lastFailure)"
        checks.append(.fail(ids.value, reason))
        return ContentVerification(checks: checks, failure: "\(ids.value): \(reason)", algorithmURI: method.uri)
    }

    /// RSA keys below this size are refused even when pinned (NIST SP 800-131A; MPass's key is 2048 bits).
    static let minimumRSABits = 2048

    /// What `verifyContent` found: its checks, and the certificate that verified, or why not.
    private struct ContentVerification {
        var checks: [CheckResult]
        var certificate: Certificate?
        var failure: String
        var algorithmURI: String?
        var passed: Bool { certificate != nil && !checks.contains(where: \.isFailure) }

        init(checks: [CheckResult], certificate: Certificate, algorithmURI: String?) {
            self.checks = checks
            self.certificate = certificate
            self.failure = ""
            self.algorithmURI = algorithmURI
        }

        init(checks: [CheckResult], failure: String, algorithmURI: String?) {
            self.checks = checks
            self.certificate = nil
            self.failure = failure
            self.algorithmURI = algorithmURI
        }
    }

    /// `id` failed with `reason`; the checks after it in `ids`' order are skipped because of it.
    private static func failing(_ id: CheckID, _ reason: String, in ids: SignatureCheckIDs) -> [CheckResult] {
        [.fail(id, reason)] + ids.inOrder.drop(while: { $0 != id }).dropFirst().map { .skip($0, because: id) }
    }

    /// What xmlsec's verification found, with (when asked to store them) the bytes it
    /// digested for the Reference and the canonical SignedInfo it verified.
    struct XMLSecOutcome {
        var verdict: Result<Void, VerifyFailure>
        var preDigest: Data?
        var preSign: Data?
    }

    static func cryptographicVerify(signature: XMLElement, certificate: Certificate, method: SignatureAlgorithm,
                                    digest: DigestAlgorithm, storeBuffers: Bool = false) -> XMLSecOutcome {
        func failure(_ reason: String) -> XMLSecOutcome { XMLSecOutcome(verdict: .failure(VerifyFailure(reason))) }
        guard let context = xmlSecDSigCtxCreate(nil) else { return failure("xmlSecDSigCtxCreate failed") }
        defer { xmlSecDSigCtxDestroy(context) }
        guard let publicKey = X509_get0_pubkey(certificate.pointer) else {
            return failure("the pinned certificate has no public key")
        }
        do {
            // A key set here means xmlsec never consults KeyInfo.
            context.pointee.signKey = try XMLSecKey.make(from: publicKey, name: "pinned")
        } catch {
            return failure(error.reason)
        }
        // Belt and braces: xmlsec itself refuses anything outside the profile, and never
        // processes Manifests (by default it digests every Manifest Reference it finds).
        context.pointee.flags |= UInt32(XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS)
        if storeBuffers {
            context.pointee.flags |= UInt32(XMLSEC_DSIG_FLAGS_STORE_SIGNEDINFO_REFERENCES | XMLSEC_DSIG_FLAGS_STORE_SIGNATURE)
        }
        context.pointee.enabledReferenceUris = CXMLSec_uriTypeSameDocument()
        // An allow-list that failed to fill stays empty, and xmlsec reads an empty list as
        // "every transform allowed": any failure here stops the verification.
        let enabled: [(String, Int32)] = [
            ("xmlSecDSigCtxEnableReferenceTransform(enveloped)", xmlSecDSigCtxEnableReferenceTransform(context, CXMLSec_transformEnveloped())),
            ("xmlSecDSigCtxEnableReferenceTransform(exc-c14n)", xmlSecDSigCtxEnableReferenceTransform(context, CXMLSec_transformExclC14N())),
            ("xmlSecDSigCtxEnableReferenceTransform(\(digest.name))", xmlSecDSigCtxEnableReferenceTransform(context, digest.xmlsecTransform)),
            ("xmlSecDSigCtxEnableSignatureTransform(exc-c14n)", xmlSecDSigCtxEnableSignatureTransform(context, CXMLSec_transformExclC14N())),
            ("xmlSecDSigCtxEnableSignatureTransform(\(method.name))", xmlSecDSigCtxEnableSignatureTransform(context, method.xmlsecTransform)),
        ]
        if let failed = enabled.first(where: { $0.1 != 0 }) {
            return failure("xmlsec could not restrict the transforms (\(failed.0) returned \(failed.1)); the signature is not checked")
        }

        let (status, log, buffers) = signature.document.withTree {
            let (status, log) = XMLSecErrorLog.capture { xmlSecDSigCtxVerify(context, signature.node) }
            return (status, log, storeBuffers ? Self.storedBuffers(context) : (nil, nil))
        }
        // xmlSecDSigCtxVerify returns 0 for a bad signature too: the verdict is the status.
        if status == 0 && context.pointee.status == xmlSecDSigStatusSucceeded {
            return XMLSecOutcome(verdict: .success(()), preDigest: buffers.0, preSign: buffers.1)
        }
        if status == 0 {
            let referenceFailed = Self.referenceDigestFailed(context)
            var outcome = failure(referenceFailed
                ? "the digest of the signed content does not match (the content was changed after signing)"
                : "the signature value does not match (signed by another key, or SignedInfo was changed)")
            (outcome.preDigest, outcome.preSign) = buffers
            return outcome
        }
        return failure("xmlsec could not process the signature: \(log.summary)")
    }

    /// The single Reference's pre-digest bytes and the canonical SignedInfo xmlsec stored.
    private static func storedBuffers(_ context: xmlSecDSigCtxPtr) -> (Data?, Data?) {
        func data(_ buffer: xmlSecBufferPtr?) -> Data? {
            guard let buffer, let bytes = xmlSecBufferGetData(buffer) else { return nil }
            return Data(bytes: bytes, count: Int(xmlSecBufferGetSize(buffer)))
        }
        var preDigest: Data?
        if let list = context.pointer(to: \.signedInfoReferences), xmlSecPtrListGetSize(list) == 1,
           let raw = xmlSecPtrListGetItem(list, 0) {
            preDigest = data(xmlSecDSigReferenceCtxGetPreDigestBuffer(raw.assumingMemoryBound(to: xmlSecDSigReferenceCtx.self)))
        }
        return (preDigest, data(xmlSecDSigCtxGetPreSignBuffer(context)))
    }

    private static func referenceDigestFailed(_ context: xmlSecDSigCtxPtr) -> Bool {
        // The list is a field of the context (which outlives this call): its address comes from
        // the context pointer itself, never from a pointer escaping a `withUnsafe…` closure.
        guard let list = context.pointer(to: \.signedInfoReferences) else { return false }
        let count = xmlSecPtrListGetSize(list)
        for index in 0..<count {
            guard let raw = xmlSecPtrListGetItem(list, index) else { continue }
            let reference = raw.assumingMemoryBound(to: xmlSecDSigReferenceCtx.self)
            if reference.pointee.status != xmlSecDSigStatusSucceeded { return true }
        }
        return false
    }

    struct VerifyFailure: Error { let reason: String; init(_ reason: String) { self.reason = reason } }
}
