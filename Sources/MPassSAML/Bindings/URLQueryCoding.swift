import Foundation
import Vocabulary

/// The bindings' strict reading of percent-encoded text, on `FormURLEncoding` (Vocabulary):
/// a malformed escape is refused as `bindingBadURL`, never guessed at, since the Redirect
/// binding's signature covers the exact octets received (SAML Bindings 3.4.4.1).
enum URLQueryCoding {
    /// Decodes `%XX` escapes (either case of hex). `plusAsSpace` applies the form-encoding
    /// rule that `+` means a space; without it `+` stays `+` (RFC 3986 query semantics).
    static func percentDecode(_ raw: String, plusAsSpace: Bool, what: String) throws(HarnessError) -> [UInt8] {
        do {
            return try FormURLEncoding.strictPercentDecode(raw, plusAsSpace: plusAsSpace)
        } catch {
            throw HarnessError(.bindingBadURL,
                "\(what) has a malformed percent-escape \"\(error.text)\" at offset \(error.offset); every % must be followed by two hex digits")
        }
    }

    /// `percentDecode`, then UTF-8, refusing byte sequences that are not UTF-8.
    static func percentDecodeString(_ raw: String, plusAsSpace: Bool, what: String) throws(HarnessError) -> String {
        let bytes = try percentDecode(raw, plusAsSpace: plusAsSpace, what: what)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw HarnessError(.bindingBadURL, "\(what) does not decode to UTF-8 text")
        }
        return text
    }
}
