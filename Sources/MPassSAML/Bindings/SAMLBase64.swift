import Foundation
import Vocabulary

/// Base64 as the bindings carry it (RFC 2045 alphabet, padded). Whitespace is tolerated
/// because browsers and some IdPs wrap long lines (the official MPass library's pages
/// included); anything else that is not base64 is refused with the offending character and
/// its offset, because a silently skipped byte would make a different message.
enum SAMLBase64 {
    /// Decodes `text`; `field` names the parameter in error messages; `maxBytes` caps the
    /// decoded size before anything is allocated.
    static func decode(_ text: String, field: String, maxBytes: Int) throws(HarnessError) -> Data {
        var compact = [UInt8]()
        compact.reserveCapacity(text.utf8.count)
        var sawSpace = false
        var padding = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                if byte == 0x20 { sawSpace = true }
                continue
            case 0x3D: // =
                padding += 1
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2B, 0x2F:
                guard padding == 0 else {
                    throw HarnessError(.bindingBadBase64,
                        "\(field) has base64 data after '=' padding at offset \(offset); padding may only end the value")
                }
            default:
                let shown = byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "byte 0x%02X", byte)
                throw HarnessError(.bindingBadBase64,
                    "\(field) is not base64: \(shown) at offset \(offset) is outside the base64 alphabet (A-Z a-z 0-9 + / =)")
            }
            compact.append(byte)
        }
        guard !compact.isEmpty else {
            throw HarnessError(.bindingBadBase64, "\(field) is empty; it must carry the base64 of a SAML message")
        }
        guard padding <= 2, compact.count % 4 == 0 else {
            // A '+' that was not percent-encoded reaches us as a space and is then dropped
            // as whitespace, which shortens the value: say so, it is the usual cause.
            let hint = sawSpace ? " (it contained spaces: was a '+' sent without percent-encoding as %2B?)" : " (truncated?)"
            throw HarnessError(.bindingBadBase64,
                "\(field) is not valid base64: \(compact.count) characters without whitespace, not a multiple of 4\(hint)")
        }
        let decodedSize = compact.count / 4 * 3 - padding
        guard decodedSize <= maxBytes else {
            throw HarnessError(.bindingTooLarge,
                "\(field) decodes to \(decodedSize) bytes, over the limit of \(maxBytes); a SAML message is a few kilobytes")
        }
        guard let data = Data(base64Encoded: Data(compact)) else {
            throw HarnessError(.bindingBadBase64, "\(field) is not valid base64")
        }
        return data
    }
}
