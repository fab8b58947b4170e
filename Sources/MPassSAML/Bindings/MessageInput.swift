import Vocabulary
import Foundation

/// Turns what the user gave into XML bytes: XML as is; a Redirect URL (decoded, its query
/// kept for the signature); a POST form body; otherwise base64.
public enum MessageInput {
    public struct Decoded: Sendable {
        public let xml: Data
        /// Set when the message came as a Redirect URL.
        public let redirect: RedirectBindingMessage?
        /// What the binding itself says (RelayState's length) when the message came by one.
        public var bindingChecks: [CheckResult] = []
    }

    public static func decode(_ raw: Data) throws(HarnessError) -> Decoded {
        let head = String(decoding: raw.prefix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if head.hasPrefix("<") || head.hasPrefix("\u{FEFF}<") || raw.starts(with: [0xFE, 0xFF]) || raw.starts(with: [0xFF, 0xFE]) {
            return Decoded(xml: raw, redirect: nil)
        }
        let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw HarnessError(.xmlEmpty, "the input is empty; give a SAML message") }
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            let message = try HTTPRedirectBinding.decode(url: text)
            return Decoded(xml: message.xml, redirect: message, bindingChecks: [message.relayStateCheck])
        }
        if text.contains("SAMLResponse=") || text.contains("SAMLRequest=") {
            let message = try HTTPPostBinding.decode(formBody: text)
            return Decoded(xml: message.xml, redirect: nil, bindingChecks: [message.relayStateCheck])
        }
        let compact = text.filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: compact) else {
            throw HarnessError(.bindingBadBase64,
                "the input is neither XML, a form body, a Redirect URL nor valid base64 (\(compact.count) characters, starting \"\(compact.prefix(12))\"); give the raw XML or the exact SAMLResponse/SAMLRequest value")
        }
        return Decoded(xml: decoded, redirect: nil)
    }
}
