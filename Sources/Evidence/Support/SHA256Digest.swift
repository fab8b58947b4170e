import Foundation
import MPassSAML

/// SHA-256 as the bundle's manifest and the HAR redaction tags write it; the digest itself
/// is MPassSAML's (the one module that talks to OpenSSL).
enum SHA256Digest {
    /// Lowercase hex, as `sha256sum` prints it.
    static func hex(of data: Data) -> String {
        MessageDigest.sha256Hex(data)
    }
}
