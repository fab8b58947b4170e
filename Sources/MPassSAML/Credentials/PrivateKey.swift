internal import CXMLSec
import Foundation
import Vocabulary

/// A private key (owned OpenSSL `EVP_PKEY`). Never printed, never serialised into a
/// report: `description` names only its algorithm and size.
// @unchecked Sendable: immutable after init (OpenSSL 3 allows concurrent use of a read-only EVP_PKEY).
public final class PrivateKey: @unchecked Sendable, CustomStringConvertible {
    let pointer: OpaquePointer

    init(takingOwnership pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }

    /// A fresh RSA key (test credentials, the simulator's identity).
    public static func generateRSA(bits: Int = 2048) throws(HarnessError) -> PrivateKey {
        try CLibraries.ensureInitialised()
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else {
            throw OpenSSLErrors.fail(.cryptoFailure, "EVP_PKEY_CTX_new_id")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1,
              EVP_PKEY_keygen(ctx, &key) == 1, let key else {
            throw OpenSSLErrors.fail(.cryptoFailure, "EVP_PKEY_keygen")
        }
        return PrivateKey(takingOwnership: key)
    }

    public var algorithm: KeyAlgorithm { Self.algorithm(of: pointer) }

    public var description: String { "private key (\(algorithm))" }

    /// True when this key is the private half of `certificate`'s public key.
    public func matches(_ certificate: Certificate) -> Bool {
        guard let publicKey = X509_get0_pubkey(certificate.pointer) else { return false }
        return EVP_PKEY_eq(publicKey, pointer) == 1
    }

    /// Signs `data` (PKCS#1 v1.5 with the algorithm's digest), as the Redirect binding does.
    public func sign(_ data: Data, algorithm: SignatureAlgorithm) throws(HarnessError) -> Data {
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSLErrors.fail(.cryptoFailure, "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, algorithm.digest.evpMD, nil, pointer) == 1 else {
            throw OpenSSLErrors.fail(.signingFailed, "EVP_DigestSignInit")
        }
        let bytes = [UInt8](data)
        var length = 0
        guard EVP_DigestSign(ctx, nil, &length, bytes, bytes.count) == 1 else {
            throw OpenSSLErrors.fail(.signingFailed, "EVP_DigestSign")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &signature, &length, bytes, bytes.count) == 1 else {
            throw OpenSSLErrors.fail(.signingFailed, "EVP_DigestSign")
        }
        return Data(signature.prefix(length))
    }

    /// PKCS#8 PEM of the key, unencrypted. Only for writing a key file: the one the user
    /// asked for (`keys generate`) and the simulator's own test identity (mode 0600). A TLS
    /// library gets the key through `withPKCS8DER` instead.
    public func pkcs8PEM() throws(HarnessError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLErrors.fail(.cryptoFailure, "BIO_new") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PrivateKey(bio, pointer, nil, nil, 0, nil, nil) == 1 else {
            throw OpenSSLErrors.fail(.cryptoFailure, "PEM_write_bio_PrivateKey")
        }
        return String(decoding: bioContents(bio), as: UTF8.self)
    }

    /// Runs `body` with the key as unencrypted PKCS#8 DER (RFC 5208 PrivateKeyInfo) and
    /// overwrites those bytes, and OpenSSL's, when `body` returns: for a TLS library that
    /// takes a key only as bytes and parses its own copy (NIOSSL for the Service's HTTPS).
    /// Never a `String`, which could not be wiped; never written anywhere.
    package func withPKCS8DER<T>(_ body: ([UInt8]) throws -> T) throws -> T {
        guard let info = EVP_PKEY2PKCS8(pointer) else { throw OpenSSLErrors.fail(.cryptoFailure, "EVP_PKEY2PKCS8") }
        // PKCS8_PRIV_KEY_INFO_free cleanses the key octets it holds.
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        var encoded: UnsafeMutablePointer<UInt8>?
        let length = i2d_PKCS8_PRIV_KEY_INFO(info, &encoded)
        guard length > 0, let encoded else { throw OpenSSLErrors.fail(.cryptoFailure, "i2d_PKCS8_PRIV_KEY_INFO") }
        defer { CRYPTO_clear_free(encoded, Int(length), nil, 0) }
        var bytes = Array(UnsafeBufferPointer(start: encoded, count: Int(length)))
        defer { bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return try body(bytes)
    }

    static func algorithm(of key: OpaquePointer) -> KeyAlgorithm {
        let bits = Int(EVP_PKEY_get_bits(key))
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: return .rsa(bits: bits)
        case EVP_PKEY_EC: return .ec(bits: bits)
        case let id:
            let name = OBJ_nid2sn(id).map { String(cString: $0) } ?? "unknown"
            return .other(name: name, bits: bits)
        }
    }

    static func verify(key: OpaquePointer, signature: Data, data: Data, digest: DigestAlgorithm) -> Bool {
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx); OpenSSLErrors.clear() }
        guard EVP_DigestVerifyInit(ctx, nil, digest.evpMD, nil, key) == 1 else { return false }
        let message = [UInt8](data)
        let sig = [UInt8](signature)
        return EVP_DigestVerify(ctx, sig, sig.count, message, message.count) == 1
    }
}
