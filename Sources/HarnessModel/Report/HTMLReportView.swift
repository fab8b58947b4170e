import Foundation
import MPassSAML

/// What the HTML template sees: only stored strings, booleans and arrays, already worded
/// for a reader. Mustache reads values by reflection (stored properties only), and every
/// value is inserted with `{{ }}`, which HTML-escapes it; the template never uses the
/// unescaped forms, so nothing a Service or a message carries can become markup.
struct HTMLReportView {
    struct Badge {
        let label: String
        let symbol: String
        let css: String
    }

    struct CheckView {
        let badge: Badge
        let id: String
        let detail: String
        let hasDetail: Bool
    }

    struct MessageView {
        let direction: String
        let kind: String
        let binding: String
        let id: String
        let hasID: Bool
        let xml: String
        let checks: [CheckView]
        let hasChecks: Bool
        let checkCounts: String
        let badge: Badge
    }

    struct StepView {
        let number: String
        let badge: Badge
        let title: String
        let detail: String
        let hasDetail: Bool
        let exchanges: String
        let hasExchanges: Bool
    }

    struct CaseView {
        let anchor: String
        let id: String
        let title: String
        let reference: String
        let kind: String
        let severity: String
        let isRequired: Bool
        let expected: String
        let observed: String
        let badge: Badge
        let isPass: Bool
        let reason: String
        let duration: String
        let steps: [StepView]
        let hasSteps: Bool
        let messages: [MessageView]
        let hasMessages: Bool
        /// Zero or one diagram (a list, so that the template's section draws it or not).
        let diagram: [SequenceDiagramLayout]
        let diagramNote: String
        let hasDiagramNote: Bool
        let screenshot: [ScreenshotView]
        /// One line saying why there is no screenshot (empty when there is one).
        let screenshotNote: String
        let hasScreenshotNote: Bool
    }

    /// A picture embedded as a data: URI (the page stays one file), with the page's address
    /// as caption and alternative text.
    struct ScreenshotView {
        let dataURI: String
        let pageURL: String
        let alt: String
    }

    struct CountView {
        let label: String
        let value: String
        let css: String
    }

    let documentTitle: String
    let targetName: String
    let targetBaseURL: String
    let targetIssuer: String
    let idpKind: String
    let idpBaseURL: String
    let idpIssuer: String
    let plan: String
    /// `Chromium 131.0.6778.85 (headless)` or `in-process agent`.
    let browser: String
    let startedAt: String
    let finishedAt: String
    let duration: String
    let tool: String
    let verdict: Badge
    let verdictSentence: String
    let counts: [CountView]
    let cases: [CaseView]
    let hasCases: Bool

    init(_ report: RunReport, pictures: ReportPictures = .none) {
        let summary = report.summary
        documentTitle = "MPass conformance report: \(report.target.name)"
        targetName = report.target.name
        targetBaseURL = report.target.baseURL
        targetIssuer = report.target.issuer ?? "not stated"
        idpKind = report.idp.kind == .simulator ? "MPass simulator (mpass-harness)" : "MPass staging"
        idpBaseURL = report.idp.baseURL
        idpIssuer = report.idp.issuer ?? "not stated"
        plan = report.plan
        browser = report.browserDescription
        startedAt = Self.readable(report.startedAt)
        finishedAt = Self.readable(report.finishedAt)
        duration = Self.duration(ReportTimestamp.milliseconds(report.finishedAt) - ReportTimestamp.milliseconds(report.startedAt))
        tool = "\(report.tool.name) \(report.tool.version)"
        verdict = Self.badge(report.verdict)
        verdictSentence = Self.sentence(report.verdict, summary: summary)
        counts = [
            CountView(label: "cases", value: "\(summary.total)", css: "total"),
            CountView(label: "passed", value: "\(summary.passed)", css: "pass"),
            CountView(label: "failed", value: "\(summary.failed)", css: "fail"),
            CountView(label: "to review", value: "\(summary.review)", css: "review"),
            CountView(label: "not judged", value: "\(summary.notJudged)", css: "error"),
            CountView(label: "could not run", value: "\(summary.errored)", css: "error"),
            CountView(label: "required, not passed", value: "\(summary.requiredFailed)",
                      css: summary.requiredFailed == 0 ? "pass" : "fail"),
        ]
        cases = report.cases.enumerated().map { index, result in
            Self.caseView(result, index: index, pictures: pictures, browser: report.browser)
        }
        hasCases = !cases.isEmpty
    }

    private static func caseView(_ result: CaseResult, index: Int, pictures: ReportPictures, browser: BrowserKind?) -> CaseView {
        let steps = result.steps.enumerated().map { number, step in
            StepView(number: "\(number + 1)",
                     badge: badge(step.outcome),
                     title: step.title,
                     detail: step.detail,
                     hasDetail: !step.detail.isEmpty,
                     exchanges: (step.exchangeIDs ?? []).map { "#\($0)" }.joined(separator: ", "),
                     hasExchanges: !(step.exchangeIDs ?? []).isEmpty)
        }
        let messages = result.messages.map(messageView)
        let screenshot = screenshotView(result, pictures: pictures, browser: browser)
        let diagram = pictures.diagrams[result.id]
        return CaseView(anchor: anchor(result.id, index: index),
                        id: result.id,
                        title: result.title,
                        reference: result.reference,
                        kind: result.kind.rawValue,
                        severity: result.severity.rawValue,
                        isRequired: result.severity == .required,
                        expected: result.expected,
                        observed: result.observed,
                        badge: badge(result.verdict),
                        isPass: result.verdict == .pass,
                        reason: result.reason,
                        duration: duration(Int64(result.durationMs)),
                        steps: steps,
                        hasSteps: !steps.isEmpty,
                        messages: messages,
                        hasMessages: !messages.isEmpty,
                        diagram: diagram.map { [SequenceDiagramLayout($0)] } ?? [],
                        diagramNote: diagram == nil ? "No sequence diagram: no recorded exchange of this case was given with the report." : "",
                        hasDiagramNote: diagram == nil,
                        screenshot: screenshot.view.map { [$0] } ?? [],
                        screenshotNote: screenshot.note,
                        hasScreenshotNote: !screenshot.note.isEmpty)
    }

    /// The case's picture when its bytes were given in a format a browser shows; otherwise
    /// one line saying why there is none, worded after the browser that ran the case.
    private static func screenshotView(_ result: CaseResult, pictures: ReportPictures, browser: BrowserKind?)
        -> (view: ScreenshotView?, note: String) {
        guard let shot = result.screenshot else {
            switch browser {
            case .chromium:
                if let failed = result.steps.first(where: { $0.title == CaseScreenshot.notTakenStep }) {
                    return (nil, "No screenshot: Chromium took none for this case (\(failed.detail)).")
                }
                return (nil, "No screenshot: Chromium took none for this case (it ended before a page was shown).")
            case .inProcess, nil:
                return (nil, "No screenshot: the in-process agent renders no page (a run with --browser chromium takes one per case).")
            }
        }
        guard ["image/jpeg", "image/png"].contains(shot.mediaType), let bytes = pictures.screenshots[shot.path] else {
            return (nil, "No screenshot shown: \(shot.path) (\(shot.mediaType)) was not given with this report.")
        }
        return (ScreenshotView(dataURI: "data:\(shot.mediaType);base64,\(bytes.base64EncodedString())",
                               pageURL: shot.pageURL, alt: "The page the browser showed at the end of \(result.id): \(shot.pageURL)"), "")
    }

    private static func messageView(_ message: MessageEvidence) -> MessageView {
        let checks = message.checks.checks.map { check in
            CheckView(badge: badge(check.outcome), id: check.id.rawValue, detail: check.detail, hasDetail: !check.detail.isEmpty)
        }
        let tally = Dictionary(grouping: message.checks.checks, by: \.outcome.label).mapValues(\.count)
        let counts = ["PASS", "FAIL", "SKIP", "N/A"].compactMap { label in tally[label].map { "\($0) \(label)" } }
        return MessageView(direction: message.direction.label,
                           kind: message.kind,
                           binding: message.binding.rawValue,
                           id: message.id,
                           hasID: !message.id.isEmpty,
                           xml: message.xml,
                           checks: checks,
                           hasChecks: !checks.isEmpty,
                           checkCounts: counts.isEmpty ? "no checks" : "\(checks.count) checks: " + counts.joined(separator: ", "),
                           badge: message.checks.isValid
                               ? Badge(label: "VALID", symbol: "✓", css: "pass")
                               : Badge(label: "INVALID", symbol: "✗", css: "fail"))
    }

    // Colour is never the only signal: every badge carries its word and a symbol.
    private static func badge(_ verdict: CaseVerdict) -> Badge {
        switch verdict {
        case .pass: Badge(label: "PASS", symbol: "✓", css: "pass")
        case .fail: Badge(label: "FAIL", symbol: "✗", css: "fail")
        case .review: Badge(label: "REVIEW", symbol: "?", css: "review")
        case .error: Badge(label: "ERROR", symbol: "!", css: "error")
        case .notJudged: Badge(label: "NOT JUDGED", symbol: "∅", css: "error")
        }
    }

    private static func badge(_ verdict: RunVerdict) -> Badge {
        switch verdict {
        case .pass: Badge(label: "PASS", symbol: "✓", css: "pass")
        case .fail: Badge(label: "FAIL", symbol: "✗", css: "fail")
        case .review: Badge(label: "REVIEW", symbol: "?", css: "review")
        }
    }

    private static func badge(_ outcome: StepOutcome) -> Badge {
        switch outcome {
        case .pass: Badge(label: "PASS", symbol: "✓", css: "pass")
        case .fail: Badge(label: "FAIL", symbol: "✗", css: "fail")
        case .info: Badge(label: "INFO", symbol: "·", css: "info")
        case .review: Badge(label: "REVIEW", symbol: "?", css: "review")
        }
    }

    private static func badge(_ outcome: CheckOutcome) -> Badge {
        switch outcome {
        case .passed: Badge(label: "PASS", symbol: "✓", css: "pass")
        case .failed: Badge(label: "FAIL", symbol: "✗", css: "fail")
        case .skipped: Badge(label: "SKIP", symbol: "–", css: "info")
        case .notApplicable: Badge(label: "N/A", symbol: "–", css: "info")
        case .warned: Badge(label: "WARN", symbol: "!", css: "review")
        }
    }

    private static func sentence(_ verdict: RunVerdict, summary: RunSummary) -> String {
        switch verdict {
        case .pass:
            "Every required case passed (\(summary.passed) of \(summary.total) cases passed)."
        case .fail:
            "\(summary.requiredFailed) required case\(summary.requiredFailed == 1 ? "" : "s") did not pass; the integration is not ready for production."
        case .review:
            "No required case failed, but \(summary.requiredFailed) need\(summary.requiredFailed == 1 ? "s" : "") a person's review before the integration can be judged."
        }
    }

    /// `case-TC_SEC_01`; anything but letters, digits, `-` and `_` is dropped, and the
    /// position keeps anchors unique even if two ids sanitise alike.
    private static func anchor(_ id: String, index: Int) -> String {
        let safe = id.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
        return "case-\(index + 1)-" + String(String.UnicodeScalarView(safe))
    }

    /// `2025-03-01 09:30:00 UTC`: the report's instant without milliseconds, for people.
    private static func readable(_ date: Date) -> String {
        let text = ReportTimestamp.string(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(8) + " UTC"
    }

    private static func duration(_ milliseconds: Int64) -> String {
        JUnitReportWriter.seconds(Int(milliseconds)) + " s"
    }
}
