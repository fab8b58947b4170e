import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Replay
import Testing
import TestSupport

/// CI's replay of what a real browser recorded: headless Chromium went through logins and
/// logouts against the simulator and the reference Service, and DevTools' network log was
/// written as DevTools exports it (`fixtures/browser/*.har`). Replayed the way a person
/// replays their own export — with the target file and MPass's certificate, nothing from
/// the harness inside the file — each gives the verdicts its session was known to show
/// (`fixtures/verdicts/browser-<name>.txt`, declared by the recorder, not read from a replay).
@Suite(.temporaryDirectories) struct BrowserFixtureReplayTests {
    static func engine() throws -> ReplayEngine {
        let target = try TargetDescription.load(contentsOf: FixturePaths.browser.appendingPathComponent("target.yaml"))
        let simulator = try CredentialLoader.loadCertificates(path: FixturePaths.browser.appendingPathComponent("simulator.cert.pem").path)
        return ReplayEngine(overrides: ReplayOverrides(identityProviderCertificates: simulator, target: target))
    }

    @Test func thereAreBrowserFixtures() {
        #expect(FixturePaths.browserRecordingNames.count >= 3, "fixtures/browser is empty: run scripts/record-fixtures")
    }

    @Test(arguments: FixturePaths.browserRecordingNames)
    func browserRecordingReplaysToItsVerdicts(_ name: String) throws {
        let path = FixturePaths.browser.appendingPathComponent(name).path
        let outcome = try Self.engine().replay(paths: [path])
        let verdicts = outcome.report.cases.map { "\($0.id) \($0.verdict.rawValue)" }
        let expected = try FixturePaths.expectedVerdicts(for: "browser-\(name)")
        let details = outcome.report.cases.map { "\($0.id) \($0.verdict.rawValue): \($0.reason)" }.joined(separator: "\n")
        #expect(verdicts == expected, "\(name):\n\(details)\nnotes: \(outcome.notes)")
    }

    /// The files are what DevTools exports, not the harness's own HAR: no harness context,
    /// DevTools' creator and fields, form parameters left URL-encoded as DevTools leaves them.
    @Test(arguments: FixturePaths.browserRecordingNames)
    func browserRecordingIsShapedLikeADevToolsExport(_ name: String) throws {
        let data = try Data(contentsOf: FixturePaths.browser.appendingPathComponent(name))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let log = try #require(json["log"] as? [String: Any])
        #expect((log["creator"] as? [String: Any])?["name"] as? String == "WebInspector")
        #expect(log["_mpassHarness"] == nil)
        let entries = try #require(log["entries"] as? [[String: Any]])
        #expect(entries.allSatisfy { $0["_resourceType"] is String && $0["pageref"] is String && $0["timings"] is [String: Any] })
        let samlPosts = entries.compactMap { ($0["request"] as? [String: Any])?["postData"] as? [String: Any] }
            .filter { ($0["text"] as? String)?.contains("SAMLResponse=") == true }
        #expect(!samlPosts.isEmpty, "\(name) holds no POST of a SAMLResponse")
        for post in samlPosts {
            let value = (post["params"] as? [[String: String]])?.first { $0["name"] == "SAMLResponse" }?["value"]
            #expect(value?.contains("%") == true, "DevTools leaves form values URL-encoded")
        }
        // A recording that carries the harness context would replay without the target file;
        // this one must not, or the test above would prove nothing about browser exports.
        let recording = try RecordingReader.read(file: FixturePaths.browser.appendingPathComponent(name).path)
        #expect(recording.har.log.harnessRun == nil)
    }

    /// Without MPass's certificate nothing MPass sent verifies: the passing session passes no
    /// login case, so the verdicts above come from the signatures, not from the flows' shape.
    @Test func withoutMPassCertificateNoLoginPasses() throws {
        let target = try TargetDescription.load(contentsOf: FixturePaths.browser.appendingPathComponent("target.yaml"))
        let outcome = try ReplayEngine(overrides: ReplayOverrides(target: target))
            .replay(paths: [FixturePaths.browser.appendingPathComponent("pass.har").path])
        let passed = outcome.report.cases.filter { $0.verdict == .pass }.map(\.id)
        #expect(!passed.contains("TC_FUNCT_01") && !passed.contains("TC_FUNCT_02"), "\(outcome.report.cases.map { "\($0.id) \($0.verdict)" })")
        #expect(outcome.notes.contains { $0.contains("no certificate for MPass") })
    }

    /// The passing session ends where a person's often does: at MPass's login page, the
    /// protected page having sent the browser there. That login is named, not judged.
    @Test func aLoginMPassNeverAnsweredIsNamedNotJudged() throws {
        let outcome = try Self.engine().replay(paths: [FixturePaths.browser.appendingPathComponent("pass.har").path])
        let abandoned = outcome.notes.filter { $0.contains("has no answer from MPass in the recording; not judged") }
        #expect(abandoned.count == 1, "\(outcome.notes)")
        #expect(abandoned.first?.contains("/login/saml") == true)
        #expect(!outcome.report.cases.contains { $0.verdict == .error })
    }
}
