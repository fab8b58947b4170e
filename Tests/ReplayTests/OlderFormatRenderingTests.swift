import Foundation
import HarnessModel
@testable import Replay
import Testing
import TestSupport

/// `report verify` holds an older-format report.html and summary.md to what that format drew
/// from report.json. The older pages here are the ones the older tool wrote for the golden
/// sample report (taken from git, see OlderFormat/README.md), never rendered by today's code;
/// the hostile variants are those pages with one thing changed, as a signer hiding a failed
/// case would change them.
@Suite(.temporaryDirectories) struct OlderFormatRenderingTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let older = here.appendingPathComponent("OlderFormat", isDirectory: true)
    /// The golden sample report, whose older pages are in OlderFormat/.
    static let reportJSON = here.deletingLastPathComponent()
        .appendingPathComponent("HarnessModelTests/Golden/chapter9-sample/report.json")

    static func today(_ name: String) throws -> Data {
        let report = try ReportJSON.decode(try Data(contentsOf: reportJSON))
        return try #require(try ReportWriter.files(for: report).first { $0.name == name }).contents
    }

    static func olderPage(_ era: String) throws -> String {
        try String(contentsOf: older.appendingPathComponent("\(era)/report.html"), encoding: .utf8)
    }

    static func judge(_ page: String) throws -> OlderFormatRendering.Outcome {
        OlderFormatRendering.comparePage(bundle: Data(page.utf8), rendered: try today(HTMLReportWriter.fileName))
    }

    @Test("The pages format 1 wrote, before and with the pictures, match today's rendering of their report.json",
          arguments: ["before-pictures", "with-pictures"])
    func formatOnePagesMatch(era: String) throws {
        let page = try Self.olderPage(era)
        // Today's page differs from both (the Browser row at least): the comparison is not bytes.
        #expect(Data(page.utf8) != (try Self.today(HTMLReportWriter.fileName)))
        #expect(try Self.judge(page) == .matches(diagramsSetAside: 0))
    }

    @Test("A format-1 summary.md matches; today's is refused as format 1 only where it differs")
    func formatOneSummaryMatches() throws {
        let summary = try Data(contentsOf: Self.older.appendingPathComponent("summary.md"))
        let today = try Self.today(MarkdownSummaryWriter.fileName)
        #expect(summary != today)
        #expect(OlderFormatRendering.compareSummary(bundle: summary, rendered: today) == .matches(diagramsSetAside: 0))
        var edited = String(decoding: summary, as: UTF8.self)
        edited = edited.replacingOccurrences(of: "| ✗ FAIL |", with: "| ✓ PASS |")
        guard case .differs(let why) = OlderFormatRendering.compareSummary(bundle: Data(edited.utf8), rendered: today) else {
            Issue.record("a summary.md whose failed case reads PASS was accepted as format 1")
            return
        }
        #expect(why.contains("line 18"), "\(why)")
    }

    /// One change each, as a signer would make it to hide TC_SEC_05's FAIL.
    static let hostileEdits: [(String, @Sendable (String) -> String)] = [
        ("the failed case's badge reads PASS", { page in
            page.replacingOccurrences(of: #"<span class="badge fail">✗ FAIL</span>"#, with: #"<span class="badge pass">✓ PASS</span>"#)
        }),
        ("the overall verdict reads PASS", { page in
            page.replacingOccurrences(of: #"<div class="word">✗ FAIL</div>"#, with: #"<div class="word">✓ PASS</div>"#)
        }),
        ("a style rule hides failed cases", { page in
            page.replacingOccurrences(of: "</style>", with: "  .case-fail { display: none; }\n</style>")
        }),
        ("the failed case's section is cut out", { page in
            guard let start = page.range(of: #"<section class="case case-fail""#),
                  let end = page.range(of: "</section>", range: start.upperBound..<page.endIndex) else { return page }
            return page.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
        }),
        ("a script is added", { page in
            page.replacingOccurrences(of: "</body>", with: "<script>document.querySelectorAll('.fail').forEach(e => e.remove())</script>\n</body>")
        }),
    ]

    @Test("A format-1 page changed to hide a failed case is refused, naming where",
          arguments: ["before-pictures", "with-pictures"])
    func hostileEditsAreRefused(era: String) throws {
        let page = try Self.olderPage(era)
        for (what, edit) in Self.hostileEdits {
            let edited = edit(page)
            #expect(edited != page, "the edit '\(what)' found nothing to change in the \(era) page")
            guard case .differs(let why) = try Self.judge(edited) else {
                Issue.record("\(era): a page where \(what) was accepted as format 1")
                continue
            }
            #expect(why.contains("line") || why.contains("ends before"), "\(what): \(why)")
        }
    }

    @Test("A diagram may stand only where report.json draws one: a well-formed format-1 diagram on a page drawn without evidence is refused")
    func aDiagramWhereReportJSONDrawsNoneIsRefused() throws {
        let page = try Self.olderPage("with-pictures")
        let anchor = "  <h4>Steps</h4>"
        #expect(page.contains(anchor))
        let withDiagram = page.replacingOccurrences(of: anchor, with: "  <h4>Exchanges</h4>\n" + FormatOneDiagramTests.wellFormed + "\n" + anchor)
        #expect(FormatOneDiagram.departure(in: FormatOneDiagramTests.wellFormed) == nil)
        guard case .differs(let why) = try Self.judge(withDiagram) else {
            Issue.record("a diagram where the golden report draws none was set aside")
            return
        }
        #expect(why.contains("reads a sequence diagram where report.json renders"), "\(why)")
    }
}

extension OlderFormatRendering.Outcome {
    /// How many diagrams were set aside; 0 when the page differs.
    var diagrams: Int {
        if case .matches(let count) = self { return count }
        return 0
    }
}
