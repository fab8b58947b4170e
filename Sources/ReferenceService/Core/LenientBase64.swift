import Foundation
import Vocabulary

/// The `lenientBase64` weakness: the SAMLResponse value is decoded the way lenient base64
/// decoders do (Foundation's `.ignoreUnknownCharacters`, Python's `b64decode` without
/// `validate`): characters outside the alphabet are skipped instead of refused. A value
/// that is not base64 then still yields a message, and the Service judges bytes that are not
/// what was sent (SAML Bindings 3.5.4; RFC 4648 3.3).
enum LenientBase64 {
    static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")

    /// The form body with the SAMLResponse value reduced to base64 characters (whitespace,
    /// which the hardened decoder already skips, included); every other field as it came.
    static func cleaned(_ formBody: String) -> String {
        FormURLEncoding.rewritingPairs(formBody) { name, value in
            // A value that does not decode (a bad escape, not UTF-8) stays as it came.
            guard name == "SAMLResponse", let value,
                  let bytes = try? FormURLEncoding.strictPercentDecode(value, plusAsSpace: true),
                  let text = String(validating: bytes, as: UTF8.self) else { return nil }
            let kept = String(text.filter(alphabet.contains))
            return "SAMLResponse=" + FormURLEncoding.percentEncode(kept)
        }
    }
}
