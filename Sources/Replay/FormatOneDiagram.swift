import Foundation
import MPassSAML

/// The shape of a sequence diagram as bundle format `mpass-harness-bundle/1` drew it
/// (report.mustache at commit 4c2f6d7), element by element, so that a diagram in an older
/// bundle's report.html can be accepted without being compared.
///
/// Why a grammar and not a list of allowed tags: a browser reads the page as HTML, and a
/// block that closes its `<svg>` early, leaves a `<g>` or `<title>` open, or borrows the page's
/// own CSS classes can hide the real verdict and draw another. Here the block must parse as
/// one XML element (so nothing follows or escapes its `</svg>`), every element must stand where
/// format 1 put it with exactly format 1's attributes, numbers must be numbers, classes are
/// format 1's diagram classes only, and text appears only inside `<title>` and `<text>`. Within
/// that grammar an HTML parser builds the same tree as the XML parser: none of these elements
/// leaves SVG's foreign content, and `<title>` (an HTML integration point) holds plain text.
///
/// What it cannot check is the drawing's words: they were never signed apart from the page,
/// which is why `report verify` still says WARN when it sets such a diagram aside.
enum FormatOneDiagram {
    static let svgNamespace = "http://www.w3.org/2000/svg"
    /// The classes format 1 gave a message's arrow group.
    static let arrowClasses: Set<String> = ["sd-request", "sd-response", "sd-valid", "sd-invalid", "sd-unchecked"]

    private struct Departure: Error {
        var words: String
    }

    /// Nil when `block` is a format-1 diagram; otherwise the first departure, in words that
    /// complete "a sequence diagram holds …".
    static func departure(in block: String) -> String? {
        let document: XMLDocument
        do {
            document = try SafeXMLParser().parse(block)
        } catch {
            return "markup that is not one well-formed <svg> element (\(error.reason))"
        }
        do {
            try checkRoot(document.root)
            return nil
        } catch {
            return error.words
        }
    }

    private static func checkRoot(_ svg: XMLElement) throws(Departure) {
        try expect(svg, named: "svg", attributes: ["class", "width", "height", "viewBox", "role", "aria-label"], text: false)
        try expect(svg, "class", equals: "sd")
        try expect(svg, "role", equals: "img")
        try expectNumbers(svg, ["width", "height"])
        try expectNumberList(svg, "viewBox", count: 4)

        var children = svg.children[...]
        guard let title = children.popFirst() else { throw Departure(words: "no <title>, which format 1 always drew first") }
        try expect(title, named: "title", attributes: [], text: true)
        // Each participant: its lifeline, its box, its name.
        while let first = children.first, first.localName == "line" {
            children.removeFirst()
            try expect(first, named: "line", attributes: ["class", "x1", "y1", "x2", "y2"], text: false)
            try expect(first, "class", equals: "life")
            try expectNumbers(first, ["x1", "y1", "x2", "y2"])
            guard let box = children.popFirst(), let name = children.popFirst() else {
                throw Departure(words: "a lifeline without its box and name")
            }
            try expect(box, named: "rect", attributes: ["class", "x", "y", "width", "height", "rx"], text: false)
            try expect(box, "class", equals: "box")
            try expectNumbers(box, ["x", "y", "width", "height", "rx"])
            try expectLabel(name, classed: "who")
        }
        // Each message: one arrow group.
        for arrow in children {
            try expect(arrow, named: "g", attributes: ["class"], text: false)
            guard let style = arrow.attribute("class"), arrowClasses.contains(style) else {
                throw Departure(words: "an arrow of class \"\(arrow.attribute("class") ?? "")\", which is not one of format 1's")
            }
            var parts = arrow.children[...]
            guard let line = parts.popFirst(), let head = parts.popFirst(), let label = parts.popFirst() else {
                throw Departure(words: "an arrow without its line, head and label")
            }
            try expect(line, named: "line", attributes: ["x1", "y1", "x2", "y2"], text: false)
            try expectNumbers(line, ["x1", "y1", "x2", "y2"])
            try expect(head, named: "polygon", attributes: ["points"], text: false)
            try expectNumberList(head, "points", count: nil)
            try expectLabel(label, classed: nil)
            if let detail = parts.popFirst() { try expectLabel(detail, classed: "detail") }
            if let extra = parts.first { throw Departure(words: "<\(extra.localName)> after an arrow's label, where format 1 drew nothing") }
        }
    }

    /// A `<text>` centred on its x, with only words inside.
    private static func expectLabel(_ label: XMLElement, classed style: String?) throws(Departure) {
        try expect(label, named: "text", attributes: (style == nil ? [] : ["class"]) + ["x", "y", "text-anchor"], text: true)
        if let style { try expect(label, "class", equals: style) }
        try expect(label, "text-anchor", equals: "middle")
        try expectNumbers(label, ["x", "y"])
    }

    /// The element is `name` in SVG's namespace with exactly `attributes` (no namespaced ones),
    /// and holds text only when `text` (then no child elements) or only whitespace otherwise.
    private static func expect(_ element: XMLElement, named name: String, attributes: [String], text: Bool) throws(Departure) {
        guard element.localName == name, element.namespaceURI == svgNamespace, element.prefix == nil else {
            let found = (element.prefix.map { $0 + ":" } ?? "") + element.localName
            throw Departure(words: "<\(found)> where format 1 drew <\(name)>")
        }
        let present = element.attributes
        if let foreign = present.first(where: { $0.namespaceURI != nil || !attributes.contains($0.name) }) {
            throw Departure(words: "the attribute \(foreign.name) on <\(name)>, which format 1 never drew")
        }
        if let missing = attributes.first(where: { name in !present.contains { $0.name == name } }) {
            throw Departure(words: "a <\(name)> without its \(missing) attribute")
        }
        let content = element.directContent
        if let other = content.other { throw Departure(words: "\(other) inside <\(name)>") }
        if text {
            if let child = element.children.first { throw Departure(words: "<\(child.localName)> inside <\(name)>, which holds only words") }
        } else if !content.text.allSatisfy(\.isWhitespace) {
            throw Departure(words: "words directly inside <\(name)>, where format 1 put none")
        }
    }

    private static func expect(_ element: XMLElement, _ attribute: String, equals wanted: String) throws(Departure) {
        let value = element.attribute(attribute) ?? ""
        guard value == wanted else {
            throw Departure(words: "\(attribute)=\"\(value)\" on <\(element.localName)>, where format 1 drew \(attribute)=\"\(wanted)\"")
        }
    }

    private static func expectNumbers(_ element: XMLElement, _ attributes: [String]) throws(Departure) {
        for attribute in attributes {
            let value = element.attribute(attribute) ?? ""
            guard isNumber(value) else { throw Departure(words: "\(attribute)=\"\(value)\" on <\(element.localName)>, which is not a number") }
        }
    }

    /// Numbers separated by spaces or commas (`viewBox`, a polygon's `points`).
    private static func expectNumberList(_ element: XMLElement, _ attribute: String, count: Int?) throws(Departure) {
        let value = element.attribute(attribute) ?? ""
        let numbers = value.split(whereSeparator: { $0 == " " || $0 == "," })
        guard !numbers.isEmpty, numbers.allSatisfy({ isNumber(String($0)) }), count.map({ numbers.count == $0 }) ?? true else {
            throw Departure(words: "\(attribute)=\"\(value)\" on <\(element.localName)>, which is not format 1's list of numbers")
        }
    }

    private static func isNumber(_ text: String) -> Bool {
        text.wholeMatch(of: /-?[0-9]{1,7}(\.[0-9]{1,4})?/) != nil
    }
}
