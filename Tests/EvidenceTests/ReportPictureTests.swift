@testable import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Testing
import TestSupport
import Vocabulary

/// The pictures of report.html: each case's sequence diagram, drawn from the exchanges its
/// HAR evidence holds, and the screenshots a Chromium run takes, embedded in the page.
@Suite("Report pictures: sequence diagrams and screenshots", .temporaryDirectories)
struct ReportPictureTests {
    static let caseID = "TC_SEC_01"

    /// RecordedRun's login and logout, every exchange labelled as one case's.
    static func evidence() async throws -> (har: Data, recording: Recording) {
        var har = HARBuilder().archive(try await RecordedRun.record())
        for index in har.log.entries.indices { har.log.entries[index].caseID = caseID }
        let data = try HARWriter.encode(har)
        return (data, try RecordingReader.read(data: data, source: "run.har"))
    }

    /// A report whose one case judged the AuthnRequest (valid) and the Response (one failed check).
    /// - Parameter idp: `staging` by default, where MPass's own Response is judged by checks (a
    ///   live run); against the `simulator` the harness wrote it, and it carries no verdict.
    static func report(caseID: String = caseID, screenshot: CaseScreenshot? = nil, browser: BrowserKind? = nil,
                       idp: IdentityProviderKind = .staging) -> RunReport {
        let request = MessageEvidence(direction: .serviceToIdP, kind: "AuthnRequest", binding: .post, id: RecordedRun.authnRequestID,
                                      xml: "<AuthnRequest/>", checks: ValidationReport(messageKind: "AuthnRequest", checks: [
                                          .pass(CheckID.authnRequestDestination), .pass(CheckID.authnRequestIssuer)]))
        let response = MessageEvidence(direction: .idpToService, kind: "Response", binding: .post, id: RecordedRun.responseID,
                                       xml: "<Response/>", checks: ValidationReport(messageKind: "Response", checks: [
                                           .pass(CheckID.responseIssuer), .fail(CheckID.responseDestination, "wrong"), .fail(CheckID.responseInResponseTo, "unknown")]))
        var result = CaseResult(id: caseID, title: "Login", reference: "chapter 9", kind: .security, severity: .required,
                                expected: "accepted", observed: "accepted", verdict: .pass, reason: "fine", durationMs: 5,
                                messages: [request, response])
        result.screenshot = screenshot
        var report = RunReport(tool: .init(version: "test"), startedAt: TestSupport.recordedAt, finishedAt: TestSupport.recordedAt,
                               target: .init(name: "Service", baseURL: RecordedRun.serviceBase, issuer: nil),
                               idp: .init(kind: idp, baseURL: RecordedRun.idpBase, issuer: nil), plan: "chapter9", cases: [result])
        report.browser = browser
        return report
    }

    @Test("The diagram has one request and one answer per exchange, in order, and each SAML message where it arrived, with its verdict")
    func diagramFromExchanges() async throws {
        let (_, recording) = try await Self.evidence()
        let diagram = try #require(CaseDiagrams.build(Self.report(), recordings: [recording])[Self.caseID])
        let entries = recording.har.log.entries
        #expect(diagram.participants == ["Browser", "Service", "MPass"])
        // RecordedRun's flow: the login page posts the AuthnRequest to MPass, MPass's password
        // page posts the Response to the ACS, the logout redirects a LogoutRequest to MPass.
        #expect(diagram.arrows.filter { $0.kind == .request }.count == entries.count)
        #expect(diagram.arrows.filter { $0.kind == .response }.count == entries.count)
        #expect(diagram.arrows.filter { $0.kind == .request }.map(\.exchange) == entries.map(\.sequence))
        let messages = diagram.arrows.filter { $0.kind == .message }
        #expect(messages.map(\.label) == ["AuthnRequest (POST)", "Response (POST)", "LogoutRequest (Redirect)"])
        #expect(messages.map(\.verdict) == [.valid, .invalid, .notChecked])
        #expect(messages[0].from == 1 && messages[0].to == 2)
        #expect(messages[1].from == 2 && messages[1].to == 1)
        #expect(messages[1].failedChecks == ["response.destination", "response.in-response-to"])
        #expect(messages[1].checkCount == 3)
        // Each message comes right after the request that carried it, before that request's answer.
        let labels = diagram.arrows.map(\.label)
        let loginPost = try #require(labels.firstIndex(of: "POST /login/saml"))
        #expect(Array(labels[loginPost...(loginPost + 2)]) == ["POST /login/saml", "AuthnRequest (POST)", "200 OK"])
        let acs = try #require(labels.firstIndex(of: "POST /acs"))
        #expect(diagram.arrows[acs].to == 1)
        #expect(Array(labels[acs...(acs + 2)]) == ["POST /acs", "Response (POST)", "302 → /"])
        let logout = try #require(labels.firstIndex(of: "GET /logout"))
        #expect(labels[logout + 1] == "302 → /logout/saml?…")
        #expect(labels[logout + 2] == "GET /logout/saml?…")
        #expect(labels[logout + 3] == "LogoutRequest (Redirect)")
    }

    @Test("report.html draws the diagram as well-formed inline SVG: arrows in order, verdicts in words and colour, no script")
    func svgInThePage() async throws {
        let (har, _) = try await Self.evidence()
        let report = Self.report()
        let html = String(decoding: try HTMLReportWriter.render(report, pictures: RunPictures.make(report, evidence: ["run.har": har])),
                          as: UTF8.self)
        #expect(!html.contains("<script"))
        let svg = try #require(Self.svgs(in: html).first)
        let document = try SafeXMLParser().parse(Data(svg.utf8))
        #expect(document.root.localName == "svg")
        let groups = document.root.children.filter { $0.localName == "g" }
        let texts = groups.map { $0.children.filter { $0.localName == "text" }.map(\.text) }
        let valid = try #require(groups.firstIndex { $0.attribute("class") == "sd-valid" })
        #expect(texts[valid] == ["✓ VALID AuthnRequest (POST)", "2 checks, all passed"])
        let invalid = try #require(groups.firstIndex { $0.attribute("class") == "sd-invalid" })
        // As many failed check ids as fit between two lifelines, then how many more.
        #expect(texts[invalid] == ["✗ INVALID Response (POST)", "failed: response.destination +1 more"])
        #expect(valid < invalid)
        #expect(groups.filter { $0.attribute("class") == "sd-unchecked" }.count == 1)
        #expect(groups.filter { $0.attribute("class") == "sd-request" }.count == groups.filter { $0.attribute("class") == "sd-response" }.count)
        #expect(document.root.children.filter { $0.localName == "text" }.map(\.text) == ["Browser", "Service", "MPass"])
        #expect(!html.contains("No sequence diagram"))
    }

    @Test("Against the simulator, the harness's own Response is drawn as sent by it, with the case's fault, never VALID or NOT CHECKED")
    func harnessMessageWithFault() async throws {
        let (har, recording) = try await Self.evidence()
        var report = Self.report(idp: .simulator)
        report.cases[0].fault = "no Signature"
        let diagram = try #require(CaseDiagrams.build(report, recordings: [recording])[Self.caseID])
        let messages = diagram.arrows.filter { $0.kind == .message }
        #expect(messages.map(\.label) == ["AuthnRequest (POST)", "Response (POST)", "LogoutRequest (Redirect)"])
        // The Service's AuthnRequest and LogoutRequest keep their verdicts; MPass's Response is the harness's.
        #expect(messages.map(\.verdict) == [.valid, .sentByHarness, .notChecked])
        #expect(messages[1].fault == "no Signature")
        #expect(messages[1].failedChecks.isEmpty)
        let html = String(decoding: try HTMLReportWriter.render(report, pictures: RunPictures.make(report, evidence: ["run.har": har])),
                          as: UTF8.self)
        let svg = try #require(Self.svgs(in: html).first)
        let document = try SafeXMLParser().parse(Data(svg.utf8))
        let groups = document.root.children.filter { $0.localName == "g" }
        let harness = groups.filter { $0.attribute("class") == "sd-harness" }
        #expect(harness.map { $0.children.filter { $0.localName == "text" }.map(\.text) }
                == [["→ SENT BY THE HARNESS Response (POST)", "(fault: no Signature)"]])
        #expect(groups.filter { $0.attribute("class") == "sd-invalid" }.isEmpty)
    }

    @Test("A harness message of a case that applied no fault says it is not judged, and names no fault")
    func harnessMessageWithoutFault() async throws {
        let (har, _) = try await Self.evidence()
        let report = Self.report(idp: .simulator)
        let html = String(decoding: try HTMLReportWriter.render(report, pictures: RunPictures.make(report, evidence: ["run.har": har])),
                          as: UTF8.self)
        let document = try SafeXMLParser().parse(Data(try #require(Self.svgs(in: html).first).utf8))
        let harness = document.root.children.filter { $0.localName == "g" && $0.attribute("class") == "sd-harness" }
        #expect(harness.map { $0.children.filter { $0.localName == "text" }.map(\.text) }
                == [["→ SENT BY THE HARNESS Response (POST)", "not judged: the Service's answer judges it"]])
        #expect(!html.contains("(fault:"))
    }

    @Test("report.html and summary.md name the browser: the in-process agent, or headless Chromium with its version when known",
          arguments: [(BrowserKind?.none, String?.none, "in-process agent"),
                      (BrowserKind.inProcess, String?.none, "in-process agent"),
                      (BrowserKind.chromium, String?.none, "Chromium (headless)"),
                      (BrowserKind.chromium, "131.0.6778.85", "Chromium 131.0.6778.85 (headless)")])
    func browserRow(browser: BrowserKind?, version: String?, words: String) throws {
        var report = Self.report(browser: browser)
        report.browserVersion = version
        let html = String(decoding: try HTMLReportWriter.render(report), as: UTF8.self)
        #expect(html.contains("<dt>Browser</dt><dd>\(words)</dd>"))
        let summary = String(decoding: MarkdownSummaryWriter.render(report), as: UTF8.self)
        #expect(summary.contains(", browser \(words), "))
        // report.json carries the version only when there is one, and reads it back.
        let json = try ReportJSON.encode(report)
        #expect(String(decoding: json, as: UTF8.self).contains("browserVersion") == (version != nil))
        #expect(try ReportJSON.decode(json).browserVersion == version)
    }

    @Test("Hostile text in a URL stays text: the SVG parses, holds no element it did not write, and keeps the characters")
    func hostileURL() throws {
        let hostile = "/<script>&amp;\"'\u{1}"
        let entry = HAR.Entry(startedDateTime: "2026-11-20T09:15:00.000Z", time: 1,
                              request: HAR.Request(method: "GET", url: RecordedRun.serviceBase + hostile + "?q=<b>"),
                              response: HAR.Response(status: 302, statusText: "Found",
                                                     headers: [HAR.NameValue(name: "Location", value: "\"><script>x</script>")],
                                                     content: HAR.Content(size: 0, mimeType: "")),
                              timings: HAR.Timings(send: 0, wait: 0, receive: 0), sequence: 0, caseID: Self.caseID)
        let har = HAR(log: HAR.Log(creator: HAR.Creator(name: "mpass-harness", version: "test"), entries: [entry]))
        var report = Self.report()
        report.cases[0].messages = []
        let pictures = RunPictures.make(report, evidence: ["run.har": try HARWriter.encode(har)])
        let html = String(decoding: try HTMLReportWriter.render(report, pictures: pictures), as: UTF8.self)
        #expect(!html.contains("<script"))
        let svg = try #require(Self.svgs(in: html).first)
        let document = try SafeXMLParser().parse(Data(svg.utf8))
        let names = Set(document.allElements().map(\.localName))
        #expect(names.isSubset(of: ["svg", "title", "line", "rect", "text", "g", "polygon"]))
        let texts = document.allElements().filter { $0.localName == "text" }.map(\.text)
        #expect(texts.contains("#0 GET /<script>&amp;\"'\u{FFFD}?…"))
        #expect(texts.contains("302 → \"><script>x</script>"))
    }

    @Test("Long URLs are cut to their path: the query becomes ?…, a long path keeps its two ends")
    func urlLabels() {
        #expect(URLLabel.short("https://mpass.test/login/saml?SAMLRequest=nZJBj9MwEIX&RelayState=abc") == "/login/saml?…")
        #expect(URLLabel.short("https://sp.test") == "/")
        #expect(URLLabel.short("/relative/path#frag") == "/relative/path")
        let long = "https://sp.test/" + String(repeating: "segment/", count: 20) + "end"
        let label = URLLabel.short(long)
        #expect(label.count == URLLabel.pathLimit)
        #expect(label.hasPrefix("/segment/") && label.hasSuffix("segment/end") && label.contains("…"))
    }

    @Test("A case whose exchanges went further than the limit says how many were not drawn")
    func exchangeLimit() throws {
        let entries = (0..<(CaseDiagrams.exchangeLimit + 3)).map { index in
            HAR.Entry(startedDateTime: "2026-11-20T09:15:00.000Z", time: 1,
                      request: HAR.Request(method: "GET", url: "\(RecordedRun.serviceBase)/page/\(index)"),
                      response: HAR.Response(status: 200, statusText: "OK", content: HAR.Content(size: 0, mimeType: "text/html")),
                      timings: HAR.Timings(send: 0, wait: 0, receive: 0), sequence: index, caseID: Self.caseID)
        }
        let recording = Recording(source: "run.har", format: .harness,
                                  har: HAR(log: HAR.Log(creator: HAR.Creator(name: "mpass-harness", version: "test"), entries: entries)))
        var report = Self.report()
        report.cases[0].messages = []
        let diagram = try #require(CaseDiagrams.build(report, recordings: [recording])[Self.caseID])
        #expect(diagram.arrows.count == 2 * CaseDiagrams.exchangeLimit)
        #expect(diagram.omittedExchanges == 3)
        let html = String(decoding: try HTMLReportWriter.render(report, pictures: ReportPictures(diagrams: [Self.caseID: diagram])), as: UTF8.self)
        #expect(html.contains("3 more exchanges not drawn"))
    }

    @Test("Without evidence the page still renders, and says the diagram is missing")
    func noEvidence() throws {
        let html = String(decoding: try HTMLReportWriter.render(Self.report()), as: UTF8.self)
        #expect(Self.svgs(in: html).isEmpty)
        #expect(html.contains("No sequence diagram: no recorded exchange of this case was given with the report."))
    }

    // MARK: Screenshots

    static func png() -> Data { TestImages.png() }

    static func shot(_ data: Data, path: String = "screenshots/TC_SEC_01.png") -> CaseScreenshot {
        CaseScreenshot(path: path, mediaType: "image/png", sha256: SHA256Digest.hex(of: data),
                       pageURL: "https://sp.test/welcome?name=<b>&x=\"1\"")
    }

    @Test("A screenshot is written under the run folder and embedded in report.html as a data: URI, captioned with its page")
    func screenshotEmbedded() throws {
        let png = Self.png()
        let report = Self.report(screenshot: Self.shot(png), browser: .chromium)
        let directory = TestSupport.temporaryDirectory("pictures")
        try RunArtefacts.write(report, to: directory, screenshots: ["screenshots/TC_SEC_01.png": png])
        #expect(try Data(contentsOf: directory.appendingPathComponent("screenshots/TC_SEC_01.png")) == png)
        let html = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<img src=\"data:image/png;base64,\(png.base64EncodedString())\""))
        #expect(html.contains("alt=\"The page the browser showed at the end of TC_SEC_01: https://sp.test/welcome?name=&lt;b&gt;&amp;x=&quot;1&quot;\""))
        #expect(html.contains("<span class=\"mono\">https://sp.test/welcome?name=&lt;b&gt;&amp;x=&quot;1&quot;</span>"))
        #expect(html.components(separatedBy: png.base64EncodedString()).count == 2, "the picture is embedded once")
        #expect(html.contains("img-src data:"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("No screenshot"))
    }

    @Test("A case without a screenshot says why, in words that depend on the browser that ran it",
          arguments: [(BrowserKind?.none, "the in-process agent renders no page"),
                      (BrowserKind.inProcess, "the in-process agent renders no page"),
                      (BrowserKind.chromium, "Chromium took none for this case")])
    func noScreenshotWording(browser: BrowserKind?, words: String) throws {
        let html = String(decoding: try HTMLReportWriter.render(Self.report(browser: browser)), as: UTF8.self)
        #expect(html.contains("No screenshot: \(words)"))
        #expect(!html.contains("<img"))
    }

    struct BadShot: CustomTestStringConvertible, Sendable {
        let name: String
        let screenshots: [String: Data]
        let named: String?
        let fragment: String
        var testDescription: String { name }
    }

    static let badShots: [BadShot] = {
        let png = ReportPictureTests.png()
        return [
            BadShot(name: "a path that leaves the folder", screenshots: ["screenshots/../../etc/x.png": png],
                    named: "screenshots/../../etc/x.png", fragment: "is not allowed: a screenshot is screenshots/NAME"),
            BadShot(name: "a path outside screenshots/", screenshots: ["report.html": png], named: "report.html",
                    fragment: "\"report.html\" is not allowed"),
            BadShot(name: "a picture no case names", screenshots: ["screenshots/TC_SEC_01.png": png, "screenshots/other.png": png],
                    named: "screenshots/TC_SEC_01.png", fragment: "screenshots/other.png is given but no case of the report names it"),
            BadShot(name: "a case's picture without bytes", screenshots: [:], named: "screenshots/TC_SEC_01.png",
                    fragment: "case TC_SEC_01 names the screenshot screenshots/TC_SEC_01.png, but its bytes were not given"),
            BadShot(name: "bytes that are not the case's picture", screenshots: ["screenshots/TC_SEC_01.png": png + Data([0])],
                    named: "screenshots/TC_SEC_01.png", fragment: "but case TC_SEC_01 records"),
        ]
    }()

    @Test("A screenshot that does not match the report is refused with a clear error, and nothing is written", arguments: badShots)
    func badScreenshot(bad: BadShot) throws {
        let report = Self.report(screenshot: bad.named.map { Self.shot(Self.png(), path: $0) }, browser: .chromium)
        let directory = TestSupport.temporaryDirectory("pictures").appendingPathComponent("run")
        let error = #expect(throws: HarnessError.self) {
            try RunArtefacts.write(report, to: directory, screenshots: bad.screenshots)
        }
        #expect(error?.code == .reportsScreenshotRefused)
        #expect(error?.reason.contains(bad.fragment) == true, "\(error?.reason ?? "")")
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    /// Every `<svg …>…</svg>` of a page, as text.
    static func svgs(in html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().compactMap { part in
            part.range(of: "</svg>").map { "<svg " + part[..<$0.upperBound] }
        }
    }
}
