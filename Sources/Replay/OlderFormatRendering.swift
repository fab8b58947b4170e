import Foundation

/// How `report verify` holds a rendered file of an older bundle format to the verified
/// report.json, when this tool no longer draws that format byte for byte.
///
/// Format `mpass-harness-bundle/1` (every bundle before the Browser row) drew report.html with
/// a subset of today's lines: no Browser row, before the pictures no diagrams, no screenshot
/// styles and no "No sequence diagram"/"No screenshot" notes, and a Content-Security-Policy
/// without `img-src data:`. Its summary.md lacked only the facts line's ", browser …". So the
/// older file is compared with today's rendering of the same report.json:
///
/// - summary.md: byte for byte, once today's ", browser …" is taken out of the facts line.
/// - report.html: every line of the bundle's page must be, in order, the next line of today's
///   rendering; the only lines today's page may have beyond it are those format 1 did not draw
///   (`mayBeAbsent`). Sequence diagrams (`<svg class="sd">` blocks with their heading) are set aside on both sides,
///   since format 1 drew the harness's own messages differently; a diagram must still hold no
///   script, foreign object, style or link.
///
/// So a format-1 page that shows another verdict, hides a case, changes a reason or adds a
/// rule to its style sheet fails: declaring an older format is no way around the comparison.
enum OlderFormatRendering {
    enum Outcome: Equatable {
        /// The file is what format 1 drew from this report.json; `diagramsSetAside` counts the
        /// sequence diagrams that were not compared.
        case matches(diagramsSetAside: Int)
        /// The first place where the file departs from what format 1 drew.
        case differs(String)
    }

    /// Format 1's Content-Security-Policy, before screenshots were embedded as `data:` images.
    static let formatOneSecurityPolicy =
        #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#

    static func compare(fileName: String, bundle: Data, rendered: Data) -> Outcome {
        fileName.hasSuffix(".md") ? compareSummary(bundle: bundle, rendered: rendered)
            : comparePage(bundle: bundle, rendered: rendered)
    }

    /// summary.md: today's rendering without its facts line's ", browser …" clause.
    static func compareSummary(bundle: Data, rendered: Data) -> Outcome {
        let today = String(decoding: rendered, as: UTF8.self)
        guard let clause = today.range(of: #", browser [^,\n]*(?=, )"#, options: .regularExpression) else {
            return bundle == rendered ? .matches(diagramsSetAside: 0) : .differs("it is not what report.json renders to")
        }
        let formatOne = today.replacingCharacters(in: clause, with: "")
        if bundle == Data(formatOne.utf8) { return .matches(diagramsSetAside: 0) }
        return .differs("it is not what format 1 rendered from report.json (line \(ReportVerifier.firstDifferentLine(bundle, Data(formatOne.utf8))))")
    }

    /// report.html: the bundle's lines, in order, against today's; see the type's comment.
    static func comparePage(bundle: Data, rendered: Data) -> Outcome {
        let older: (lines: [String], diagrams: [String])
        let today: [String]
        do {
            older = try settingDiagramsAside(String(decoding: bundle, as: UTF8.self))
            today = try settingDiagramsAside(String(decoding: rendered, as: UTF8.self)).lines
        } catch {
            return .differs(error.reason)
        }
        for diagram in older.diagrams {
            if let foreign = foreignMarkup(in: diagram) {
                return .differs("a sequence diagram holds \(foreign), which the harness never draws")
            }
        }
        var next = 0
        for (index, line) in older.lines.enumerated() {
            let wanted = line == formatOneSecurityPolicy ? currentSecurityPolicy(in: today) ?? line : line
            while next < today.count, today[next] != wanted, mayBeAbsent(today[next]) { next += 1 }
            guard next < today.count, today[next] == wanted else {
                let expected = next < today.count ? "\"\(excerpt(today[next]))\"" : "the end of the page"
                return .differs("line \(index + 1) reads \"\(excerpt(line))\" where report.json renders \(expected)")
            }
            next += 1
        }
        if let missing = today[next...].first(where: { !mayBeAbsent($0) }) {
            return .differs("the page ends before report.json's \"\(excerpt(missing))\"")
        }
        return .matches(diagramsSetAside: older.diagrams.count)
    }

    /// The lines today's page draws that a format-1 page may lack.
    static func mayBeAbsent(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty
            || trimmed.hasPrefix("svg.sd ") || trimmed.hasPrefix("figure.shot ")
            || trimmed == "/* Sequence diagrams: inline SVG drawn from the case's recorded exchanges. */"
            || trimmed.hasPrefix("<dt>Browser</dt><dd>")
            || trimmed.hasPrefix(#"<p class="muted">No sequence diagram"#)
            || trimmed.hasPrefix(#"<p class="muted">No screenshot"#)
            || trimmed.hasPrefix(#"<p class="muted">"#) && trimmed.contains("exchanges") && trimmed.contains("not drawn")
    }

    /// The elements and attributes the harness's diagrams are drawn with; anything else (a
    /// script, a foreign object, a style, a link, an event handler) is not the harness's.
    static let diagramElements: Set<String> = ["svg", "title", "line", "rect", "text", "g", "polygon"]
    static let diagramAttributes: Set<String> = [
        "xmlns", "class", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "viewBox", "role",
        "aria-label", "rx", "points", "text-anchor",
    ]

    /// The first element or attribute of `diagram` that the harness never draws, in words.
    static func foreignMarkup(in diagram: String) -> String? {
        let tags = diagram.matches(of: /<\/?([A-Za-z][A-Za-z0-9:-]*)([^>]*)>/)
        // Text between tags is escaped by the renderer, so every `<` opens one of the tags.
        let opened = diagram.filter { $0 == "<" }.count
        guard opened == tags.count else { return "markup that is not a well-formed tag" }
        for tag in tags {
            let name = String(tag.output.1)
            guard diagramElements.contains(name) else { return "the element <\(name)>" }
            let attributes = String(tag.output.2).replacing(/"[^"]*"/, with: "\"\"")
            for attribute in attributes.matches(of: /([A-Za-z][A-Za-z0-9:-]*)\s*=/) {
                let attributeName = String(attribute.output.1)
                if !diagramAttributes.contains(attributeName) { return "the attribute \(attributeName) on <\(name)>" }
            }
        }
        return nil
    }

    private struct Unbalanced: Error {
        var reason: String
    }

    /// The page's lines without its `<svg class="sd">` blocks, and those blocks' text.
    private static func settingDiagramsAside(_ page: String) throws(Unbalanced) -> (lines: [String], diagrams: [String]) {
        var lines: [String] = []
        var diagrams: [String] = []
        var open: [String]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if open == nil, line.trimmingCharacters(in: .whitespaces).hasPrefix(#"<svg class="sd""#) {
                // The diagram's heading goes with it: a page drawn without evidence has neither.
                if lines.last?.trimmingCharacters(in: .whitespaces) == "<h4>Exchanges</h4>" { lines.removeLast() }
                open = [line]
            } else if open != nil {
                open?.append(line)
            } else {
                lines.append(line)
            }
            if let block = open, line.trimmingCharacters(in: .whitespaces) == "</svg>" {
                diagrams.append(block.joined(separator: "\n"))
                open = nil
            }
        }
        guard open == nil else { throw Unbalanced(reason: "a sequence diagram (<svg class=\"sd\">) is never closed") }
        return (lines, diagrams)
    }

    private static func currentSecurityPolicy(in lines: [String]) -> String? {
        lines.first { $0.hasPrefix(#"<meta http-equiv="Content-Security-Policy""#) }
    }

    private static func excerpt(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 120 ? String(trimmed.prefix(120)) + "…" : trimmed
    }
}
