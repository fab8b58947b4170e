import Foundation

/// The table `run`, `replay` and `live` print: one line per case, and the reason under each
/// case that did not pass.
public enum ResultTable {
    public static func render(_ results: [CaseResult]) -> String {
        let idWidth = max(10, results.map(\.id.count).max() ?? 10)
        var lines = ["\("CASE".padding(toLength: idWidth, withPad: " ", startingAt: 0))  VERDICT     TITLE"]
        for result in results {
            let id = result.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            // XFAIL: failed, as the plan expected; XPASS: the plan expected a failure.
            let label = result.isExpectedFailure ? "XFAIL" : result.expectedFailure != nil ? "XPASS" : result.verdict.label
            let verdict = label.padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append("\(id)  \(verdict)  \(result.title)")
            if result.verdict != .pass { lines.append(String(repeating: " ", count: idWidth + 14) + result.reason) }
            if let expected = result.expectedFailure { lines.append(String(repeating: " ", count: idWidth + 14) + "known gap: \(expected.reason)") }
        }
        let summary = RunSummary(cases: results)
        var counts = ["\(summary.passed) of \(summary.total) cases passed"]
        for (count, words) in [(summary.failed, "failed"), (summary.notJudged, "not judged (positive control failed)"),
                               (summary.review, "to review"), (summary.errored, "could not run")] where count > 0 {
            counts.append("\(count) \(words)")
        }
        lines.append(counts.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
