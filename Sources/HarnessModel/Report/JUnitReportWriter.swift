import Foundation
import MPassSAML

/// `junit.xml`: the report as CI tools (GitLab, Jenkins, GitHub test reporters) read it.
///
/// One `<testsuite>` per kind of case (`mpass.chapter9.functional`, `…security`,
/// `…extended`), one `<testcase>` per case, named "TC_SEC_01 Response signature is
/// validated" so that the id leads in every CI view.
///
/// How verdicts map, since JUnit knows only passed, failure, error and skipped:
/// - pass → an empty `<testcase/>`;
/// - fail → `<failure type="fail">`;
/// - review → `<failure type="review">`: a case a person must judge is not green, and CI
///   must not make it look green; the type lets a reader tell it from a real failure;
/// - error → `<error type="error">` (the case could not be carried out);
/// - nothing is ever `<skipped/>`: the plan runs every case.
/// A recommended case that fails is a failure here too (JUnit has no severity); its
/// severity is in the message and a property, and the run's exit code follows the
/// required cases only.
public enum JUnitReportWriter {
    public static let fileName = "junit.xml"

    public static func render(_ report: RunReport) -> Data {
        var xml = XMLTextWriter()
        let summary = report.summary
        xml.start("testsuites", [
            "name": "\(report.tool.name) \(report.plan)",
            "tests": "\(summary.total)",
            "failures": "\(summary.failed + summary.review + summary.notJudged)",
            "errors": "\(summary.errored)",
            "time": seconds(totalDuration(report.cases)),
        ])
        for kind in CaseKind.allCases {
            let cases = report.cases.filter { $0.kind == kind }
            guard !cases.isEmpty else { continue }
            suite(kind: kind, cases: cases, report: report, into: &xml)
        }
        xml.end()
        return Data(xml.output.utf8)
    }

    private static func suite(kind: CaseKind, cases: [CaseResult], report: RunReport, into xml: inout XMLTextWriter) {
        let summary = RunSummary(cases: cases)
        let className = "mpass.\(report.plan).\(kind.rawValue)"
        xml.start("testsuite", [
            "name": className,
            "tests": "\(summary.total)",
            "failures": "\(summary.failed + summary.review + summary.notJudged)",
            "errors": "\(summary.errored)",
            "skipped": "0",
            "time": seconds(totalDuration(cases)),
            "timestamp": ReportTimestamp.string(report.startedAt),
        ])
        xml.start("properties")
        for (name, value) in [
            ("target", report.target.name),
            ("target.baseURL", report.target.baseURL),
            ("idp", "\(report.idp.kind.rawValue) \(report.idp.baseURL)"),
            ("verdict", report.verdict.rawValue),
        ] {
            xml.element("property", ["name": name, "value": value])
        }
        xml.end()
        for result in cases {
            testCase(result, className: className, into: &xml)
        }
        xml.end()
    }

    private static func testCase(_ result: CaseResult, className: String, into xml: inout XMLTextWriter) {
        xml.start("testcase", [
            "classname": className,
            "name": "\(result.id) \(result.title)",
            "time": seconds(result.durationMs),
        ])
        let message = "[\(result.severity.rawValue)] \(result.verdict.label): \(result.reason)"
        switch result.verdict {
        case .pass:
            break
        case .fail:
            xml.element("failure", ["type": "fail", "message": message], text: body(result))
        case .review:
            xml.element("failure", ["type": "review", "message": message], text: body(result))
        case .error:
            xml.element("error", ["type": "error", "message": message], text: body(result))
        case .notJudged:
            xml.element("failure", ["type": "not-judged", "message": message], text: body(result))
        }
        xml.element("system-out", text: steps(result))
        xml.end()
    }

    /// What a CI reader needs to act: expected and observed, the reason, the failed checks.
    private static func body(_ result: CaseResult) -> String {
        var lines = [
            "\(result.reference)",
            "expected: \(result.expected)",
            "observed: \(result.observed)",
            "reason: \(result.reason)",
        ]
        let failed = result.messages.flatMap { message in
            message.checks.failures.map { "  \(message.kind) \(message.id): \($0.line)" }
        }
        if !failed.isEmpty {
            lines.append("failed checks:")
            lines.append(contentsOf: failed)
        }
        return lines.joined(separator: "\n")
    }

    private static func steps(_ result: CaseResult) -> String {
        var lines = result.steps.enumerated().map { index, step in
            let detail = step.detail.isEmpty ? "" : ": \(step.detail)"
            return "\(index + 1). \(step.outcome.label) \(step.title)\(detail)"
        }
        for message in result.messages {
            let failures = message.checks.failures.count
            lines.append("\(message.direction.label) \(message.kind) (\(message.binding.rawValue)) \(message.id): "
                + "\(message.checks.checks.count) checks, \(failures) failed")
        }
        return lines.joined(separator: "\n")
    }

    private static func totalDuration(_ cases: [CaseResult]) -> Int {
        cases.reduce(0) { $0 + max(0, $1.durationMs) }
    }

    /// Whole milliseconds as seconds with three decimals, by integer arithmetic: no
    /// floating noise ("0.1" never becomes "0.10000000000000001").
    static func seconds(_ milliseconds: Int) -> String {
        let value = max(0, milliseconds)
        let fraction = String(value % 1000)
        return "\(value / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
