/// The one codec for the `Cookie` request header and the name=value pairs of `Set-Cookie`
/// (RFC 6265): what the browser sends, what the simulator and the recorders read back.
public enum CookieHeader {
    /// The `Cookie` header a user agent sends (RFC 6265 §5.4 step 4): each pair as
    /// `name=value`, in the order given, joined by "; ".
    public static func serialize(_ pairs: some Sequence<(name: String, value: String)>) -> String {
        pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
    }

    /// The pairs of a received `Cookie` header (RFC 6265 §4.2.1: `cookie-pair *( ";" SP
    /// cookie-pair )`), in order, duplicates kept (§5.4 puts the more specific cookie
    /// first, so a reader that wants one value per name takes the first). Blanks around
    /// each piece are trimmed; a piece without "=" is a nameless cookie (its text is the
    /// value, as RFC 6265bis sends one), and empty pieces are dropped.
    public static func pairs(_ header: String) -> [FormField] {
        header.split(separator: ";").compactMap { piece in
            if let pair = nameValue(piece) { return FormField(pair.name, pair.value) }
            let value = piece.trimmingCookieWhitespace()
            return value.isEmpty ? nil : FormField("", value)
        }
    }

    /// `name=value` split at its first "=" with the blanks around each side trimmed
    /// (RFC 6265 §5.2 steps 1-4, also what §4.2.1's cookie-pair holds); nil without "=".
    public static func nameValue(_ text: some StringProtocol) -> (name: String, value: String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        return (text[..<equals].trimmingCookieWhitespace(), text[text.index(after: equals)...].trimmingCookieWhitespace())
    }
}

extension StringProtocol {
    /// RFC 6265 trims only spaces and horizontal tabs (WSP).
    package func trimmingCookieWhitespace() -> String {
        let isWSP: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isWSP($0) }) else { return "" }
        let last = lastIndex(where: { !isWSP($0) })!
        return String(self[first...last])
    }
}
