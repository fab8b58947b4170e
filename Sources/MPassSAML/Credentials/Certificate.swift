internal import CXMLSec
import Foundation
import Vocabulary

/// An X.509 certificate (owned OpenSSL `X509`), with the facts a person checks:
/// subject, issuer, serial (hex, as AGE asks for it), validity, key, fingerprints.
// @unchecked Sendable: immutable after init (OpenSSL 3 allows concurrent reads of an X509).
public final class Certificate: @unchecked Sendable, Hashable, CustomStringConvertible {
    let pointer: OpaquePointer
    /// The DER encoding, kept: KeyInfo comparisons and fingerprints are byte comparisons,
    /// and re-encoding (or re-parsing, slow in OpenSSL 3) on every validation is waste.
    public let derBytes: Data
    /// SHA-256 fingerprint, `AB:CD:…` uppercase.
    public let sha256Fingerprint: String

    /// Takes ownership of an `X509*` (freed in deinit).
    init(takingOwnership pointer: OpaquePointer) {
        self.pointer = pointer
        self.derBytes = Self.encode(pointer)
        self.sha256Fingerprint = Self.fingerprint(pointer, EVP_sha256())
    }

    deinit { X509_free(pointer) }

    /// Parses one DER-encoded certificate.
    public convenience init(derEncoded der: Data) throws(HarnessError) {
        try CLibraries.ensureInitialised()
        let bytes = [UInt8](der)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            throw HarnessError(.credentialFormatUnknown, "not a DER certificate: \(OpenSSLErrors.drain())")
        }
        self.init(takingOwnership: parsed)
    }

    /// Parses the first certificate of a PEM text.
    public convenience init(pemEncoded pem: String) throws(HarnessError) {
        guard let first = try Certificate.allFromPEM(Data(pem.utf8)).first else {
            throw HarnessError(.credentialNoCertificate, "the PEM text holds no CERTIFICATE block")
        }
        try self.init(derEncoded: first.derBytes)
    }

    /// Parses a certificate given as base64 of its DER (as in `ds:X509Certificate`),
    /// whitespace allowed.
    public convenience init(base64Encoded text: String) throws(HarnessError) {
        let compact = text.filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: compact) else {
            throw HarnessError(.credentialFormatUnknown, "the certificate text is not base64")
        }
        try self.init(derEncoded: der)
    }

    /// Every CERTIFICATE block of a PEM text, in order.
    static func allFromPEM(_ data: Data) throws(HarnessError) -> [Certificate] {
        try CLibraries.ensureInitialised()
        return try withMemoryBIO(data) { bio in
            var result: [Certificate] = []
            while let x509 = PEM_read_bio_X509(bio, nil, nil, nil) {
                result.append(Certificate(takingOwnership: x509))
            }
            OpenSSLErrors.clear() // the loop always ends on a "no start line" error
            return result
        }
    }

    // MARK: Encodings

    private static func encode(_ pointer: OpaquePointer) -> Data {
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(pointer, &buffer)
        guard length > 0, let buffer else { return Data() }
        defer { CXMLSec_OPENSSL_free(buffer) }
        return Data(bytes: buffer, count: Int(length))
    }

    /// Base64 of the DER, one line, as written into `ds:X509Certificate`.
    public var base64: String { derBytes.base64EncodedString() }

    public var pem: String {
        let body = derBytes.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----\n"
    }

    // MARK: Facts

    /// The subject as `C=MD, CN=…`, in the order the certificate stores it.
    public var subject: String { Self.format(X509_get_subject_name(pointer)) }
    public var issuer: String { Self.format(X509_get_issuer_name(pointer)) }

    /// The subject's common name, if any.
    public var commonName: String? {
        subjectEntries.last(where: { $0.key == "CN" })?.value
    }

    /// Subject attributes as (short name, value) pairs in stored order.
    public var subjectEntries: [(key: String, value: String)] { Self.entries(X509_get_subject_name(pointer)) }

    /// The serial number in uppercase hex without separators (`1C1A0D18…`), the form AGE asks for.
    public var serialHex: String {
        guard let bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(pointer), nil) else { return "" }
        defer { BN_free(bn) }
        guard let hex = BN_bn2hex(bn) else { return "" }
        defer { CXMLSec_OPENSSL_free(hex) }
        return String(cString: hex).uppercased()
    }

    /// The serial number in decimal (some forms ask for this).
    public var serialDecimal: String {
        guard let bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(pointer), nil) else { return "" }
        defer { BN_free(bn) }
        guard let dec = BN_bn2dec(bn) else { return "" }
        defer { CXMLSec_OPENSSL_free(dec) }
        return String(cString: dec)
    }

    public var notBefore: Date { Self.date(X509_get0_notBefore(pointer)) }
    public var notAfter: Date { Self.date(X509_get0_notAfter(pointer)) }

    /// True when `date` falls inside [notBefore, notAfter].
    public func isValid(at date: Date) -> Bool { date >= notBefore && date <= notAfter }

    /// Whole days from `date` to notAfter (negative once expired).
    public func daysLeft(at date: Date) -> Int {
        Int((notAfter.timeIntervalSince(date) / 86_400).rounded(.down))
    }

    public var keyAlgorithm: KeyAlgorithm {
        guard let key = X509_get0_pubkey(pointer) else { return .other(name: "unknown", bits: 0) }
        return PrivateKey.algorithm(of: key)
    }

    /// SHA-1 fingerprint, `AB:CD:…` uppercase.
    public var sha1Fingerprint: String { Self.fingerprint(pointer, EVP_sha1()) }

    private static func fingerprint(_ pointer: OpaquePointer, _ md: OpaquePointer) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, md, &digest, &length) == 1 else { return "" }
        return Data(digest.prefix(Int(length))).hexString(separator: ":")
    }

    /// True when subject and issuer are equal and the certificate verifies with its own key.
    /// (X509_check_issued(self, self) would say no for a self-signed end-entity certificate
    /// whose key usage lacks keyCertSign, such as the test credentials and many IdP certificates.)
    public var isSelfSigned: Bool {
        X509_self_signed(pointer, 1) == 1
    }

    /// Key usages named in the certificate (`digitalSignature`, …); nil when the extension is absent.
    public var keyUsage: [String]? {
        let flags = X509_get_key_usage(pointer)
        if flags == UInt32.max { return nil }
        let names: [(UInt32, String)] = [
            (0x0080, "digitalSignature"), (0x0040, "nonRepudiation"), (0x0020, "keyEncipherment"),
            (0x0010, "dataEncipherment"), (0x0008, "keyAgreement"), (0x0004, "keyCertSign"),
            (0x0002, "cRLSign"), (0x0001, "encipherOnly"), (0x8000, "decipherOnly"),
        ]
        return names.filter { flags & $0.0 != 0 }.map(\.1)
    }

    /// True when `issuerCertificate` issued this one: its subject is this one's issuer, the
    /// key identifiers agree, and its key verifies this certificate's signature. Whether the
    /// issuer was allowed to issue (CA flag, keyCertSign) is a question for chain validation,
    /// not answered here, so a self-signed end-entity certificate is issued by itself.
    public func isIssued(by issuerCertificate: Certificate) -> Bool {
        let relation = X509_check_issued(issuerCertificate.pointer, pointer)
        guard relation == X509_V_OK || relation == X509_V_ERR_KEYUSAGE_NO_CERTSIGN,
              let key = X509_get0_pubkey(issuerCertificate.pointer) else { return false }
        defer { OpenSSLErrors.clear() }
        return X509_verify(pointer, key) == 1
    }

    /// Verifies a raw signature (HTTP-Redirect binding) with this certificate's public key.
    public func verify(signature: Data, over data: Data, algorithm: SignatureAlgorithm) -> Bool {
        guard let key = X509_get0_pubkey(pointer) else { return false }
        return PrivateKey.verify(key: key, signature: signature, data: data, digest: algorithm.digest)
    }

    /// True when the two certificates carry the same public key.
    public func hasSamePublicKey(as other: Certificate) -> Bool {
        guard let a = X509_get0_pubkey(pointer), let b = X509_get0_pubkey(other.pointer) else { return false }
        return EVP_PKEY_eq(a, b) == 1
    }

    public var description: String { "\(subject) (serial \(serialHex))" }

    public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
        lhs.derBytes == rhs.derBytes
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(derBytes) }

    // MARK: Helpers

    private static func entries(_ name: OpaquePointer?) -> [(key: String, value: String)] {
        guard let name else { return [] }
        var result: [(String, String)] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry))
            let key = OBJ_nid2sn(nid).map { String(cString: $0) } ?? "OID"
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry))
            guard length >= 0, let utf8 else { continue }
            result.append((key, String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)))
            CXMLSec_OPENSSL_free(utf8)
        }
        return result
    }

    private static func format(_ name: OpaquePointer?) -> String {
        entries(name).map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        guard let time else { return .distantPast }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return .distantPast }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
