internal import CXMLSec
import Foundation
import Vocabulary

/// A detached CMS (RFC 5652) SignedData over a byte string: SHA-256, the signer's certificate
/// (and the rest of its chain) included, DER. What `openssl cms -verify -binary -inform DER
/// -in manifest.json.p7s -content manifest.json -noverify` accepts. The evidence bundle's
/// manifest signature; here so that only this module talks to OpenSSL.
///
/// How it is made: the CMS structure is built by OpenSSL around the certificate's public
/// key, without signed attributes, and the one signature it needs (RSA PKCS#1 v1.5 with
/// SHA-256 over the content, RFC 5652 §5.4 when signedAttrs is absent) is made by
/// `PrivateKey.sign`, so the key is used the one way the rest of the tool uses it. RFC 5652
/// §5.3 allows signedAttrs to be absent when the content type is id-data, as here. The
/// result is verified before it is returned, so a wrong structure can never be written.
package enum CMSDetachedSignedData {
    /// What a verification found: the signature's validity, and the signer whatever the validity.
    package struct Verification: Sendable {
        package var isValid = false
        /// Why not, when not valid.
        package var reason: String?
        /// The certificate the SignerInfo names, from the certificates the CMS carries.
        package var signer: Certificate?
        package var signerCount = 0
        /// False when the bytes are not a CMS SignedData at all (then there is no signer to show).
        package var isSignedData = false
        /// The digest algorithm's short name (`SHA256`).
        package var digestAlgorithm: String?
    }

    /// Signs `content` with `identity`; throws `signature.signing-failed` naming the OpenSSL
    /// function that failed, or when the result does not verify (a key that is not RSA).
    package static func sign(_ content: Data, identity: SigningIdentity) throws(HarnessError) -> Data {
        try CLibraries.ensureInitialised()
        defer { OpenSSLErrors.clear() }
        let certificate = identity.certificate.pointer
        guard let publicKey = X509_get0_pubkey(certificate) else {
            throw OpenSSLErrors.fail(.signingFailed, "X509_get0_pubkey")
        }
        let structureFlags = UInt32(CMS_DETACHED | CMS_BINARY | CMS_PARTIAL)
        guard let cms = CMS_sign(nil, nil, nil, nil, structureFlags) else {
            throw OpenSSLErrors.fail(.signingFailed, "CMS_sign")
        }
        defer { CMS_ContentInfo_free(cms) }
        // CMS_NOATTR: no signed attributes, so the signature is over the content itself.
        // CMS_PARTIAL: OpenSSL must not try to sign (it is given only the public key).
        guard let signerInfo = CMS_add1_signer(cms, certificate, publicKey, EVP_sha256(),
                                               UInt32(CMS_NOATTR | CMS_BINARY | CMS_PARTIAL)) else {
            throw OpenSSLErrors.fail(.signingFailed, "CMS_add1_signer")
        }
        for issuer in identity.chain {
            // CMS_add1_cert takes its own reference; the Certificate keeps ours.
            guard CMS_add1_cert(cms, issuer.pointer) == 1 else {
                throw OpenSSLErrors.fail(.signingFailed, "CMS_add1_cert")
            }
        }

        let signature: Data
        do {
            signature = try identity.privateKey.sign(content, algorithm: .rsaSha256)
        } catch {
            throw HarnessError(.signingFailed, "signing the content failed: \(error.reason)")
        }
        guard let value = CMS_SignerInfo_get0_signature(signerInfo) else {
            throw OpenSSLErrors.fail(.signingFailed, "CMS_SignerInfo_get0_signature")
        }
        let stored = signature.withUnsafeBytes { buffer in
            ASN1_STRING_set(value, buffer.baseAddress, Int32(buffer.count))
        }
        guard stored == 1 else { throw OpenSSLErrors.fail(.signingFailed, "ASN1_STRING_set") }

        var output: UnsafeMutablePointer<UInt8>?
        let length = i2d_CMS_ContentInfo(cms, &output)
        guard length > 0, let output else { throw OpenSSLErrors.fail(.signingFailed, "i2d_CMS_ContentInfo") }
        defer { CXMLSec_OPENSSL_free(output) }
        let der = Data(bytes: output, count: Int(length))

        let check = verify(signature: der, content: content)
        guard check.isValid else {
            throw HarnessError(.signingFailed,
                "the CMS signature just made does not verify (\(check.reason ?? "unknown reason")); the key may not be RSA")
        }
        return der
    }

    /// Verifies a detached SignedData over `content`. Invalid is a result (with the reason),
    /// never a throw. The signer's certificate is not chain-validated (the caller compares it).
    package static func verify(signature der: Data, content: Data) -> Verification {
        defer { OpenSSLErrors.clear() }
        var result = Verification()
        guard (try? CLibraries.ensureInitialised()) != nil else {
            result.reason = "the C libraries failed to initialise"
            return result
        }
        let parsed: OpaquePointer? = der.withUnsafeBytes { buffer in
            var cursor = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return d2i_CMS_ContentInfo(nil, &cursor, buffer.count)
        }
        guard let cms = parsed else {
            result.reason = "the signature file is not a DER CMS structure (\(OpenSSLErrors.drain()))"
            return result
        }
        defer { CMS_ContentInfo_free(cms) }
        guard OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed else {
            result.reason = "the CMS structure is not SignedData"
            return result
        }
        result.isSignedData = true

        let signerInfos = CMS_get0_SignerInfos(cms)
        result.signerCount = Int(CXMLSec_CMSSignerInfoCount(signerInfos))
        if result.signerCount > 0, let signerInfo = CXMLSec_CMSSignerInfoValue(signerInfos, 0) {
            result.signer = signerCertificate(cms, signerInfo)
            var digest: UnsafeMutablePointer<X509_ALGOR>?
            CMS_SignerInfo_get0_algs(signerInfo, nil, nil, &digest, nil)
            if let digest {
                var object: OpaquePointer?
                X509_ALGOR_get0(&object, nil, nil, digest)
                result.digestAlgorithm = OBJ_nid2sn(OBJ_obj2nid(object)).map { String(cString: $0) }
            }
        }
        guard result.signerCount == 1 else {
            result.reason = "the CMS structure has \(result.signerCount) signers; a bundle is signed by exactly one"
            return result
        }
        guard result.digestAlgorithm == "SHA256" else {
            result.reason = "the digest algorithm is \(result.digestAlgorithm ?? "unknown"); bundles are signed with SHA-256"
            return result
        }
        guard CMS_is_detached(cms) == 1 else {
            result.reason = "the CMS structure embeds its content; a bundle signature is detached (over manifest.json)"
            return result
        }

        let verified: Int32 = content.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return -1 }
            defer { BIO_free(bio) }
            // NO_SIGNER_CERT_VERIFY: the STISC chain is not in any default trust store; the
            // signer is returned for the caller to compare instead.
            return CMS_verify(cms, nil, nil, bio, nil, UInt32(CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY))
        }
        if verified == 1 {
            result.isValid = true
        } else {
            result.reason = "the signature does not match manifest.json (\(OpenSSLErrors.drain()))"
        }
        return result
    }

    /// The carried certificate the SignerInfo names, as a `Certificate` that holds its own
    /// reference to OpenSSL's X509 (no DER round trip).
    private static func signerCertificate(_ cms: OpaquePointer, _ signerInfo: OpaquePointer) -> Certificate? {
        guard let certificates = CMS_get1_certs(cms) else { return nil }
        defer { CXMLSec_X509StackFree(certificates) }
        for index in 0..<CXMLSec_X509StackCount(certificates) {
            guard let candidate = CXMLSec_X509StackValue(certificates, index),
                  CMS_SignerInfo_cert_cmp(signerInfo, candidate) == 0 else { continue }
            guard X509_up_ref(candidate) == 1 else { return nil }
            return Certificate(takingOwnership: candidate)
        }
        return nil
    }
}
