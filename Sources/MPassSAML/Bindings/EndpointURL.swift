import Foundation
import Vocabulary

/// The checks on an endpoint URL that a binding is about to send a message to.
///
/// Only absolute `http`/`https` URLs pass: the URL ends up in a form's `action` or a
/// `Location` header, and the simulator takes it from an AuthnRequest that anyone can
/// write, so `javascript:` and friends must never get that far (escaping does not help
/// against a dangerous scheme).
enum EndpointURL {
    struct Parts {
        /// Everything before `?` (or the whole URL).
        let base: String
        /// The query already present, without `?`; nil when there is no `?`.
        let query: String?
    }

    static func validate(_ url: String, what: String) throws(HarnessError) -> Parts {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            throw HarnessError(.bindingBadURL, "the \(what) \"\(url)\" is not an absolute http(s) URL")
        }
        guard !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw HarnessError(.bindingBadURL, "the \(what) \"\(url)\" contains whitespace or control characters")
        }
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw HarnessError(.bindingBadURL, "the \(what) \"\(url)\" has no host")
        }
        guard !url.contains("#") else {
            throw HarnessError(.bindingBadURL, "the \(what) \"\(url)\" has a fragment (#…); SAML endpoints never do")
        }
        if let mark = url.firstIndex(of: "?") {
            return Parts(base: String(url[..<mark]), query: String(url[url.index(after: mark)...]))
        }
        return Parts(base: url, query: nil)
    }
}
