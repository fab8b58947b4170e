@testable import HarnessModel
import Foundation
import MPassSAML
import Testing

/// Strings a Service, a message or a check detail could carry that would break a naive writer.
let hostileStrings = [
    "]]> <![CDATA[ x ]]>",
    "<script>alert('x')</script>",
    "a & b &amp; &#x26; &unknown;",
    "\"double\" and 'single' quotes",
    "control \u{0} \u{1} \u{8} \u{B} \u{C} \u{1F} \u{FFFE} \u{FFFF} characters",
    "| pipe | *star* _under_ [link](javascript:alert(1)) `tick` # heading",
    "line one\nline two\r\n\ttabbed",
    "emoji 🇲🇩 and ș ț ă î",
]

@Suite("Report: junit.xml, report.html and summary.md")
struct ReportWriterFormatTests {
    @Test("junit.xml parses with SafeXMLParser: suites per kind, cases named by id, failures and errors mapped")
    func junitShape() throws {
        let document = try SafeXMLParser().parse(JUnitReportWriter.render(SampleReports.chapter9()))
        let root = document.root
        #expect(root.localName == "testsuites")
        #expect(root.attribute("tests") == "13")
        #expect(root.attribute("failures") == "2")
        #expect(root.attribute("errors") == "1")
        #expect(root.attribute("time") == "10.983")
        let suites = root.children.filter { $0.localName == "testsuite" }
        #expect(suites.map { $0.attribute("name") } == ["mpass.chapter9.functional", "mpass.chapter9.security", "mpass.chapter9.extended"])
        let cases = suites.flatMap { $0.children.filter { $0.localName == "testcase" } }
        #expect(cases.count == 13)
        let sec05 = try #require(cases.first { $0.attribute("name")?.hasPrefix("TC_SEC_05 ") == true })
        #expect(sec05.attribute("classname") == "mpass.chapter9.security")
        #expect(sec05.attribute("name") == "TC_SEC_05 Destination is validated")
        #expect(sec05.attribute("time") == "0.074")
        let failure = try #require(sec05.children.first { $0.localName == "failure" })
        #expect(failure.attribute("type") == "fail")
        #expect(failure.attribute("message")?.contains("Destination") == true)
        #expect(failure.text.contains("response.destination"))
        let review = try #require(cases.first { $0.attribute("name")?.hasPrefix("TC_FUNCT_04 ") == true })
        #expect(review.children.first { $0.localName == "failure" }?.attribute("type") == "review")
        let error = try #require(cases.first { $0.attribute("name")?.hasPrefix("TC_FUNCT_05 ") == true })
        #expect(error.children.contains { $0.localName == "error" })
        let pass = try #require(cases.first { $0.attribute("name")?.hasPrefix("TC_SEC_01 ") == true })
        #expect(pass.children.map(\.localName) == ["system-out"])
        #expect(!document.allElements().contains { $0.localName == "skipped" })
    }

    @Test("junit.xml stays well-formed with hostile strings, and keeps their text", arguments: hostileStrings)
    func junitHostile(hostile: String) throws {
        let data = JUnitReportWriter.render(SampleReports.chapter9(hostile: hostile))
        let document = try SafeXMLParser().parse(data)
        let sec05 = try #require(document.allElements().first { $0.attribute("name")?.hasPrefix("TC_SEC_05 ") == true })
        let failure = try #require(sec05.children.first { $0.localName == "failure" })
        // What XML can carry comes back unchanged; what it cannot is replaced by U+FFFD.
        let carried = String(String.UnicodeScalarView(hostile.unicodeScalars.map { scalar in
            [0x9, 0xA, 0xD].contains(scalar.value) || (0x20...0xFFFD).contains(scalar.value) || scalar.value > 0xFFFF
                ? scalar : "\u{FFFD}"
        }))
        #expect(failure.attribute("message") == "[required] FAIL: \(carried)")
        #expect(failure.text.contains("FAIL hostile.check: \(carried.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))"))
    }

    @Test("The XML escaper: every hostile string escapes to text without markup or forbidden characters")
    func xmlEscaper() {
        for hostile in hostileStrings {
            let text = XMLTextWriter.escapeText(hostile)
            let attribute = XMLTextWriter.escapeAttribute(hostile)
            #expect(!text.contains("<") && !text.contains("]]>"))
            #expect(!attribute.contains("<") && !attribute.contains("\"") && !attribute.contains("'") && !attribute.contains("\n"))
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && ![0x9, 0xA, 0xD].contains($0.value) })
        }
        #expect(XMLTextWriter.escapeText("a]]>b") == "a]]&gt;b")
        #expect(XMLTextWriter.escapeAttribute("\"'&<>\n") == "&quot;&apos;&amp;&lt;&gt;&#10;")
    }

    @Test("JUnit times are exact decimal seconds", arguments: [(0, "0.000"), (7, "0.007"), (74, "0.074"), (1234, "1.234"), (-5, "0.000"), (10_004, "10.004")])
    func junitSeconds(milliseconds: Int, text: String) {
        #expect(JUnitReportWriter.seconds(milliseconds) == text)
    }

    @Test("report.html names every case, shows the verdicts in words, and escapes a <script> in a check detail")
    func htmlContent() throws {
        let hostile = "<script>alert('pwned')</script> & \"quoted\""
        let report = SampleReports.chapter9(hostile: hostile)
        let html = String(decoding: try HTMLReportWriter.render(report), as: UTF8.self)
        for result in report.cases {
            #expect(html.contains(">\(result.id)</code>"), "case \(result.id) missing")
        }
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        // The message XML itself is shown as text, not as markup.
        #expect(html.contains("&lt;saml2p:AuthnRequest"))
        #expect(!html.contains("<saml2p:"))
        #expect(html.contains("✗ FAIL"))
        #expect(html.contains("? REVIEW"))
        #expect(html.contains("! ERROR"))
        #expect(html.contains("hostile.check"))
        #expect(html.contains("<details"))
        #expect(html.contains("Primăria Demo (test)"))
        // Self-contained: nothing is fetched and nothing runs.
        for forbidden in ["<script", "<link", "<img", "@import", "url(", "src=\"http", "<iframe"] {
            #expect(!html.contains(forbidden), "\(forbidden) found in the page")
        }
    }

    @Test("The HTML template never inserts a value unescaped")
    func templateHasNoUnescapedTags() throws {
        let template = try HTMLReportWriter.templateText()
        #expect(!template.contains("{{{"))
        #expect(!template.contains("{{&"))
        #expect(!template.contains("{{ &"))
        #expect(!template.contains("{{="), "a delimiter change could hide an unescaped tag")
    }

    @Test("An empty report still renders in every format")
    func emptyReport() throws {
        var report = SampleReports.chapter9()
        report.cases = []
        let files = try ReportWriter.files(for: report)
        #expect(files.map(\.name) == ReportWriter.fileNames)
        #expect(String(decoding: files[2].contents, as: UTF8.self).contains("This run has no cases."))
        _ = try SafeXMLParser().parse(files[1].contents)
        #expect(report.verdict == .pass)
    }

    @Test("summary.md: verdict line, one row per case, reasons and failed check ids of what did not pass")
    func markdown() {
        let text = String(decoding: MarkdownSummaryWriter.render(SampleReports.chapter9()), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains("**Verdict: FAIL** (✗) — 10 of 13 cases passed, 1 failed, 1 to review, 1 error; 3 required cases not passed."))
        #expect(lines.filter { $0.hasPrefix("| `") }.count == 13)
        #expect(text.contains("| `TC_SEC_05` | Destination is validated | rejected |"))
        #expect(text.contains("- `TC_SEC_05` **FAIL** (required): The Service accepted a Response"))
        #expect(text.contains("  Failed checks: `response.destination`"))
        #expect(text.contains("- `TC_FUNCT_04` **REVIEW**"))
        #expect(text.contains("Failed checks: `logout-request.session-index`"))
        #expect(!text.contains("- `TC_SEC_01`"))
    }

    @Test("summary.md keeps hostile text as text: one table row, no HTML, no link", arguments: hostileStrings)
    func markdownHostile(hostile: String) {
        let text = String(decoding: MarkdownSummaryWriter.render(SampleReports.chapter9(hostile: hostile)), as: UTF8.self)
        let row = text.split(separator: "\n").first { $0.hasPrefix("| `TC_SEC_05` |") }
        #expect(row != nil)
        // Five cells: the row's unescaped pipes are exactly the six borders.
        let borders = row.map { line in
            var count = 0, escaped = false
            for character in line {
                if character == "|" && !escaped { count += 1 }
                escaped = character == "\\" && !escaped
            }
            return count
        }
        #expect(borders == 6)
        // Every character that could open HTML or a link is escaped, in the whole file.
        for active: Character in ["<", "[", "]"] where hostile.contains(active) {
            let unescaped = Optional(text).map { line in
                var count = 0, escaped = false
                for character in line {
                    if !escaped && character == active { count += 1 }
                    escaped = character == "\\" && !escaped
                }
                return count
            }
            #expect(unescaped == 0, "\(active) left unescaped")
        }
    }

    @Test("Code spans hold backticks and pipes safely")
    func codeSpans() {
        #expect(MarkdownSummaryWriter.code("TC_SEC_01") == "`TC_SEC_01`")
        #expect(MarkdownSummaryWriter.code("a`b") == "``a`b``")
        #expect(MarkdownSummaryWriter.code("`x") == "`` `x ``")
        #expect(MarkdownSummaryWriter.code("a|b") == "`a¦b`")
    }
}
