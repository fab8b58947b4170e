@testable import Evidence
import Foundation
import Testing
import Vocabulary
import TestSupport

@Suite("Recording reader", .temporaryDirectories)
struct RecordingReaderTests {
    @Test("Chrome's export: format, entries, Chrome's own fields tolerated, params absent")
    func chrome() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("chrome-login.har"))
        #expect(recording.format == .chrome)
        #expect(recording.har.log.entries.count == 5)
        let first = recording.har.log.entries[0]
        #expect(first.resourceType == "document")
        #expect(first.request.postData?.params == [])
        #expect(first.request.postData?.text.hasPrefix("SAMLRequest=") == true)
        #expect(abs(try #require(first.startedAt).timeIntervalSince1970 - 1_795_166_101.020) < 0.0005)
        #expect(recording.har.log.pages?.first?.id == "page_1")
        #expect(!recording.timesAreExportTime)
    }

    @Test("Firefox's export: local-offset times, URL-encoded params, base64 content")
    func firefox() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("firefox-redirect-logout.har"))
        #expect(recording.format == .firefox)
        let entries = recording.har.log.entries
        #expect(entries.count == 4)
        // 11:20:00.250+02:00 is 09:20:00.250Z.
        #expect(abs(try #require(entries[1].startedAt).timeIntervalSince1970 - 1_795_166_400.250) < 0.0005)
        #expect(entries[2].response.content.encoding == "base64")
        #expect(entries[2].response.content.bodyText?.contains("SAMLResponse") == true)
        #expect(entries[3].request.postData?.params.first?.value.contains("%") == true)
        #expect(entries[3].request.postData?.text == "")
    }

    @Test("SAML-tracer's export: requests as entries at the export time, decoded SAML kept")
    func samlTracer() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("saml-tracer-export.json"))
        #expect(recording.format == .samlTracer)
        #expect(recording.timesAreExportTime)
        let entries = recording.har.log.entries
        #expect(entries.count == 4)
        #expect(entries.allSatisfy { $0.startedDateTime == "2026-11-20T09:25:00.000Z" })
        #expect(entries[0].request.postData?.params.map(\.name) == ["SAMLRequest", "RelayState"])
        #expect(entries[0].samlTracerXML?.contains("AuthnRequest") == true)
        #expect(entries[1].response.status == 302)
        #expect(entries[1].response.statusText == "Found")
        #expect(entries[1].response.httpVersion == "HTTP/1.1")
        #expect(entries[1].response.redirectURL == "/")
        // No answer recorded: status 0, not a failure to read.
        #expect(entries[3].response.status == 0)
    }

    @Test("a size or status beyond Int is read as unknown, not a crash (found reading the fuzz target)")
    func numbersBeyondInt() throws {
        let json = #"{"log": {"entries": [{"request": {"method": "GET", "url": "http://127.0.0.1/", "bodySize": 1e300}, "response": {"status": 1e300, "content": {"size": -1e19, "mimeType": ""}}}]}}"#
        let entry = try #require(try RecordingReader.read(data: Data(json.utf8), source: "big.har").har.log.entries.first)
        // HAR's "unknown" values: -1 for sizes; this reader's 0 for a status it cannot read.
        #expect(entry.request.bodySize == -1)
        #expect(entry.response.status == 0)
        #expect(entry.response.content.size == -1)
    }

    @Test("a pre-1.0 SAML-tracer export ([name, value] headers, id) is read too")
    func samlTracerLegacy() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("saml-tracer-legacy-hashed.json"))
        #expect(recording.har.log.entries.first?.request.headers.first?.name == "Content-Type")
    }

    @Test("a directory is read in name order, .har and .json only")
    func directory() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["b.har", "a.json", "notes.txt", ".hidden.har"] {
            let source = name.hasSuffix("json") ? "saml-tracer-export.json" : "chrome-login.har"
            try FileManager.default.copyItem(atPath: TestSupport.recording(source),
                                             toPath: directory.appendingPathComponent(name).path)
        }
        let recordings = try RecordingReader.read(paths: [directory.path])
        #expect(recordings.map { ($0.source as NSString).lastPathComponent } == ["a.json", "b.har"])
    }

    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let content: String
        let code: HarnessError.Code
        /// What the user must be told, besides the file's name.
        let says: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "not JSON", content: "<html>not a har</html>", code: .recordingNotJSON, says: "not JSON"),
        BadInput(name: "truncated JSON", content: "{\"log\": {\"entries\": [", code: .recordingNotJSON, says: "not JSON"),
        BadInput(name: "a JSON array", content: "[1, 2]", code: .recordingUnknownFormat, says: "not an object"),
        BadInput(name: "unknown JSON", content: "{\"foo\": 1, \"bar\": 2}", code: .recordingUnknownFormat, says: "keys are: bar, foo"),
        BadInput(name: "log without entries", content: "{\"log\": {\"version\": \"1.2\"}}", code: .recordingNotHAR,
                 says: "log.entries is missing"),
        BadInput(name: "log not an object", content: "{\"log\": []}", code: .recordingNotHAR, says: "\"log\" is not an object"),
        BadInput(name: "entry without url", content: "{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\"}}]}}",
                 code: .recordingNotHAR, says: "log.entries[0].request: \"url\" is missing"),
        BadInput(name: "SAML-tracer requests not an array", content: "{\"requests\": {}}", code: .recordingBadSAMLTracer,
                 says: "must be an array"),
        BadInput(name: "SAML-tracer request without url", content: "{\"requests\": [{\"method\": \"GET\"}]}",
                 code: .recordingBadSAMLTracer, says: "requests[0]: \"url\" is missing"),
    ]

    @Test("unreadable recordings are refused with the file's name and what is wrong", arguments: badInputs)
    func badInput(_ input: BadInput) throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("capture.har").path
        try Data(input.content.utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: HarnessError.self) { try RecordingReader.read(paths: [path]) }
        #expect(error?.code == input.code)
        #expect(error?.reason.hasPrefix(path + ":") == true, "\(error?.reason ?? "")")
        #expect(error?.reason.contains(input.says) == true, "\(error?.reason ?? "")")
    }

    @Test("a missing file and a directory without recordings are named")
    func missingPaths() throws {
        let missing = #expect(throws: HarnessError.self) { try RecordingReader.read(paths: ["/nonexistent/run.har"]) }
        #expect(missing?.code == .recordingUnreadable)
        #expect(missing?.reason == "/nonexistent/run.har: no such file or directory")

        let empty = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        try Data("x".utf8).write(to: empty.appendingPathComponent("readme.txt"))
        let none = #expect(throws: HarnessError.self) { try RecordingReader.read(paths: [empty.path]) }
        #expect(none?.code == .recordingNoFiles)
        #expect(none?.reason.hasPrefix(empty.path) == true)
    }
}
