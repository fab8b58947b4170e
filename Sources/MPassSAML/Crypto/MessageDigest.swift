internal import CXMLSec
import Foundation

/// Digests of byte strings for the rest of the package (the evidence bundle's manifest, the
/// HAR redaction's tags), through the OpenSSL the core already links: no second crypto
/// implementation to trust, and no other module importing the C libraries.
package enum MessageDigest {
    /// The 32-byte SHA-256 of `data` (FIPS 180-4).
    package static func sha256(_ data: Data) -> Data {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &output, &length, EVP_sha256(), nil)
        }
        // One-shot SHA-256 fails only when OpenSSL cannot allocate its context.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed: \(OpenSSLErrors.drain())")
        return Data(output)
    }

    /// SHA-256 in lowercase hex, as `sha256sum` prints it.
    package static func sha256Hex(_ data: Data) -> String {
        sha256(data).map { String(format: "%02x", $0) }.joined()
    }
}
