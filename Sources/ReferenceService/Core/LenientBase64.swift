import Foundation

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
        formBody.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard pair.hasPrefix("SAMLResponse="),
                  let value = String(pair.dropFirst("SAMLResponse=".count)).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            else { return String(pair) }
            let kept = String(value.filter(alphabet.contains))
            return "SAMLResponse=" + (kept.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? kept)
        }.joined(separator: "&")
    }
}
