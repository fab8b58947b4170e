import Foundation

/// The `expandInternalEntities` weakness: the Service reads a DOCTYPE the way a parser with
/// DTD processing on does, before its checks see the document — internal general entities
/// substituted, the DOCTYPE (and any ATTLIST in it) consumed — and hands the result to its
/// safe parser and validator. What the signature covers is then not what arrived: the
/// parser-differential family of CVE-2025-25291/25292, where one parser expands `&idnp;`
/// into the signed NameID and another does not.
///
/// Bounded as libxml2 bounds expansion: an entity that grows the document past 1 MB (billion
/// laughs) leaves it untouched, and the safe parser then refuses it. External entities
/// (`SYSTEM`, `PUBLIC`) and parameter entities are not internal: their references stay, and
/// the safe parser refuses them. Nothing is read from a file or the network.
enum InternalEntityExpander {
    static let maxExpandedBytes = 1 << 20

    /// The document with its internal subset applied and its DOCTYPE removed; the input
    /// itself when it has no DOCTYPE or the expansion would pass the bound.
    static func expand(_ xml: Data) -> Data {
        var text = String(decoding: xml, as: UTF8.self)
        guard let start = text.range(of: "<!DOCTYPE") else { return xml }
        let rest = text[start.upperBound...]
        // With an internal subset the DOCTYPE ends at "]>", else at its first ">".
        let hasSubset = rest.prefix { $0 != ">" }.contains("[")
        guard let end = (hasSubset ? rest.range(of: "]>") : rest.range(of: ">"))?.upperBound else { return xml }
        let entities = internalEntities(in: String(text[start.lowerBound..<end]))
        text.removeSubrange(start.lowerBound..<end)
        // Entities may name entities: substitute until nothing changes (or the bound is hit).
        for _ in 0..<16 {
            var changed = false
            for (name, value) in entities where text.contains("&\(name);") {
                text = text.replacingOccurrences(of: "&\(name);", with: value)
                changed = true
                if text.utf8.count > maxExpandedBytes { return xml }
            }
            if !changed { break }
        }
        return Data(text.utf8)
    }

    /// `<!ENTITY name "value">` and `<!ENTITY name 'value'>` of a DOCTYPE, in order.
    static func internalEntities(in doctype: String) -> [(name: String, value: String)] {
        var found: [(name: String, value: String)] = []
        var remaining = doctype[...]
        while let declaration = remaining.range(of: "<!ENTITY") {
            remaining = remaining[declaration.upperBound...]
            let body = remaining.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            let name = body.prefix { !$0.isWhitespace && $0 != ">" }
            guard !name.isEmpty, name != "%" else { continue }
            let afterName = body.dropFirst(name.count).drop { $0.isWhitespace }
            guard let quote = afterName.first, quote == "\"" || quote == "'" else { continue }
            let value = afterName.dropFirst().prefix { $0 != quote }
            found.append((String(name), String(value)))
        }
        return found
    }
}
