/// Character references (`&amp;`, `&#43;`, `&#x2B;`) as HTML decodes them in
/// text and attribute values. Only the named references that occur in real
/// login pages are known; an unknown one is left as written, as HTML does.
enum HTMLEntities {
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let (decoded, next) = reference(in: text, at: index) else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            output.append(decoded)
            index = next
        }
        return output
    }

    /// The reference starting at `start` (which holds `&`): its text and the index after it.
    private static func reference(in text: String, at start: String.Index) -> (String, String.Index)? {
        var cursor = text.index(after: start)
        guard cursor < text.endIndex else { return nil }
        if text[cursor] == "#" {
            cursor = text.index(after: cursor)
            var radix = 10
            if cursor < text.endIndex, text[cursor] == "x" || text[cursor] == "X" {
                radix = 16
                cursor = text.index(after: cursor)
            }
            let digitsStart = cursor
            while cursor < text.endIndex, text[cursor].isHexDigit, radix == 16 || text[cursor].isNumber {
                cursor = text.index(after: cursor)
            }
            guard digitsStart < cursor, let code = UInt32(text[digitsStart..<cursor], radix: radix) else { return nil }
            // The semicolon is optional for numeric references.
            if cursor < text.endIndex, text[cursor] == ";" { cursor = text.index(after: cursor) }
            // NUL, surrogates and out-of-range code points become U+FFFD (HTML §13.2.5.80).
            let scalar = Unicode.Scalar(code).flatMap { code == 0 ? nil : $0 } ?? "\u{FFFD}"
            return (String(Character(scalar)), cursor)
        }
        let nameStart = cursor
        while cursor < text.endIndex, text[cursor].isASCII, text[cursor].isLetter || text[cursor].isNumber {
            cursor = text.index(after: cursor)
        }
        guard nameStart < cursor, let value = named[String(text[nameStart..<cursor])] else { return nil }
        if cursor < text.endIndex, text[cursor] == ";" {
            cursor = text.index(after: cursor)
        } else if !legacyWithoutSemicolon.contains(String(text[nameStart..<cursor])) {
            return nil
        }
        return (value, cursor)
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "plus": "+", "equals": "=", "sol": "/", "colon": ":", "semi": ";", "num": "#",
        "percnt": "%", "quest": "?", "excl": "!", "comma": ",", "period": ".",
        "lpar": "(", "rpar": ")", "lsqb": "[", "rsqb": "]", "lcub": "{", "rcub": "}",
        "verbar": "|", "bsol": "\\", "Tab": "\t", "NewLine": "\n",
        "copy": "©", "reg": "®", "laquo": "«", "raquo": "»", "hellip": "…",
        "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
    ]

    /// Named references that HTML also accepts without `;` (a legacy subset).
    private static let legacyWithoutSemicolon: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]
}
