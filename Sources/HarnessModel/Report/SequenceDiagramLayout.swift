/// A `SequenceDiagram` placed on a page: lifelines in columns, one row per arrow, every
/// number and text already worked out, so report.html's template only copies values (each
/// escaped by `{{ }}`) into its `<svg>` block. No identifiers, no references, no script: an
/// inline SVG that cannot fetch or run anything and never clashes with the page's other SVGs.
///
/// Colour is never the only signal: each message row spells its verdict (`✓ VALID`,
/// `✗ INVALID`, `– NOT CHECKED`, or `→ SENT BY THE HARNESS` with the fault it carried) and
/// names the checks that failed.
struct SequenceDiagramLayout {
    struct Lifeline {
        let label: String
        let x: String
        let boxX: String
        let boxWidth: String
        let bottom: String
    }

    struct Row {
        /// `sd-request`, `sd-response`, `sd-valid`, `sd-invalid`, `sd-unchecked`, `sd-harness`.
        let css: String
        let x1: String
        let x2: String
        let y: String
        /// The arrowhead, as polygon points.
        let head: String
        let labelX: String
        let labelY: String
        let label: String
        let detail: String
        let hasDetail: Bool
        let detailY: String
    }

    static let columnGap = 300
    static let margin = 90
    static let boxWidth = 150
    static let firstRow = 66
    static let rowHeight = 30
    static let messageRowHeight = 44
    /// Roughly the width of one character of the 12 px labels, to fit a label between lifelines.
    static let characterWidth = 6.6

    let width: String
    let height: String
    let viewBox: String
    /// The diagram in one sentence, for screen readers (the SVG's `aria-label`).
    let summary: String
    let lifelines: [Lifeline]
    let rows: [Row]
    let note: String
    let hasNote: Bool

    init(_ diagram: SequenceDiagram) {
        let count = max(diagram.participants.count, 1)
        let totalWidth = 2 * Self.margin + Self.columnGap * (count - 1)
        func x(_ index: Int) -> Int { Self.margin + Self.columnGap * min(max(index, 0), count - 1) }

        var y = Self.firstRow
        var rows: [Row] = []
        for arrow in diagram.arrows {
            let isMessage = arrow.kind == .message
            let x1 = x(arrow.from)
            // An arrow to its own lifeline (a host answering itself) is drawn as a short stub.
            let x2 = arrow.from == arrow.to ? x1 + 40 : x(arrow.to)
            let direction = x2 >= x1 ? 1 : -1
            let span = abs(x2 - x1) + (arrow.from == arrow.to ? Self.columnGap / 2 : 0)
            let fit = max(12, Int(Double(span) / Self.characterWidth) - 2)
            let (css, label, detail) = Self.texts(arrow, fit: fit)
            rows.append(Row(css: css, x1: "\(x1)", x2: "\(x2)", y: "\(y)",
                            head: "\(x2),\(y) \(x2 - 9 * direction),\(y - 4) \(x2 - 9 * direction),\(y + 4)",
                            labelX: "\((x1 + x2) / 2)", labelY: "\(y - 7)", label: label,
                            detail: detail, hasDetail: !detail.isEmpty, detailY: "\(y + 15)"))
            y += isMessage ? Self.messageRowHeight : Self.rowHeight
        }
        let bottom = y - 8
        lifelines = diagram.participants.enumerated().map { index, name in
            Lifeline(label: Self.fitted(name, to: Int(Double(Self.boxWidth - 12) / Self.characterWidth)),
                     x: "\(x(index))", boxX: "\(x(index) - Self.boxWidth / 2)", boxWidth: "\(Self.boxWidth)", bottom: "\(bottom)")
        }
        self.rows = rows
        note = diagram.omittedExchanges > 0
            ? "\(diagram.omittedExchanges) more exchange\(diagram.omittedExchanges == 1 ? "" : "s") not drawn; evidence/run.har holds them all"
            : ""
        hasNote = !note.isEmpty
        let totalHeight = bottom + 14
        width = "\(totalWidth)"
        height = "\(totalHeight)"
        viewBox = "0 0 \(totalWidth) \(totalHeight)"
        let requests = diagram.arrows.filter { $0.kind == .request }.count
        let messages = diagram.arrows.filter { $0.kind == .message }
        let invalid = messages.filter { $0.verdict == .invalid }.count
        summary = "Sequence diagram between \(diagram.participants.joined(separator: ", ")): "
            + "\(requests) HTTP exchange\(requests == 1 ? "" : "s"), \(messages.count) SAML message\(messages.count == 1 ? "" : "s")"
            + (invalid > 0 ? ", \(invalid) invalid" : "")
    }

    /// The row's class, its label and, for messages, the line under it.
    private static func texts(_ arrow: SequenceDiagram.Arrow, fit: Int) -> (css: String, label: String, detail: String) {
        switch arrow.kind {
        case .request:
            let number = arrow.exchange.map { "#\($0) " } ?? ""
            return ("sd-request", fitted(number + arrow.label, to: fit), "")
        case .response:
            return ("sd-response", fitted(arrow.label, to: fit), "")
        case .message:
            let checks = "\(arrow.checkCount) check\(arrow.checkCount == 1 ? "" : "s")"
            switch arrow.verdict ?? .notChecked {
            case .valid:
                return ("sd-valid", fitted("✓ VALID " + arrow.label, to: fit), fitted("\(checks), all passed", to: fit))
            case .invalid:
                return ("sd-invalid", fitted("✗ INVALID " + arrow.label, to: fit), failedList(arrow.failedChecks, fit: fit))
            case .notChecked:
                return ("sd-unchecked", fitted("– NOT CHECKED " + arrow.label, to: fit), fitted("the case recorded no checks on it", to: fit))
            case .sentByHarness:
                // Without a fault named, say only what is sure: a replay does not know the run's fault.
                let detail = arrow.fault.map { "(fault: \($0))" } ?? "not judged: the Service's answer judges it"
                return ("sd-harness", fitted("→ SENT BY THE HARNESS " + arrow.label, to: fit), fitted(detail, to: fit))
            }
        }
    }

    /// `failed: a, b +3 more`: as many failed check ids as fit, then how many more there are
    /// (the message's table below the diagram lists them all).
    static func failedList(_ failed: [String], fit: Int) -> String {
        var shown: [String] = []
        for (index, id) in failed.enumerated() {
            let rest = failed.count - index - 1
            let candidate = "failed: " + (shown + [id]).joined(separator: ", ") + (rest > 0 ? " +\(rest) more" : "")
            guard candidate.count <= fit || shown.isEmpty else { break }
            shown.append(id)
        }
        let more = failed.count - shown.count
        return fitted("failed: " + shown.joined(separator: ", ") + (more > 0 ? " +\(more) more" : ""), to: fit)
    }

    /// At most `limit` characters: longer text keeps its start and ends with `…`. Characters
    /// XML cannot carry (C0 controls, U+FFFE, U+FFFF) become U+FFFD, so the SVG stays
    /// well-formed whatever a Service put in a URL.
    static func fitted(_ text: String, to limit: Int) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x20...0xFFFD, 0x10000...0x10FFFF: scalar
            default: "\u{FFFD}"
            }
        }))
        guard clean.count > limit else { return clean }
        return String(clean.prefix(max(limit - 1, 1))) + "…"
    }
}
