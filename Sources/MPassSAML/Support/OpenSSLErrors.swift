internal import CXMLSec
import Foundation
import Vocabulary

/// The funnel from OpenSSL's thread-local error queue to a readable sentence.
enum OpenSSLErrors {
    /// Drains the queue and returns its entries, oldest first ("no detail" when empty).
    static func drain() -> String {
        let entries = drainEntries()
        return entries.isEmpty ? "OpenSSL gave no detail" : entries.joined(separator: "; ")
    }

    /// Drains the queue and returns its entries, oldest first (at most 8; empty when none):
    /// for callers that say something else when OpenSSL said nothing.
    static func drainEntries() -> [String] {
        var entries: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            if entries.count < 8 {
                let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
                entries.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return entries
    }

    /// Drains the queue and returns the reason codes (to tell a wrong password from a bad file).
    static func drainReasons() -> [Int32] {
        var reasons: [Int32] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            reasons.append(Int32(truncatingIfNeeded: code & 0x7FFFFF))
        }
        return reasons
    }

    static func clear() { ERR_clear_error() }

    /// Throws a `HarnessError` of `code` carrying the function name and the OpenSSL error stack.
    static func fail(_ code: HarnessError.Code, _ function: String) -> HarnessError {
        HarnessError(code, "\(function) failed: \(drain())")
    }
}

/// Reads everything written to a memory BIO.
func bioContents(_ bio: OpaquePointer) -> Data {
    var pointer: UnsafeMutablePointer<CChar>?
    let length = CXMLSec_BIOMemData(bio, &pointer)
    guard let pointer, length > 0 else { return Data() }
    return Data(bytes: pointer, count: length)
}

/// Runs `body` with a memory BIO holding a copy of `data`.
func withMemoryBIO<T>(_ data: Data, _ body: (OpaquePointer) throws(HarnessError) -> T) throws(HarnessError) -> T {
    guard let bio = BIO_new(BIO_s_mem()) else {
        throw OpenSSLErrors.fail(.cryptoFailure, "BIO_new")
    }
    defer { BIO_free(bio) }
    let written = data.withUnsafeBytes { raw in BIO_write(bio, raw.baseAddress, Int32(raw.count)) }
    guard written == data.count else { throw OpenSSLErrors.fail(.cryptoFailure, "BIO_write") }
    return try body(bio)
}

extension Data {
    /// Uppercase hex with a separator between bytes ("AB:CD"), as certificate tools print fingerprints.
    func hexString(separator: String = "") -> String {
        map { String(format: "%02X", $0) }.joined(separator: separator)
    }
}
