import Foundation
import Vocabulary

/// One `Set-Cookie` header split into its name, value and attributes
/// (RFC 6265 §5.2), before the jar decides whether to keep it.
struct SetCookieHeader: Sendable {
    var name: String
    var value: String
    /// Attributes in order, names lower-cased; a later one wins (§5.3 "last attribute").
    var attributes: [(name: String, value: String)]

    /// nil when the header has no `=` in its first part or an empty name
    /// (§5.2 steps 2 and 5: "ignore the set-cookie-string entirely").
    init?(_ header: String) {
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        guard let nameValuePair = parts.first, let pair = CookieHeader.nameValue(nameValuePair) else { return nil }
        (name, value) = pair
        guard !name.isEmpty else { return nil }
        attributes = parts.dropFirst().compactMap { part in
            let (attributeName, attributeValue) = CookieHeader.nameValue(part) ?? (part.trimmingCookieWhitespace(), "")
            return attributeName.isEmpty ? nil : (attributeName.lowercased(), attributeValue)
        }
    }

    func last(_ attribute: String) -> String? {
        attributes.last { $0.name == attribute }?.value
    }

    func has(_ attribute: String) -> Bool {
        attributes.contains { $0.name == attribute }
    }
}
