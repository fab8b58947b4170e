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
///   (`mayBeAbsent`). Sequence diagrams (`<svg class="sd">` blocks with their heading) are set
///   aside, since format 1 drew the harness's own messages differently; but a diagram may stand
///   only where today's rendering draws one, and it must be format 1's drawing element for
///   element (`FormatOneDiagram`), so that it can neither hide nor imitate the page around it.
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

    /// A line of a page, or the place of a sequence diagram (with its heading) set aside.
    enum PageLine: Equatable {
        case text(String)
        case diagram
    }

    /// report.html: the bundle's lines, in order, against today's; see the type's comment.
    static func comparePage(bundle: Data, rendered: Data) -> Outcome {
        let older: (lines: [PageLine], diagrams: [String])
        let today: [PageLine]
        do {
            older = try settingDiagramsAside(String(decoding: bundle, as: UTF8.self))
            today = try settingDiagramsAside(String(decoding: rendered, as: UTF8.self)).lines
        } catch {
            return .differs(error.reason)
        }
        for diagram in older.diagrams {
            if let departure = FormatOneDiagram.departure(in: diagram) {
                return .differs("a sequence diagram holds \(departure)")
            }
        }
        let policy = currentSecurityPolicy(in: today)
        var next = 0
        for (index, line) in older.lines.enumerated() {
            // A diagram may stand only where today's rendering of report.json draws one.
            let wanted = line == .text(formatOneSecurityPolicy) ? policy ?? line : line
            while next < today.count, today[next] != wanted, mayBeAbsent(today[next]) { next += 1 }
            guard next < today.count, today[next] == wanted else {
                let expected = next < today.count ? describe(today[next]) : "the end of the page"
                return .differs("line \(index + 1) reads \(describe(line)) where report.json renders \(expected)")
            }
            next += 1
        }
        if let missing = today[next...].first(where: { !mayBeAbsent($0) }) {
            return .differs("the page ends before report.json's \(describe(missing))")
        }
        return .matches(diagramsSetAside: older.diagrams.count)
    }

    /// The lines today's page draws that a format-1 page may lack: before the pictures, a
    /// format-1 page had no diagrams at all.
    static func mayBeAbsent(_ line: PageLine) -> Bool {
        guard case .text(let text) = line else { return true }
        return mayBeAbsent(text)
    }

    /// The text lines today's page draws that a format-1 page may lack.
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

    private struct Unbalanced: Error {
        var reason: String
    }

    /// The page's lines with each `<svg class="sd">` block (and its heading) replaced by one
    /// `.diagram` line, and those blocks' text. A block runs from a line that opens the diagram
    /// to the first line that is only `</svg>`; whether that text is one diagram and nothing
    /// else is `FormatOneDiagram`'s to judge.
    private static func settingDiagramsAside(_ page: String) throws(Unbalanced) -> (lines: [PageLine], diagrams: [String]) {
        var lines: [PageLine] = []
        var diagrams: [String] = []
        var open: [String]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if open == nil, trimmed.hasPrefix(#"<svg class="sd""#) {
                // The diagram's heading goes with it: a page drawn without evidence has neither.
                if case .text(let previous) = lines.last, previous.trimmingCharacters(in: .whitespaces) == "<h4>Exchanges</h4>" {
                    lines.removeLast()
                }
                open = [line]
            } else if open != nil {
                open?.append(line)
            } else {
                lines.append(.text(line))
            }
            if let block = open, trimmed == "</svg>" {
                diagrams.append(block.joined(separator: "\n"))
                lines.append(.diagram)
                open = nil
            }
        }
        guard open == nil else { throw Unbalanced(reason: "a sequence diagram (<svg class=\"sd\">) is never closed") }
        return (lines, diagrams)
    }

    private static func describe(_ line: PageLine) -> String {
        switch line {
        case .text(let text): "\"\(excerpt(text))\""
        case .diagram: "a sequence diagram"
        }
    }

    private static func currentSecurityPolicy(in lines: [PageLine]) -> PageLine? {
        lines.first {
            if case .text(let text) = $0 { text.hasPrefix(#"<meta http-equiv="Content-Security-Policy""#) } else { false }
        }
    }

    private static func excerpt(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 120 ? String(trimmed.prefix(120)) + "…" : trimmed
    }
}
