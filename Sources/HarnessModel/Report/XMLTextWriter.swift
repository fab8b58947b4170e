/// A small XML writer for documents without a namespace (JUnit), where the core's
/// `XMLDocument` (always namespaced, built for SAML) does not fit.
///
/// Every value goes through `escapeText` or `escapeAttribute`; names are the writer's own
/// constants. Characters XML 1.0 cannot carry at all, not even as a character reference
/// (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF), become U+FFFD, so that a hostile
/// string in a check detail cannot make the file unreadable for a CI tool.
/// No CDATA sections: with `>` escaped, `]]>` needs no special case.
struct XMLTextWriter {
    private(set) var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []
    /// True while the innermost open element has only its start tag written (no `>` yet),
    /// so an element without content can still be closed as `<name/>`.
    private var startTagPending = false
    /// True when text was the last thing written, so the closing tag follows it directly
    /// (indenting it would add whitespace to the element's text).
    private var afterText = false

    mutating func start(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        closePendingStartTag(newline: true)
        if afterText { output += "\n" }
        afterText = false
        output += indentation + "<" + name
        for (key, value) in attributes {
            output += " \(key)=\"\(Self.escapeAttribute(value))\""
        }
        open.append(name)
        startTagPending = true
    }

    mutating func end() {
        let name = open.removeLast()
        if startTagPending {
            output += "/>\n"
            startTagPending = false
        } else {
            if !afterText { output += indentation }
            output += "</\(name)>\n"
        }
        afterText = false
    }

    /// An element holding only text: `<name attr="…">text</name>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String? = nil) {
        start(name, attributes)
        if let text { self.text(text) }
        end()
    }

    /// Text inside the innermost open element, written as is (no indentation is added, so
    /// multi-line text keeps its lines).
    mutating func text(_ value: String) {
        closePendingStartTag(newline: false)
        output += Self.escapeText(value)
        afterText = true
    }

    private mutating func closePendingStartTag(newline: Bool) {
        guard startTagPending else { return }
        output += newline ? ">\n" : ">"
        startTagPending = false
    }

    private var indentation: String { String(repeating: "  ", count: open.count) }

    static func escapeText(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            default: nil
            }
        }
    }

    /// Also escapes quotes and the whitespace characters that attribute normalisation
    /// would otherwise turn into spaces, so a multi-line failure message keeps its lines.
    static func escapeAttribute(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&apos;"
            case "\n": "&#10;"
            case "\r": "&#13;"
            case "\t": "&#9;"
            default: nil
            }
        }
    }

    private static func escape(_ value: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            if let replaced = replacement(scalar) {
                result += replaced
            } else if isAllowed(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "\u{FFFD}"
            }
        }
        return result
    }

    /// XML 1.0's `Char` production (surrogates cannot occur in a Swift string).
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD: true
        case 0x10000...0x10FFFF: true
        default: false
        }
    }
}
