import Foundation
import Vocabulary

/// Percent-encoding and query splitting for both bindings, done by hand on bytes.
///
/// Foundation's URL types are not used on purpose: they normalise (re-encode, change the
/// case of escapes, reorder nothing but touch plenty), and the Redirect binding's signature
/// covers the exact octets received (SAML Bindings 3.4.4.1), so the raw text must survive.
enum URLQueryCoding {
    /// One `name=value` pair as it appeared on the wire, still percent-encoded.
    struct RawPair: Sendable, Equatable {
        let name: String
        let value: String
    }

    /// RFC 3986 unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~") stay as they
    /// are; every other byte becomes `%XX` with uppercase hex (RFC 3986 2.1 recommends
    /// uppercase). `+`, `/` and `=` of base64 are therefore always escaped.
    static func percentEncode(_ text: String) -> String {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count * 3 / 2)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(0x25) // %
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `application/x-www-form-urlencoded` serialisation of pairs (values percent-encoded).
    static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// Splits a query or form body on `&`, each pair on its first `=`, keeping both sides
    /// exactly as received. Empty segments (`a=1&&b=2`) are dropped; a name without `=`
    /// gets an empty value.
    static func rawPairs(_ query: String) -> [RawPair] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { segment in
            if let equals = segment.firstIndex(of: "=") {
                return RawPair(name: String(segment[..<equals]), value: String(segment[segment.index(after: equals)...]))
            }
            return RawPair(name: String(segment), value: "")
        }
    }

    /// Decodes `%XX` escapes (either case of hex). `plusAsSpace` applies the form-encoding
    /// rule that `+` means a space; without it `+` stays `+` (RFC 3986 query semantics).
    /// A `%` not followed by two hex digits is refused: guessing would change signed bytes.
    static func percentDecode(_ raw: String, plusAsSpace: Bool, what: String) throws(HarnessError) -> [UInt8] {
        let bytes = Array(raw.utf8)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x25 {
                guard index + 2 < bytes.count,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    let shown = String(decoding: bytes[index..<min(index + 3, bytes.count)], as: UTF8.self)
                    throw HarnessError(.bindingBadURL,
                        "\(what) has a malformed percent-escape \"\(shown)\" at offset \(index); every % must be followed by two hex digits")
                }
                output.append(high << 4 | low)
                index += 3
            } else if byte == 0x2B && plusAsSpace {
                output.append(0x20)
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// `percentDecode`, then UTF-8, refusing byte sequences that are not UTF-8.
    static func percentDecodeString(_ raw: String, plusAsSpace: Bool, what: String) throws(HarnessError) -> String {
        let bytes = try percentDecode(raw, plusAsSpace: plusAsSpace, what: what)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HarnessError(.bindingBadURL, "\(what) does not decode to UTF-8 text")
        }
        return text
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E: true
        default: false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
