internal import CXMLSec
import Foundation
import Vocabulary

/// Which code checks the digest and the signature value once every shape check has passed.
package enum SignatureEngine: Sendable {
    /// MPass's one profile (a single same-document Reference, enveloped-signature then
    /// exclusive c14n, SHA-256, RSA-SHA256) checked directly with libxml2's c14n and
    /// OpenSSL; anything else, and every failure, goes to xmlsec, whose verdict and
    /// explanation then stand. The default.
    case fixedProfileThenXMLSec
    /// xmlsec's dsig machinery only (the differential oracle's reference).
    case xmlsecOnly
}

/// MPass's fixed signature profile handled directly, without xmlsec's node-set machinery
/// (an XPath test per node for the enveloped transform, key-data lookups and key copies per
/// call): verification here, and signing (`sign`) into xmlsec's own template.
///
/// It only ever says "verified" or "not mine": outside the exact profile, or when the digest
/// or the value does not match, it defers to xmlsec, so a refusal and its words are always
/// xmlsec's. What it digests is what xmlsec digests for the same Reference: the element's
/// subtree without comments, minus the enveloping Signature, in exclusive c14n (xmlsec's
/// `#id` node set and enveloped transform, replayed as a libxml2 visibility callback).
/// The oracle (`SignatureVerifier.compareEngines`, run by the fuzz targets and the interop
/// test) checks every acceptance against xmlsec, bytes included.
enum FixedProfile {
    enum Outcome {
        /// Digest and value verified; the exact bytes digested and signed.
        case verified(digested: Data, signedInfo: Data)
        /// Not handled here (outside the profile, or a mismatch): xmlsec decides.
        case deferred(String)
    }

    /// Verifies `signature` (a ds:Signature child of `element`) against `certificate`'s key.
    /// `id` is `element`'s ID, already registered in the document.
    static func verify(element: XMLElement, signature: XMLElement, id: String, certificate: Certificate) -> Outcome {
        element.document.withTree { verifyLocked(element: element.node, signature: signature.node, id: id, certificate: certificate) }
    }

    private static func verifyLocked(element: xmlNodePtr, signature: xmlNodePtr, id: String, certificate: Certificate) -> Outcome {
        guard signature.pointee.parent == element, isDSig(signature, "Signature") else { return .deferred("not an enveloped ds:Signature") }
        let parts = elementChildren(signature)
        guard parts.count >= 2, isDSig(parts[0], "SignedInfo"), isDSig(parts[1], "SignatureValue") else {
            return .deferred("Signature layout")
        }
        let signedInfo = parts[0]
        let info = elementChildren(signedInfo)
        guard info.count == 3, isDSig(info[0], "CanonicalizationMethod"), isDSig(info[1], "SignatureMethod"), isDSig(info[2], "Reference"),
              leaf(info[0], algorithm: XMLDSigURI.exclusiveC14N), leaf(info[1], algorithm: SignatureAlgorithm.rsaSha256.uri) else {
            return .deferred("SignedInfo outside the profile")
        }
        let reference = info[2]
        guard Self.isPlainID(id), singleAttribute(reference, "URI") == "#\(id)" else { return .deferred("Reference URI") }
        let referenceParts = elementChildren(reference)
        guard referenceParts.count == 3, isDSig(referenceParts[0], "Transforms"), isDSig(referenceParts[1], "DigestMethod"),
              isDSig(referenceParts[2], "DigestValue"), leaf(referenceParts[1], algorithm: DigestAlgorithm.sha256.uri) else {
            return .deferred("Reference outside the profile")
        }
        let transforms = elementChildren(referenceParts[0])
        guard transforms.count == 2, transforms.allSatisfy({ isDSig($0, "Transform") }),
              leaf(transforms[0], algorithm: XMLDSigURI.envelopedSignature), leaf(transforms[1], algorithm: XMLDSigURI.exclusiveC14N) else {
            return .deferred("transforms outside the profile")
        }
        guard let publicKey = X509_get0_pubkey(certificate.pointer), EVP_PKEY_get_base_id(publicKey) == EVP_PKEY_RSA else {
            return .deferred("not an RSA key")
        }
        guard let expectedDigest = base64Content(referenceParts[2]), expectedDigest.count == 32,
              let signatureValue = base64Content(parts[1]), !signatureValue.isEmpty else {
            return .deferred("DigestValue or SignatureValue unreadable")
        }
        guard let digested = canonicalForm(of: element, excluding: signature),
              let signedBytes = canonicalForm(of: signedInfo, excluding: nil) else {
            return .deferred("canonicalisation failed")
        }
        guard sha256(digested) == expectedDigest else { return .deferred("digest mismatch") }
        guard rsaSHA256Verify(publicKey, signature: signatureValue, over: signedBytes) else { return .deferred("value mismatch") }
        return .verified(digested: digested, signedInfo: signedBytes)
    }

    /// IDs xmlsec turns into `xpointer(id('…'))` unchanged: anything else (quotes, escapes,
    /// non-ASCII) is left to xmlsec rather than reasoned about.
    static func isPlainID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D || byte == 0x2E
        }
    }

    static func isDSig(_ node: xmlNodePtr, _ name: String) -> Bool {
        node.pointee.type == XML_ELEMENT_NODE && XMLElement.isNode(node, name, .ds)
    }

    static func elementChildren(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    /// A method element with exactly this Algorithm and no parameters (no element children:
    /// an InclusiveNamespaces PrefixList, HMACOutputLength, XPath… are xmlsec's to judge).
    private static func leaf(_ node: xmlNodePtr, algorithm: String) -> Bool {
        singleAttribute(node, "Algorithm") == algorithm && elementChildren(node).isEmpty
    }

    /// The value of the one attribute of that local name, when it has no namespace and no
    /// other attribute shares the name (xmlsec's `xmlGetProp` ignores namespaces).
    private static func singleAttribute(_ node: xmlNodePtr, _ name: String) -> String? {
        var found: String?
        var attribute = node.pointee.properties
        while let current = attribute {
            if xmlStrEqual(current.pointee.name, name) == 1 {
                guard found == nil, current.pointee.ns == nil,
                      let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) else { return nil }
                found = String(cString: value)
                CXMLSec_xmlFree(value)
            }
            attribute = current.pointee.next
        }
        return found
    }

    /// The node's text content (as xmlsec reads it) decoded as strict base64, XML whitespace
    /// removed; nil when anything else is in the way.
    private static func base64Content(_ node: xmlNodePtr) -> Data? {
        guard let content = xmlNodeGetContent(node) else { return nil }
        defer { CXMLSec_xmlFree(content) }
        let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
        var compact: [UInt8] = []
        compact.reserveCapacity(length)
        for byte in UnsafeBufferPointer(start: content, count: length) where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            compact.append(byte)
        }
        return Data(base64Encoded: Data(compact))
    }

    /// Exclusive c14n 1.0 without comments of `apex`'s subtree minus `excluded`'s subtree.
    /// The caller holds the document's lock.
    static func canonicalForm(of apex: xmlNodePtr, excluding excluded: xmlNodePtr?) -> Data? {
        guard let doc = apex.pointee.doc, let buffer = xmlAllocOutputBuffer(nil) else { return nil }
        var scope = (apex: apex, excluded: excluded)
        let status = withUnsafeMutablePointer(to: &scope) { scopePointer in
            xmlC14NExecute(doc, { data, node, parent in
                guard let data, let node else { return 0 }
                let scope = data.assumingMemoryBound(to: (apex: xmlNodePtr, excluded: xmlNodePtr?).self).pointee
                // Attributes and namespace declarations (an xmlNs passed as a node: its `type`
                // sits where a node's does) are visible when their element is.
                let type = node.pointee.type
                var current: xmlNodePtr? = (type == XML_ATTRIBUTE_NODE || type == XML_NAMESPACE_DECL) ? parent : node
                while let candidate = current {
                    if candidate == scope.excluded { return 0 }
                    if candidate == scope.apex { return 1 }
                    current = candidate.pointee.parent
                }
                return 0
            }, scopePointer, Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), nil, 0, buffer)
        }
        defer { xmlOutputBufferClose(buffer) }
        guard status >= 0, let content = xmlOutputBufferGetContent(buffer) else { return nil }
        return Data(bytes: content, count: Int(xmlOutputBufferGetSize(buffer)))
    }

    /// Fills the template `signature` (made by xmlsec's template functions for `element`, the
    /// fixed profile, already in place) the way xmlSecDSigCtxSign does: DigestValue over the
    /// enveloped exclusive c14n of `element`, then SignatureValue over the canonical SignedInfo,
    /// base64 in 64-character lines. RSASSA-PKCS1-v1_5 is deterministic, so the result is the
    /// very bytes xmlsec writes (SignatureRoundTripTests compares the two byte for byte).
    static func sign(signature: xmlNodePtr, of element: xmlNodePtr, key: OpaquePointer) throws(HarnessError) {
        let parts = elementChildren(signature)
        guard parts.count == 2, isDSig(parts[0], "SignedInfo"), isDSig(parts[1], "SignatureValue") else {
            throw HarnessError(.signingFailed, "the signature template is not SignedInfo and SignatureValue")
        }
        let info = elementChildren(parts[0])
        guard info.count == 3, isDSig(info[2], "Reference") else {
            throw HarnessError(.signingFailed, "the signature template's SignedInfo holds no single Reference")
        }
        let referenceParts = elementChildren(info[2])
        guard referenceParts.count == 3, isDSig(referenceParts[2], "DigestValue") else {
            throw HarnessError(.signingFailed, "the signature template's Reference has no DigestValue")
        }
        guard let digested = canonicalForm(of: element, excluding: signature), let digest = sha256(digested) else {
            throw HarnessError(.signingFailed, "the signed element could not be canonicalised and digested")
        }
        xmlNodeSetContent(referenceParts[2], digest.base64EncodedString())
        guard let signedInfo = canonicalForm(of: parts[0], excluding: nil) else {
            throw HarnessError(.signingFailed, "SignedInfo could not be canonicalised")
        }
        let value = try rsaSHA256Sign(key, signedInfo)
        xmlNodeSetContent(parts[1], value.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]))
    }

    private static func rsaSHA256Sign(_ key: OpaquePointer, _ message: Data) throws(HarnessError) -> Data {
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLErrors.fail(.signingFailed, "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        var length = 0
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1,
              message.withUnsafeBytes({ EVP_DigestSign(context, nil, &length, $0.bindMemory(to: UInt8.self).baseAddress, $0.count) }) == 1 else {
            throw OpenSSLErrors.fail(.signingFailed, "EVP_DigestSignInit")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard message.withUnsafeBytes({ EVP_DigestSign(context, &signature, &length, $0.bindMemory(to: UInt8.self).baseAddress, $0.count) }) == 1 else {
            throw OpenSSLErrors.fail(.signingFailed, "EVP_DigestSign")
        }
        return Data(signature.prefix(length))
    }

    private static func sha256(_ data: Data) -> Data? {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { raw in EVP_Digest(raw.baseAddress, raw.count, &digest, &length, EVP_sha256(), nil) }
        guard ok == 1 else { ERR_clear_error(); return nil }
        return Data(digest.prefix(Int(length)))
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256, as xmlsec's rsa-sha256 transform checks it.
    private static func rsaSHA256Verify(_ key: OpaquePointer, signature: Data, over message: Data) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let verified = signature.withUnsafeBytes { sig in
            message.withUnsafeBytes { tbs in
                EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1
                    && EVP_DigestVerify(context, sig.bindMemory(to: UInt8.self).baseAddress, sig.count,
                                        tbs.bindMemory(to: UInt8.self).baseAddress, tbs.count) == 1
            }
        }
        if !verified { ERR_clear_error() }
        return verified
    }
}

/// The two engines side by side on one signed element (the differential oracle).
package struct EngineComparison: Sendable {
    /// The fixed-profile path verified the signature.
    package let fixedProfileAccepted: Bool
    /// xmlsec's dsig verification accepted it.
    package let xmlsecAccepted: Bool
    /// Nil when the engines agree: every fixed-profile acceptance is an xmlsec acceptance of
    /// exactly the same digested bytes and the same canonical SignedInfo.
    package let disagreement: String?
}

extension SignatureVerifier {
    /// Runs both engines on `element`'s first ds:Signature child with `certificate`'s key.
    /// Nil when there is nothing to compare (no Signature, no ID, an ID that cannot be registered).
    package static func compareEngines(on element: XMLElement, certificate: Certificate) -> EngineComparison? {
        guard let signature = element.child("Signature", .ds), let id = element.attribute("ID"), !id.isEmpty,
              (try? XMLSigner.registerID(of: element, value: id)) != nil else { return nil }
        let fixed = FixedProfile.verify(element: element, signature: signature, id: id, certificate: certificate)
        let xmlsec = cryptographicVerify(signature: signature, certificate: certificate, method: .rsaSha256, digest: .sha256, storeBuffers: true)
        let xmlsecAccepted = if case .success = xmlsec.verdict { true } else { false }
        guard case .verified(let digested, let signedInfo) = fixed else {
            return EngineComparison(fixedProfileAccepted: false, xmlsecAccepted: xmlsecAccepted, disagreement: nil)
        }
        var disagreement: String?
        if case .failure(let failure) = xmlsec.verdict {
            disagreement = "the fixed-profile path accepts the signature on \(element.displayName), xmlsec refuses it: \(failure.reason)"
        } else if xmlsec.preDigest != digested {
            disagreement = "the fixed-profile path digested other bytes than xmlsec (\(digested.count) vs \(xmlsec.preDigest?.count ?? 0) bytes)"
        } else if xmlsec.preSign != signedInfo {
            disagreement = "the fixed-profile path verified another canonical SignedInfo than xmlsec (\(signedInfo.count) vs \(xmlsec.preSign?.count ?? 0) bytes)"
        }
        return EngineComparison(fixedProfileAccepted: true, xmlsecAccepted: xmlsecAccepted, disagreement: disagreement)
    }
}
