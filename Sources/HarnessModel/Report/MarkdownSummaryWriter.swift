import Foundation
import MPassSAML

/// `summary.md`: the short version for a pull request, a CI job summary or a chat message:
/// the verdict line, one table row per case, and for each case that did not pass its reason
/// and the ids of the checks that failed.
///
/// Values from the Service or the messages are escaped so that they stay text: table pipes
/// and line breaks cannot break the table, and `<`, `*`, `[`… cannot become HTML, emphasis
/// or links. Ids are code spans, which need no escaping inside.
public enum MarkdownSummaryWriter {
    public static let fileName = "summary.md"

    public static func render(_ report: RunReport) -> Data {
        let summary = report.summary
        var lines: [String] = []
        lines.append("# MPass conformance: \(text(report.target.name))")
        lines.append("")
        lines.append("**Verdict: \(report.verdict.label)** (\(verdictSymbol(report.verdict))) — "
            + "\(summary.passed) of \(count(summary.total, "case")) passed, \(summary.failed) failed, "
            + "\(summary.review) to review, " + (summary.notJudged > 0 ? "\(summary.notJudged) not judged, " : "")
            + "\(count(summary.errored, "error")); "
            + "\(count(summary.requiredFailed, "required case")) not passed.")
        lines.append("")
        lines.append("Service \(text(report.target.baseURL)) against \(report.idp.kind == .simulator ? "the MPass simulator" : "MPass staging") "
            + "(\(text(report.idp.baseURL))), plan \(text(report.plan)), browser \(text(report.browserDescription)), "
            + "\(ReportTimestamp.string(report.startedAt)) to \(ReportTimestamp.string(report.finishedAt)), "
            + "\(text(report.tool.name)) \(text(report.tool.version)).")
        lines.append("")
        lines.append("| Case | Title | Expected | Observed | Verdict |")
        lines.append("|---|---|---|---|---|")
        for result in report.cases {
            let title = result.severity == .recommended ? "\(text(result.title)) (recommended)" : text(result.title)
            lines.append("| \(code(result.id)) | \(title) | \(text(result.expected)) | \(text(result.observed)) | "
                + "\(verdictSymbol(result.verdict)) \(result.verdict.label) |")
        }
        let notPassed = report.cases.filter { $0.verdict != .pass }
        if !notPassed.isEmpty {
            lines.append("")
            lines.append("## Not passed")
            for result in notPassed {
                lines.append("")
                lines.append("- \(code(result.id)) **\(result.verdict.label)** (\(result.severity.rawValue)): \(text(result.reason))")
                let failed = orderedUnique(result.failedChecks.map(\.id.rawValue))
                if !failed.isEmpty {
                    lines.append("  Failed checks: " + failed.map(code).joined(separator: ", "))
                }
            }
        }
        lines.append("")
        lines.append("Full report: report.html (people), report.json (machines), junit.xml (CI).")
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `1 error`, `3 errors`.
    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }

    private static func verdictSymbol(_ verdict: RunVerdict) -> String {
        switch verdict {
        case .pass: "✓"
        case .fail: "✗"
        case .review: "?"
        }
    }

    private static func verdictSymbol(_ verdict: CaseVerdict) -> String {
        switch verdict {
        case .pass: "✓"
        case .fail: "✗"
        case .review: "?"
        case .error: "!"
        case .notJudged: "∅"
        }
    }

    /// Free text on one line, every Markdown-active character backslash-escaped
    /// (CommonMark allows a backslash before any ASCII punctuation).
    static func text(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "&", "~":
                result += "\\" + String(scalar)
            case "\n", "\r", "\t":
                result += " "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\u{FFFD}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A code span that holds `value` whatever backticks it contains: the fence is one
    /// backtick longer than the longest run inside, padded with spaces when needed.
    /// A pipe cannot be escaped inside a code span in every renderer, so it is replaced.
    static func code(_ value: String) -> String {
        let flat = String(value.map { $0 == "\n" || $0 == "\r" ? " " : $0 == "|" ? "¦" : $0 })
        var longest = 0, run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    private static func orderedUnique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
