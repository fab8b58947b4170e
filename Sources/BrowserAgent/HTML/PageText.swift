/// What a person reads on a page: its title and its visible text, in document order, with
/// whitespace collapsed. Script, style and the head's content are left out; text inside
/// `<noscript>` is kept, since a harness browser runs no script. Not a renderer: hidden
/// elements (`display:none`) still count, which errs towards showing too much.
public struct PageText: Sendable, Equatable {
    public let title: String?
    public let text: String

    public init(html: String) {
        var title: String?
        var pieces: [String] = []
        var inHead = false
        for token in HTMLTokenizer.tokenize(html) {
            switch token {
            case .tag(let tag):
                if tag.name == "head" { inHead = tag.kind == .start }
                if tag.name == "body" && tag.kind == .start { inHead = false }
                // Block-level boundaries separate words that markup alone joined.
                if Self.breaksText.contains(tag.name) { pieces.append(" ") }
            case .text(let text):
                if !inHead { pieces.append(text) }
            case .rawText(let element, let text):
                if element == "title", title == nil {
                    title = Self.collapsed(text)
                } else if element == "textarea" {
                    pieces.append(text)
                }
            }
        }
        self.title = title.flatMap { $0.isEmpty ? nil : $0 }
        self.text = Self.collapsed(pieces.joined())
    }

    /// The title and the first `limit` characters of the text, for a report line:
    /// `«Title» — opening text…`.
    public func summary(limit: Int = 200) -> String {
        let opening = text.count > limit ? String(text.prefix(limit)) + "…" : text
        switch (title, opening.isEmpty) {
        case (let title?, false): return "«\(title)» — \(opening)"
        case (let title?, true): return "«\(title)» (no visible text)"
        case (nil, false): return opening
        case (nil, true): return "(an empty page)"
        }
    }

    private static let breaksText: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
        "section", "article", "header", "footer", "main", "nav", "form", "button", "label", "pre", "hr", "body",
    ]

    private static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
