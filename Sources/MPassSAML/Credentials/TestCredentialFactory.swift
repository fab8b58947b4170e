internal import CXMLSec
import Foundation
import Vocabulary

/// Makes self-signed credentials for tests, the simulator's identity and `keys generate`.
/// Their subject says they are for testing only, so nobody mistakes one for a STISC certificate.
public enum TestCredentialFactory {
    public static let testOnlyMarker = "TEST ONLY - mpass-harness"

    public struct Request: Sendable {
        /// The subject's CN; the organisation is set to the test-only marker.
        public var commonName: String
        public var bits: Int
        public var notBefore: Date
        public var notAfter: Date
        /// Copy subject and issuer names from this certificate instead ("compatible certificate":
        /// same names as the real one, another key), the fault of TC_SEC_02.
        public var namesCopiedFrom: Certificate?
        /// Key usages to write (nil: digitalSignature only).
        public var keyUsage: String?
        /// subjectAltName, in OpenSSL's form (`DNS:localhost,IP:127.0.0.1`): a TLS server
        /// certificate needs it for browsers to match the host (`live`'s session certificate).
        public var subjectAlternativeNames: String?

        public init(commonName: String, bits: Int = 2048, notBefore: Date = Date().addingTimeInterval(-3600),
                    notAfter: Date = Date().addingTimeInterval(3 * 365 * 86_400),
                    namesCopiedFrom: Certificate? = nil, keyUsage: String? = nil) {
            self.commonName = commonName
            self.bits = bits
            self.notBefore = notBefore
            self.notAfter = notAfter
            self.namesCopiedFrom = namesCopiedFrom
            self.keyUsage = keyUsage
        }

        public init(commonName: String, bits: Int = 2048, notBefore: Date = Date().addingTimeInterval(-3600),
                    notAfter: Date = Date().addingTimeInterval(3 * 365 * 86_400), keyUsage: String? = nil,
                    subjectAlternativeNames: String?) {
            self.init(commonName: commonName, bits: bits, notBefore: notBefore, notAfter: notAfter, keyUsage: keyUsage)
            self.subjectAlternativeNames = subjectAlternativeNames
        }
    }

    /// A new RSA key and a self-signed SHA-256 certificate for it.
    public static func make(_ request: Request) throws(HarnessError) -> SigningIdentity {
        let key = try PrivateKey.generateRSA(bits: request.bits)
        guard let x509 = X509_new() else { throw OpenSSLErrors.fail(.cryptoFailure, "X509_new") }
        // Owned here until signed; `Certificate` caches its encoding, so it wraps only the finished one.
        var finished = false
        defer { if !finished { X509_free(x509) } }
        // Every OpenSSL call is checked: a certificate missing a part must not be signed.
        func check(_ ok: Bool, _ function: String) throws(HarnessError) {
            if !ok { throw OpenSSLErrors.fail(.cryptoFailure, function) }
        }
        try check(X509_set_version(x509, 2) == 1, "X509_set_version")

        // A random positive 127-bit serial, as CAs do.
        guard let serial = BN_new() else { throw OpenSSLErrors.fail(.cryptoFailure, "BN_new") }
        defer { BN_free(serial) }
        try check(BN_rand(serial, 127, -1, 0) == 1, "BN_rand")
        guard let asn1Serial = BN_to_ASN1_INTEGER(serial, nil) else { throw OpenSSLErrors.fail(.cryptoFailure, "BN_to_ASN1_INTEGER") }
        defer { ASN1_INTEGER_free(asn1Serial) }
        try check(X509_set_serialNumber(x509, asn1Serial) == 1, "X509_set_serialNumber")

        try check(ASN1_TIME_set(X509_getm_notBefore(x509), time_t(request.notBefore.timeIntervalSince1970)) != nil, "ASN1_TIME_set(notBefore)")
        try check(ASN1_TIME_set(X509_getm_notAfter(x509), time_t(request.notAfter.timeIntervalSince1970)) != nil, "ASN1_TIME_set(notAfter)")
        try check(X509_set_pubkey(x509, key.pointer) == 1, "X509_set_pubkey")

        if let source = request.namesCopiedFrom {
            try check(X509_set_subject_name(x509, X509_get_subject_name(source.pointer)) == 1, "X509_set_subject_name")
            try check(X509_set_issuer_name(x509, X509_get_issuer_name(source.pointer)) == 1, "X509_set_issuer_name")
        } else {
            guard let name = X509_NAME_new() else { throw OpenSSLErrors.fail(.cryptoFailure, "X509_NAME_new") }
            defer { X509_NAME_free(name) }
            let utf8 = Int32(MBSTRING_UTF8)
            for (field, value) in [("C", "MD"), ("O", testOnlyMarker), ("CN", request.commonName)] {
                try check(X509_NAME_add_entry_by_txt(name, field, utf8, value, -1, -1, 0) == 1, "X509_NAME_add_entry_by_txt(\(field))")
            }
            try check(X509_set_subject_name(x509, name) == 1, "X509_set_subject_name")
            try check(X509_set_issuer_name(x509, name) == 1, "X509_set_issuer_name")
        }

        var context = X509V3_CTX()
        X509V3_set_ctx(&context, x509, x509, nil, nil, 0)
        var extensions = [(NID_basic_constraints, "critical,CA:FALSE"),
                          (NID_key_usage, request.keyUsage ?? "critical,digitalSignature"),
                          (NID_subject_key_identifier, "hash")]
        if let names = request.subjectAlternativeNames { extensions.append((NID_subject_alt_name, names)) }
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw OpenSSLErrors.fail(.cryptoFailure, "X509V3_EXT_conf_nid")
            }
            defer { X509_EXTENSION_free(ext) }
            try check(X509_add_ext(x509, ext, -1) == 1, "X509_add_ext")
        }
        guard X509_sign(x509, key.pointer, EVP_sha256()) > 0 else {
            throw OpenSSLErrors.fail(.cryptoFailure, "X509_sign")
        }
        finished = true
        return try SigningIdentity(privateKey: key, certificate: Certificate(takingOwnership: x509))
    }
}
