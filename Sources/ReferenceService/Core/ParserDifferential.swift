import Foundation
import MPassSAML

/// The `readIdentityWithSecondParser` weakness: the message is verified through one reading
/// and the identity taken from another, as ruby-saml did before 1.18.0 (REXML located and
/// verified the signed element, Nokogiri/libxml2 read it; GHSA-4vc4-m8qh-g8jm for the DOCTYPE
/// handling, GHSA-754f-8gm6-c4r2 for the namespace handling). An attacker holding one
/// genuinely signed Response writes a document on which the two readings disagree.
///
/// - The verifying reading follows XML 1.0 in the internal subset: a quoted literal is
///   text, never a declaration (2.3), and the first declaration of an entity binds (4.2).
///   The DOCTYPE is then consumed and the internal general entities substituted before the
///   strict parser and validator see the document (bounded as `InternalEntityExpander` is).
/// - The identity reading is a second, forgiving parser: it takes every `<!ENTITY` it finds
///   in the DOCTYPE's text, quoted or not, the last one winning, and reads the NameID of the
///   first element named Assertion whatever its namespace (an empty or rebound namespace
///   included).
///
/// Nothing is read from a file or the network; external and parameter entities stay
/// unexpanded, and the strict parser refuses their references.
enum ParserDifferential {
    /// The document as the verifying parser reads it: the input itself when it has no
    /// DOCTYPE or expansion would pass `InternalEntityExpander.maxExpandedBytes`.
    static func verifyingReading(_ xml: Data) -> Data {
        let text = String(decoding: xml, as: UTF8.self)
        guard let doctype = doctype(in: text) else { return xml }
        var entities: [String: String] = [:]
        for (name, value) in declaredEntities(in: String(text[doctype])) where entities[name] == nil {
            entities[name] = value
        }
        return substitute(entities, in: text, removing: doctype) ?? xml
    }

    /// The NameID text the second parser reads, or nil when it cannot read one.
    static func identity(in xml: Data) -> String? {
        var text = String(decoding: xml, as: UTF8.self)
        if let doctype = doctype(in: text) {
            var entities: [String: String] = [:]
            for (name, value) in InternalEntityExpander.internalEntities(in: String(text[doctype])) { entities[name] = value }
            guard let expanded = substitute(entities, in: text, removing: doctype) else { return nil }
            text = String(decoding: expanded, as: UTF8.self)
        }
        guard let document = try? SafeXMLParser().parse(Data(text.utf8)),
              let assertion = document.elements(named: "Assertion").first,
              let nameID = firstDescendant(named: "NameID", of: assertion) else { return nil }
        return nameID.text
    }

    // MARK: The internal subset, as XML 1.0 reads it

    /// The range of `<!DOCTYPE …>`, its internal subset included; quoted literals and
    /// comments inside the subset are skipped, so a "]>" in a literal does not end it.
    static func doctype(in text: String) -> Range<String.Index>? {
        guard let start = text.range(of: "<!DOCTYPE") else { return nil }
        var index = start.upperBound
        var inSubset = false
        var quote: Character?
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if inSubset, text[index...].hasPrefix("<!--") {
                guard let close = text[index...].range(of: "-->") else { return nil }
                index = close.upperBound
                continue
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" {
                inSubset = true
            } else if character == "]" {
                inSubset = false
            } else if character == ">", !inSubset {
                return start.lowerBound..<text.index(after: index)
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The general entities a DOCTYPE declares, in order: only declarations that stand
    /// outside every quoted literal and comment count.
    static func declaredEntities(in doctype: String) -> [(name: String, value: String)] {
        var found: [(name: String, value: String)] = []
        var index = doctype.startIndex
        var quote: Character?
        while index < doctype.endIndex {
            let character = doctype[index]
            if let open = quote {
                if character == open { quote = nil }
                index = doctype.index(after: index)
                continue
            }
            let rest = doctype[index...]
            if rest.hasPrefix("<!--") {
                guard let close = rest.range(of: "-->") else { break }
                index = close.upperBound
                continue
            }
            if rest.hasPrefix("<!ENTITY") {
                let body = rest.dropFirst("<!ENTITY".count).drop { $0.isWhitespace }
                let name = body.prefix { !$0.isWhitespace && $0 != ">" }
                let afterName = body.dropFirst(name.count).drop { $0.isWhitespace }
                if !name.isEmpty, name != "%", let open = afterName.first, open == "\"" || open == "'" {
                    let value = afterName.dropFirst().prefix { $0 != open }
                    found.append((String(name), String(value)))
                    // Continue after the literal: its text declares nothing.
                    index = afterName.dropFirst(value.count + 1).startIndex
                    if index < doctype.endIndex { index = doctype.index(after: index) }
                    continue
                }
            }
            if character == "\"" || character == "'" { quote = character }
            index = doctype.index(after: index)
        }
        return found
    }

    /// The text without its DOCTYPE, the entities substituted until nothing changes; nil
    /// when the result would pass the expansion bound.
    private static func substitute(_ entities: [String: String], in text: String, removing doctype: Range<String.Index>) -> Data? {
        var result = text
        result.removeSubrange(doctype)
        for _ in 0..<16 {
            var changed = false
            for (name, value) in entities.sorted(by: { $0.key < $1.key }) where result.contains("&\(name);") {
                result = result.replacingOccurrences(of: "&\(name);", with: value)
                changed = true
                if result.utf8.count > InternalEntityExpander.maxExpandedBytes { return nil }
            }
            if !changed { break }
        }
        return Data(result.utf8)
    }

    private static func firstDescendant(named localName: String, of element: XMLElement) -> XMLElement? {
        for child in element.children {
            if child.localName == localName { return child }
            if let found = firstDescendant(named: localName, of: child) { return found }
        }
        return nil
    }
}
