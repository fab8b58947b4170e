import BrowserAgent
@testable import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Testing
import TestSupport

@Suite("HAR writer", .temporaryDirectories)
struct HARWriterTests {
    @Test("a recorded run becomes HAR 1.2 with every field the spec asks for")
    func fieldsFromTheExchangeLog() async throws {
        let log = try await RecordedRun.record()
        let har = HARBuilder(redaction: RedactionPolicy(cookies: .keep)).archive(log)

        #expect(har.log.version == "1.2")
        #expect(har.log.creator == HAR.Creator(name: "mpass-harness", version: ToolInfo.version))
        #expect(har.log.entries.count == log.count)

        let first = try #require(har.log.entries.first)
        #expect(first.request.method == "GET")
        #expect(first.request.url == "https://sp.test/login")
        #expect(first.startedDateTime == "2026-11-20T09:15:00.000Z")
        #expect(first.inProcess == true)
        #expect(first.response.status == 200)
        #expect(first.response.content.mimeType.hasPrefix("text/html"))
        #expect(first.response.content.text?.contains("SAMLRequest") == true)
        #expect(first.response.content.size == first.response.content.text?.utf8.count)

        // The auto-submitted AuthnRequest: a form post with text and decoded params.
        let post = try #require(har.log.entries.first { $0.request.url == "https://idp.test/login/saml" })
        #expect(post.request.method == "POST")
        let postData = try #require(post.request.postData)
        #expect(postData.mimeType == "application/x-www-form-urlencoded")
        #expect(postData.params.map(\.name) == ["SAMLRequest", "RelayState"])
        #expect(postData.text.hasPrefix("SAMLRequest="))

        // The ACS answer: a redirect with its Location as redirectURL and a response cookie.
        let acs = try #require(har.log.entries.first { $0.request.url == "https://sp.test/acs" })
        #expect(acs.response.status == 302)
        #expect(acs.response.redirectURL == "/")
        #expect(acs.response.cookies.first?.name == "session")
        #expect(acs.response.cookies.first?.httpOnly == true)
        #expect(acs.response.cookies.first?.sameSite == "Lax")

        // The logout redirect: its query shows up decoded in queryString.
        let slo = try #require(har.log.entries.first { $0.request.url.hasPrefix("https://idp.test/logout/saml?") })
        #expect(slo.request.queryString.first?.name == "SAMLRequest")
    }

    @Test("a response body that is not UTF-8 is written as base64 with encoding, and read back to the same bytes")
    func binaryBodies() throws {
        var entry = HAR.Entry(startedDateTime: "2026-11-20T09:15:00.000Z", time: 1,
                              request: HAR.Request(method: "GET", url: "https://sp.test/logo.png"),
                              response: HAR.Response(status: 200, statusText: "OK", content: HAR.Content(size: 4, mimeType: "image/png")),
                              timings: HAR.Timings(send: 0, wait: 1, receive: 0))
        let bytes = Data([0x89, 0x50, 0xFF, 0x00])
        entry.response.content.text = bytes.base64EncodedString()
        entry.response.content.encoding = "base64"
        let data = try HARWriter.encode(HAR(log: HAR.Log(creator: HAR.Creator(name: "x", version: "1"), entries: [entry])))
        let back = try RecordingReader.read(data: data, source: "memory.har")
        #expect(back.har.log.entries[0].response.content.bodyData == bytes)
        #expect(back.har.log.entries[0].response.content.bodyText == nil)
    }

    @Test("a failed exchange is status 0 with the reason in _error, as Chrome writes it")
    func failedExchange() async throws {
        let log = ExchangeLog()
        try await Browser.withBrowser(log: log, now: { TestSupport.recordedAt }) { browser in
            try await browser.register(baseURL: URL(string: "https://down.test")!) { _ in
                throw CancellationError()
            }
            _ = try? await browser.get("https://down.test/")
        }
        let har = HARBuilder().archive(log)
        let entry = try #require(har.log.entries.first)
        #expect(entry.response.status == 0)
        #expect(entry.response.error?.isEmpty == false)
        let json = String(decoding: try HARWriter.encode(har), as: UTF8.self)
        #expect(json.contains("\"_error\""))
    }

    @Test("the same archive always encodes to the same bytes, keys sorted, and matches the golden file")
    func deterministicAndGolden() async throws {
        let log = try await RecordedRun.record()
        var har = HARBuilder().archive(log)
        // Timings are measured wall-clock; the golden file fixes them.
        for index in har.log.entries.indices {
            har.log.entries[index].time = 0
            har.log.entries[index].timings = HAR.Timings(send: 0, wait: 0, receive: 0)
        }
        let once = try HARWriter.encode(har)
        let twice = try HARWriter.encode(HARBuilder().redaction.apply(to: har))
        #expect(once == twice)

        let text = String(decoding: once, as: UTF8.self)
        // Sorted keys: within an entry, "_inProcess" < "cache" < "request" < "response" < "startedDateTime".
        let positions = ["\"_inProcess\"", "\"cache\"", "\"request\"", "\"response\"", "\"startedDateTime\""]
            .map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())

        try Golden.check(once, named: "recorded-run.har")
    }

    @Test("the harness's HAR is read back as its own format, entry for entry")
    func roundTrip() async throws {
        let log = try await RecordedRun.record()
        let har = HARBuilder().archive(log)
        let recording = try RecordingReader.read(data: try HARWriter.encode(har), source: "run.har")
        #expect(recording.format == .harness)
        #expect(recording.har == har)
    }
}

/// Golden files under Fixtures/golden; `RECORD=1 swift test --filter EvidenceTests`
/// rewrites them in the source tree.
enum Golden {
    static func check(_ data: Data, named name: String, filePath: String = #filePath) throws {
        let source = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/golden").appendingPathComponent(name)
        // RECORD=golden: written into the source tree on purpose and kept (not a temporary folder).
        if try RecordSwitch.isOn(.golden) {
            try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: source)
            return
        }
        let expected = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("golden").appendingPathComponent(name))
        #expect(String(decoding: data, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                "golden file \(name) differs; re-record with RECORD=1 if the change is intended")
    }
}
