internal import CXMLSec
import Foundation

/// SHA-256 through OpenSSL's one-shot digest (the library the harness already links; no
/// second crypto implementation to trust).
enum SHA256Digest {
    static func digest(of data: Data) -> Data {
        var output = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &output, &length, EVP_sha256(), nil)
        }
        // EVP_Digest with SHA-256 cannot fail short of memory exhaustion.
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return Data(output)
    }

    /// Lowercase hex, as `sha256sum` prints it.
    static func hex(of data: Data) -> String {
        digest(of: data).map { String(format: "%02x", $0) }.joined()
    }
}
