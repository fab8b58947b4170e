internal import CXMLSec
import Foundation
import Vocabulary

/// What a signing credential must satisfy before the harness will sign with it.
public struct CredentialPolicy: Sendable {
    /// Smallest RSA modulus accepted (MPass and STISC certificates are 2048 bits or more).
    public var minimumRSABits: Int
    /// The moment at which the certificate must be valid; nil skips the validity check
    /// (for inspecting an expired certificate, never for signing).
    public var validAt: Date?

    public init(minimumRSABits: Int = 2048, validAt: Date? = Date()) {
        self.minimumRSABits = minimumRSABits
        self.validAt = validAt
    }

    /// Loads anything loadable, for reporting on it (preflight, `keys show`).
    public static let inspectOnly = CredentialPolicy(minimumRSABits: 0, validAt: nil)
}

/// Loads certificates and signing identities from the files beneficiaries hold:
/// PEM (key and certificates, in one file or two), DER `.cer`, and PKCS#12 `.pfx`/`.p12`
/// with a password (the legacy 3DES/SHA-1 encryption included).
public enum CredentialLoader {
    /// Every certificate in a PEM or DER file (a PKCS#12 needs `loadIdentity`).
    public static func loadCertificates(path: String) throws(HarnessError) -> [Certificate] {
        let data = try read(path)
        return try certificates(from: data, source: path)
    }

    /// The first certificate of a file: what a pinned IdP certificate file holds.
    public static func loadCertificate(path: String) throws(HarnessError) -> Certificate {
        try loadCertificates(path: path)[0]
    }

    static func certificates(from data: Data, source: String) throws(HarnessError) -> [Certificate] {
        if looksLikePEM(data) {
            let all = try Certificate.allFromPEM(data)
            guard !all.isEmpty else {
                throw HarnessError(.credentialNoCertificate,
                    "\(source) is PEM but holds no CERTIFICATE block; export the certificate (not only the key)")
            }
            return all
        }
        do {
            return [try Certificate(derEncoded: data)]
        } catch {
            throw HarnessError(.credentialFormatUnknown,
                "\(source) is neither a PEM nor a DER certificate; give a .cer/.crt/.pem file (or a .pfx with --password)")
        }
    }

    /// A private key with its certificate chain.
    ///
    /// - `path`: a PKCS#12 (`.pfx`, `.p12`), or a PEM holding the key and the certificate(s).
    /// - `keyPath`: a separate PEM/DER key file, when `path` holds only certificates.
    /// - `password`: the PKCS#12 password, or the passphrase of an encrypted PEM key.
    public static func loadIdentity(
        path: String, keyPath: String? = nil, password: String? = nil,
        policy: CredentialPolicy = CredentialPolicy()
    ) throws(HarnessError) -> SigningIdentity {
        let data = try read(path)
        let identity: SigningIdentity
        if isPKCS12(data, path: path) {
            identity = try pkcs12Identity(data, password: password, source: path)
        } else {
            let certificates = try certificates(from: data, source: path)
            let keyData = try keyPath.map { (p) throws(HarnessError) in try read(p) } ?? data
            let key = try privateKey(from: keyData, password: password, source: keyPath ?? path)
            identity = try pair(key: key, certificates: certificates, source: path)
        }
        try check(identity, policy: policy, source: path)
        return identity
    }

    /// Applies a policy to an identity: RSA, key size, validity. Each failure names the fix.
    public static func check(_ identity: SigningIdentity, policy: CredentialPolicy, source: String) throws(HarnessError) {
        let certificate = identity.certificate
        let algorithm = identity.privateKey.algorithm
        guard policy.minimumRSABits == 0 || algorithm.isRSA else {
            throw HarnessError(.credentialNotRSA,
                "\(source) holds a \(algorithm) key; MPass signs and verifies with RSA only (RSA-SHA256): request an RSA certificate")
        }
        guard algorithm.bits >= policy.minimumRSABits else {
            throw HarnessError(.credentialKeyTooSmall,
                "\(source) holds an \(algorithm) key; at least RSA \(policy.minimumRSABits) is required: request a new certificate with a 2048-bit (or larger) key")
        }
        if let now = policy.validAt {
            if now > certificate.notAfter {
                throw HarnessError(.credentialExpired,
                    "the certificate \(certificate.subject) (serial \(certificate.serialHex)) expired on \(SAMLTime.format(certificate.notAfter)); request a new system certificate from STISC and send it to AGE")
            }
            if now < certificate.notBefore {
                throw HarnessError(.credentialNotYetValid,
                    "the certificate \(certificate.subject) is valid only from \(SAMLTime.format(certificate.notBefore)); check the machine's clock or wait")
            }
        }
    }

    // MARK: PKCS#12

    private static func pkcs12Identity(_ data: Data, password: String?, source: String) throws(HarnessError) -> SigningIdentity {
        try CLibraries.ensureInitialised()
        let bytes = [UInt8](data)
        let p12: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let p12 else {
            throw HarnessError(.credentialFormatUnknown, "\(source) is not a PKCS#12 file: \(OpenSSLErrors.drain())")
        }
        defer { PKCS12_free(p12) }
        let pass = password ?? ""
        // The MAC check tells a wrong password apart from a damaged file.
        if PKCS12_mac_present(p12) == 1, PKCS12_verify_mac(p12, pass, Int32(pass.utf8.count)) != 1 {
            // "No password" is written by some tools as an empty string and by others as
            // none at all (a NULL password to the key derivation); OpenSSL tells them apart.
            if pass.isEmpty, PKCS12_verify_mac(p12, nil, 0) == 1 {
                OpenSSLErrors.clear()
                return try pkcs12Contents(p12, password: nil, source: source)
            }
            OpenSSLErrors.clear()
            if password == nil || pass.isEmpty {
                throw HarnessError(.credentialPasswordRequired,
                    "\(source) is password-protected; give its password (--password or the MPASS_HARNESS_PASSWORD environment variable)")
            }
            throw HarnessError(.credentialWrongPassword,
                "the password for \(source) is wrong (its integrity check fails); check the password you received with the certificate")
        }
        return try pkcs12Contents(p12, password: pass, source: source)
    }

    /// Decrypts the bags of a PKCS#12 whose password is known to be right.
    private static func pkcs12Contents(_ p12: OpaquePointer, password: String?, source: String) throws(HarnessError) -> SigningIdentity {
        var key: OpaquePointer?
        var certificate: OpaquePointer?
        var chain: OpaquePointer?
        guard PKCS12_parse(p12, password, &key, &certificate, &chain) == 1 else {
            let detail = OpenSSLErrors.drain()
            // RC2-40 (OpenSSL 1.x's default for certificate bags) lives in OpenSSL 3's
            // legacy provider; without it the right password still fails here.
            let hint = CLibraries.legacyProviderLoaded ? "" :
                " (OpenSSL's legacy provider is not available, and files exported with RC2-40 encryption need it: re-export the .pfx with AES, or install the provider)"
            throw HarnessError(.credentialFormatUnknown, "\(source) could not be decrypted\(hint): \(detail)")
        }
        let others = (0..<CXMLSec_X509StackCount(chain)).compactMap { index -> Certificate? in
            guard let x509 = CXMLSec_X509StackValue(chain, index) else { return nil }
            X509_up_ref(x509)
            return Certificate(takingOwnership: x509)
        }
        if let chain { CXMLSec_X509StackFree(chain) }
        guard let key else {
            if let certificate { X509_free(certificate) }
            throw HarnessError(.credentialNoPrivateKey, "\(source) holds no private key; export the .pfx with its private key")
        }
        let privateKey = PrivateKey(takingOwnership: key)
        if let certificate {
            let leaf = Certificate(takingOwnership: certificate)
            return try SigningIdentity(privateKey: privateKey, certificate: leaf, chain: others)
        }
        return try pair(key: privateKey, certificates: others, source: source)
    }

    // MARK: PEM and DER keys

    private static func privateKey(from data: Data, password: String?, source: String) throws(HarnessError) -> PrivateKey {
        try CLibraries.ensureInitialised()
        if looksLikePEM(data) {
            let text = String(decoding: data, as: UTF8.self)
            guard text.contains("PRIVATE KEY-----") else {
                throw HarnessError(.credentialNoPrivateKey,
                    "\(source) holds no PRIVATE KEY block; give the key file (--key) or a .pfx that carries the key")
            }
            let encrypted = text.contains("ENCRYPTED")
            if encrypted && password == nil {
                throw HarnessError(.credentialPasswordRequired, "the private key in \(source) is encrypted; give its passphrase (--password)")
            }
            let key: OpaquePointer? = try withMemoryBIO(data) { bio in
                var pass = Array((password ?? "").utf8CString)
                return pass.withUnsafeMutableBytes { raw in
                    PEM_read_bio_PrivateKey(bio, nil, nil, raw.baseAddress)
                }
            }
            guard let key else {
                let detail = OpenSSLErrors.drain()
                if encrypted {
                    throw HarnessError(.credentialWrongPassword, "the passphrase for the private key in \(source) is wrong")
                }
                throw HarnessError(.credentialFormatUnknown, "the private key in \(source) could not be read: \(detail)")
            }
            return PrivateKey(takingOwnership: key)
        }
        let bytes = [UInt8](data)
        let key: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        guard let key else {
            OpenSSLErrors.clear()
            throw HarnessError(.credentialNoPrivateKey,
                "\(source) holds no private key that can be read (PEM or DER); give the key file (--key) or a .pfx")
        }
        return PrivateKey(takingOwnership: key)
    }

    /// Finds the certificate that belongs to `key` among `certificates`; the rest is the chain.
    private static func pair(key: PrivateKey, certificates: [Certificate], source: String) throws(HarnessError) -> SigningIdentity {
        guard !certificates.isEmpty else {
            throw HarnessError(.credentialNoCertificate, "\(source) holds a key but no certificate")
        }
        guard let leaf = certificates.first(where: { key.matches($0) }) else {
            let first = certificates[0]
            throw HarnessError(.credentialKeyMismatch,
                "the private key does not belong to the certificate \(first.subject) (serial \(first.serialHex)); give the key that was generated with this certificate's request")
        }
        return try SigningIdentity(privateKey: key, certificate: leaf, chain: certificates.filter { $0 != leaf })
    }

    // MARK: Files

    static func read(_ path: String) throws(HarnessError) -> Data {
        let expanded = (path as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory) else {
            throw HarnessError(.credentialFileUnreadable, "\(path): no such file; check the path")
        }
        guard !isDirectory.boolValue else {
            throw HarnessError(.credentialFileUnreadable, "\(path) is a folder; give the certificate or key file inside it")
        }
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw HarnessError(.credentialFileUnreadable, "\(path) cannot be read; check its permissions")
        }
        // Readable, but nothing in it is a credential: the same fix as any unknown format.
        guard !data.isEmpty else {
            throw HarnessError(.credentialFormatUnknown, "\(path) is empty (0 bytes); give the certificate, key or .pfx file itself")
        }
        return data
    }

    static func looksLikePEM(_ data: Data) -> Bool {
        data.prefix(4096).range(of: Data("-----BEGIN ".utf8)) != nil
    }

    private static func isPKCS12(_ data: Data, path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".pfx") || lower.hasSuffix(".p12") { return true }
        // A DER PKCS#12 starts with a SEQUENCE whose first element is INTEGER 3 (the version).
        guard !looksLikePEM(data), data.count > 8 else { return false }
        let bytes = [UInt8](data.prefix(8))
        guard bytes[0] == 0x30 else { return false }
        let offset = bytes[1] & 0x80 != 0 ? 2 + Int(bytes[1] & 0x7F) : 2
        return offset + 2 < bytes.count && bytes[offset] == 0x02 && bytes[offset + 1] == 0x01 && bytes[offset + 2] == 0x03
    }
}
