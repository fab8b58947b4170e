import Foundation
import Mustache
import Vocabulary

/// `report.html`: one self-contained page for people at AGE, rendered with Mustache from
/// `Templates/report.mustache` (a resource of this target).
///
/// The page has inline CSS only, no script and no external fetch (its CSP forbids both), so
/// it opens the same from a mail attachment, a CI artefact or a printout. Every value is
/// HTML-escaped by the template's `{{ }}`; see `HTMLReportView`.
public enum HTMLReportWriter {
    public static let fileName = "report.html"

    /// - Parameter pictures: each case's sequence diagram and screenshot bytes; without them the
    ///   page says, case by case, what is not shown.
    public static func render(_ report: RunReport, pictures: ReportPictures = .none) throws(HarnessError) -> Data {
        let template = try loadedTemplate.get()
        return Data(template.render(HTMLReportView(report, pictures: pictures)).utf8)
    }

    /// The template's text as shipped (tests read it to prove no unescaped tag is used).
    public static func templateText() throws(HarnessError) -> String {
        guard let url = Bundle.module.url(forResource: "report", withExtension: "mustache", subdirectory: "Templates") else {
            throw HarnessError(.reportTemplateUnavailable,
                "Templates/report.mustache is missing from the Conformance resources; the tool was packaged without it")
        }
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw HarnessError(.reportTemplateUnavailable, "\(url.path) could not be read: \(error)")
        }
    }

    // Parsed once per process; a Result so that a broken template is reported on every
    // render, not only the first.
    private static let loadedTemplate: Result<MustacheTemplate, HarnessError> = {
        do throws(HarnessError) {
            let text = try templateText()
            do {
                return .success(try MustacheTemplate(string: text))
            } catch {
                throw HarnessError(.reportTemplateUnavailable, "Templates/report.mustache does not parse: \(error)")
            }
        } catch {
            return .failure(error)
        }
    }()
}
