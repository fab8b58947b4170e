/// A check id as the library's reports name it (`response.destination`), or every check
/// under a dotted prefix (`response.signature.*`), or every check of a report (`*`).
///
/// Weaknesses are written as patterns over the library's stable check ids, so a weakness
/// can only forgive what the library reports; it never re-implements or skips a check.
public struct CheckPattern: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    public init(_ text: String) { self.text = text }
    public init(stringLiteral value: String) { self.text = value }

    public func matches(_ id: String) -> Bool {
        if text == "*" { return true }
        if text.hasSuffix(".*") { return id.hasPrefix(String(text.dropLast())) }
        return id == text
    }

    public var description: String { text }
}
