import Foundation

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
        guard let nameValuePair = parts.first, let equals = nameValuePair.firstIndex(of: "=") else { return nil }
        name = nameValuePair[..<equals].trimmingCookieWhitespace()
        value = nameValuePair[nameValuePair.index(after: equals)...].trimmingCookieWhitespace()
        guard !name.isEmpty else { return nil }
        attributes = parts.dropFirst().compactMap { part in
            let attributeName: String
            let attributeValue: String
            if let equals = part.firstIndex(of: "=") {
                attributeName = part[..<equals].trimmingCookieWhitespace()
                attributeValue = part[part.index(after: equals)...].trimmingCookieWhitespace()
            } else {
                attributeName = part.trimmingCookieWhitespace()
                attributeValue = ""
            }
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

extension StringProtocol {
    /// RFC 6265 trims only spaces and horizontal tabs (WSP).
    func trimmingCookieWhitespace() -> String {
        let isWSP: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isWSP($0) }) else { return "" }
        let last = lastIndex(where: { !isWSP($0) })!
        return String(self[first...last])
    }
}
