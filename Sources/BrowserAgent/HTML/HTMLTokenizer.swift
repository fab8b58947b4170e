/// A tag seen in an HTML page: lower-cased name and attributes in order, values decoded.
struct HTMLTag: Sendable {
    enum Kind: Sendable { case start, end }
    var kind: Kind
    var name: String
    var attributes: [(name: String, value: String)]
    var selfClosing: Bool

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    func has(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }
}

/// What the tokenizer hands out, in document order.
enum HTMLToken: Sendable {
    case tag(HTMLTag)
    /// Character data between tags, entities decoded.
    case text(String)
    /// The raw content of a `<script>`, `<style>`, `<textarea>` or `<title>`
    /// element, which is not parsed for tags (HTML's raw-text and RCDATA states).
    case rawText(element: String, text: String)
}

/// A forgiving HTML tokenizer: enough of the HTML5 tokenization rules for the
/// pages identity flows produce (quoted, single-quoted and bare attribute values,
/// any letter case, comments, doctype, script bodies), not a tree builder.
struct HTMLTokenizer {
    /// Elements whose content is text up to the matching end tag.
    private static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "noembed", "xmp"]

    private let scalars: [Unicode.Scalar]
    private var position = 0
    /// The raw text of the element just opened, handed out right after its start tag.
    private var pendingRawText: HTMLToken?

    init(_ html: String) {
        scalars = Array(html.unicodeScalars)
    }

    static func tokenize(_ html: String) -> [HTMLToken] {
        var tokenizer = HTMLTokenizer(html)
        var tokens: [HTMLToken] = []
        while let token = tokenizer.next() { tokens.append(token) }
        return tokens
    }

    mutating func next() -> HTMLToken? {
        if let pending = pendingRawText {
            pendingRawText = nil
            return pending
        }
        while position < scalars.count {
            if scalars[position] == "<" {
                if let token = markup() { return token }
                continue
            }
            let start = position
            while position < scalars.count, scalars[position] != "<" { position += 1 }
            let text = string(start, position)
            if !text.isEmpty { return .text(HTMLEntities.decode(text)) }
        }
        return nil
    }

    /// At a `<`: a tag, a comment, a doctype, or a literal `<` in text.
    private mutating func markup() -> HTMLToken? {
        let start = position
        position += 1
        if starts(with: "!--") {
            position += 3
            // A comment ends at the first "-->" (or the end of the page).
            position = find("-->").map { $0 + 3 } ?? scalars.count
            return nil
        }
        if peek() == "!" || peek() == "?" {
            // Doctype, CDATA or a processing instruction: skip to ">".
            position = find(">").map { $0 + 1 } ?? scalars.count
            return nil
        }
        var kind = HTMLTag.Kind.start
        if peek() == "/" {
            kind = .end
            position += 1
        }
        guard let first = peek(), first.properties.isAlphabetic else {
            // Not a tag ("a < b", "</ >"): the "<" is text.
            position = start + 1
            return .text("<")
        }
        let nameStart = position
        while let scalar = peek(), !isSpace(scalar), scalar != "/", scalar != ">" { position += 1 }
        let name = string(nameStart, position).lowercased()
        var tag = HTMLTag(kind: kind, name: name, attributes: [], selfClosing: false)
        readAttributes(into: &tag)

        if kind == .start, Self.rawTextElements.contains(name), !tag.selfClosing {
            let contentStart = position
            let contentEnd = findEndTag(name) ?? scalars.count
            var text = string(contentStart, contentEnd)
            // textarea and title are RCDATA: references are decoded; script and style are raw.
            if name == "textarea" || name == "title" { text = HTMLEntities.decode(text) }
            position = contentEnd
            pendingRawText = .rawText(element: name, text: text)
        }
        return .tag(tag)
    }


    private mutating func readAttributes(into tag: inout HTMLTag) {
        while position < scalars.count {
            skipSpaces()
            guard let scalar = peek() else { return }
            if scalar == ">" {
                position += 1
                return
            }
            if scalar == "/" {
                position += 1
                if peek() == ">" {
                    tag.selfClosing = true
                    position += 1
                    return
                }
                continue
            }
            let nameStart = position
            // An attribute name may begin with "=" (HTML §13.2.5.32); it is taken literally.
            position += 1
            while let c = peek(), !isSpace(c), c != "/", c != ">", c != "=" { position += 1 }
            let name = string(nameStart, position).lowercased()
            skipSpaces()
            var value = ""
            if peek() == "=" {
                position += 1
                skipSpaces()
                if let quote = peek(), quote == "\"" || quote == "'" {
                    position += 1
                    let valueStart = position
                    while let c = peek(), c != quote { position += 1 }
                    value = string(valueStart, position)
                    if position < scalars.count { position += 1 }
                } else {
                    let valueStart = position
                    while let c = peek(), !isSpace(c), c != ">" { position += 1 }
                    value = string(valueStart, position)
                }
            }
            // A repeated attribute is ignored, the first one counts (HTML §13.2.5.33).
            if !tag.has(name) {
                tag.attributes.append((name, HTMLEntities.decode(value)))
            }
        }
    }

    /// Index of `</name` (any case) followed by a space, "/" or ">", from the current position.
    private func findEndTag(_ name: String) -> Int? {
        let needle = Array(("</" + name).unicodeScalars)
        var index = position
        while index + needle.count <= scalars.count {
            var matches = true
            for offset in 0..<needle.count where lower(scalars[index + offset]) != needle[offset] {
                matches = false
                break
            }
            if matches {
                let after = index + needle.count
                if after == scalars.count || isSpace(scalars[after]) || scalars[after] == ">" || scalars[after] == "/" {
                    return index
                }
            }
            index += 1
        }
        return nil
    }

    private func find(_ literal: String) -> Int? {
        let needle = Array(literal.unicodeScalars)
        var index = position
        while index + needle.count <= scalars.count {
            if Array(scalars[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    private func starts(with literal: String) -> Bool {
        let needle = Array(literal.unicodeScalars)
        guard position + needle.count <= scalars.count else { return false }
        return Array(scalars[position..<position + needle.count]) == needle
    }

    private func peek() -> Unicode.Scalar? {
        position < scalars.count ? scalars[position] : nil
    }

    private mutating func skipSpaces() {
        while let scalar = peek(), isSpace(scalar) { position += 1 }
    }

    private func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    private func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    private func string(_ start: Int, _ end: Int) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start..<end])
        return String(result)
    }
}
