import Evidence
import Foundation
import MPassSAML
import Replay
import Testing
import Vocabulary
import TestSupport

@Suite(.temporaryDirectories) struct ReplayErrorTests {
    static func recording(_ entries: [HAR.Entry], source: String = "test.har") -> Recording {
        Recording(source: source, format: .har, har: HAR(log: HAR.Log(creator: HAR.Creator(name: "test", version: "1"), entries: entries)))
    }

    static func entry(_ url: String, status: Int = 200, body: String = "") -> HAR.Entry {
        HAR.Entry(startedDateTime: "2026-11-22T10:00:00.000Z", time: 1, request: HAR.Request(method: "GET", url: url),
                  response: HAR.Response(status: status, statusText: "", content: HAR.Content(size: body.utf8.count, mimeType: "text/html", text: body)),
                  timings: HAR.Timings(send: 0, wait: 1, receive: 0))
    }

    @Test func recordingWithoutSAMLIsRefusedByName() throws {
        let recording = Self.recording([Self.entry("https://service.example/")], source: "browsing.har")
        #expect(throws: HarnessError(.replayNoMessages, "")) { try ReplayEngine().replay([recording]) }
        do {
            _ = try ReplayEngine().replay([recording])
        } catch {
            #expect(error.reason.contains("browsing.har"))
        }
    }

    @Test func productionIdentityProviderIsRefused() throws {
        let recording = Self.recording([Self.entry("https://service.example/")])
        let overrides = ReplayOverrides(identityProviderBaseURL: "https://mpass.gov.md")
        #expect(throws: HarnessError(.replayProductionRefused, "")) { try ReplayEngine(overrides: overrides).replay([recording]) }
    }

    /// A browser recording with no context and no options: the messages are still checked,
    /// and the notes say what is missing rather than guessing.
    @Test func browserRecordingWithoutOptionsSaysWhatIsMissing() throws {
        let url = FixturePaths.packageRoot.appendingPathComponent("Tests/EvidenceTests/Fixtures/recordings/chrome-login.har")
        let outcome = try ReplayEngine().replay(paths: [url.path])
        #expect(outcome.messageCount > 0)
        #expect(outcome.notes.contains { $0.contains("--idp-cert") })
        #expect(outcome.notes.contains { $0.contains("--target") })
        #expect(outcome.report.cases.allSatisfy { $0.verdict != .pass })
    }
}
