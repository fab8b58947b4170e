import CaseCatalogue
import Evidence
import Foundation
import HarnessModel
import Replay
import Testing
import TestSupport

/// A Service that answers a Response it refuses by starting a new login (mod_auth_mellon;
/// the reference weakness `restartLoginOnRefusal`). The run stops following pages once the
/// browser, after posting the Response, reaches MPass's SSO URL again, then asks for the
/// protected resource. The replay must read the same thing: the new login is the Service's
/// answer to the faulty Response, MPass's answer to it never reached the Service, and the
/// protected resource asked for next tells whether the faulty Response opened a session.
@Suite(.temporaryDirectories) struct RestartedLoginReplayTests {
    static let fixture = FixturePaths.recordings.appendingPathComponent("run-restartLoginOnRefusal.har").path
    static let securityCases = Chapter9.cases.filter { $0.kind == .security }.map(\.id)

    /// In `recording`, the entries of `label` that matter: the POST of the faulty Response
    /// to the ACS, the Service's new AuthnRequest delivered to MPass right after it, and the
    /// request for the protected resource the run made once it stopped there.
    static func restart(in recording: Recording, label: String) throws -> (delivery: Int, restarted: Int, probe: Int) {
        let entries = recording.har.log.entries
        let delivery = try #require(entries.indices.first { entries[$0].caseID == label
            && entries[$0].request.postData?.text.hasPrefix("SAMLResponse=") == true }, "\(label): no Response posted")
        let restarted = try #require(entries.indices.first { $0 > delivery
            && entries[$0].request.postData?.text.hasPrefix("SAMLRequest=") == true }, "\(label): no new AuthnRequest")
        let probe = try #require(entries.indices.first { $0 > restarted && entries[$0].request.method == "GET"
            && URL(string: entries[$0].request.url)?.path == "/protected" }, "\(label): no request for the protected resource")
        // The shape the run leaves: nothing posted to the ACS between the new login and the probe.
        #expect(!entries[(restarted + 1)..<probe].contains { $0.request.postData?.text.hasPrefix("SAMLResponse=") == true })
        #expect(entries[probe].caseID == label)
        return (delivery, restarted, probe)
    }

    static func replayed(_ recording: Recording, _ id: String) throws -> CaseResult {
        let report = try ReplayEngine().replay([recording]).report
        return try #require(report.cases.first { $0.id == id }, "no \(id) in the replay")
    }

    /// Each refused faulty Response passes, as the run gave it: the new login is named, the
    /// protected resource asked for after it is the faulty attempt's, and only the two
    /// Responses posted to the Service (the faulty one and the control's) are in the case.
    @Test func everyRefusalByANewLoginPasses() throws {
        let report = try ReplayEngine().replay(paths: [Self.fixture]).report
        for id in Self.securityCases {
            let result = try #require(report.cases.first { $0.id == id })
            #expect(result.verdict == .pass, "\(id) \(result.verdict): \(result.reason)")
            #expect(result.reason.hasPrefix("the Service refused the Response"), "\(id): \(result.reason)")
            let titles = result.steps.map(\.title)
            let restart = try #require(titles.firstIndex(of: "the Service starts a new login"), "\(id): \(titles)")
            let probe = try #require(titles[restart...].firstIndex(of: "ask for the protected resource"), "\(id): \(titles)")
            #expect(result.steps[probe].detail.contains("redirected (302)"), "\(id): \(result.steps[probe].detail)")
            #expect(result.messages.filter { $0.kind == "Response" }.count == 2, "\(id): \(result.messages.map(\.kind))")
        }
    }

    /// A Service that restarts the login but did open a session from the faulty Response:
    /// the protected resource asked for after the restart is served, and the case fails.
    @Test func aSessionOpenedBeforeTheNewLoginFails() throws {
        var recording = try RecordingReader.read(file: Self.fixture)
        let (_, _, probe) = try Self.restart(in: recording, label: "TC_SEC_01")
        var response = recording.har.log.entries[probe].response
        response.status = 200
        response.statusText = "OK"
        response.headers.removeAll { $0.name.lowercased() == "location" }
        response.redirectURL = ""
        response.content.text = "<html><body><p>Logged in as Ion Popescu</p></body></html>"
        response.content.mimeType = "text/html"
        recording.har.log.entries[probe].response = response
        let result = try Self.replayed(recording, "TC_SEC_01")
        #expect(result.verdict == .fail, "\(result.verdict): \(result.reason)")
        #expect(result.reason.contains("opened a session from a faulty Response"), "\(result.reason)")
    }

    /// mod_auth_mellon's way: the ACS sends the browser back to the protected page (the
    /// RelayState), which redirects to the login that starts the new AuthnRequest. The
    /// protected page inside the Service's own redirects is part of its answer; the run reads
    /// a restart there too, and asks for the protected resource after it.
    @Test func aNewLoginStartedThroughTheProtectedPagePasses() throws {
        var recording = try RecordingReader.read(file: Self.fixture)
        let (delivery, _, probe) = try Self.restart(in: recording, label: "TC_SEC_01")
        let protectedURL = recording.har.log.entries[probe].request.url
        var answer = recording.har.log.entries[delivery].response
        answer.headers = answer.headers.map { $0.name.lowercased() == "location" ? .init(name: $0.name, value: "/protected") : $0 }
        answer.redirectURL = protectedURL
        recording.har.log.entries[delivery].response = answer
        // The protected page as it answers a browser without a session: a 302 to the login.
        var hop = recording.har.log.entries[probe]
        hop.sequence = (recording.har.log.entries.compactMap(\.sequence).max() ?? 0) + 1
        recording.har.log.entries.insert(hop, at: delivery + 1)
        let result = try Self.replayed(recording, "TC_SEC_01")
        #expect(result.verdict == .pass, "\(result.verdict): \(result.reason)")
        let restart = try #require(result.steps.firstIndex { $0.title == "the Service starts a new login" })
        let asked = try #require(result.steps[restart...].first { $0.title == "ask for the protected resource" })
        // The request the run made after the restart, not the hop inside the Service's answer.
        #expect(asked.exchangeIDs == [recording.har.log.entries[probe + 1].sequence ?? -1])
    }

    /// Without the request for the protected resource after the restart, nothing shows the
    /// faulty Response refused: the new login alone is no verdict.
    @Test func aNewLoginWithoutTheProtectedResourceIsReviewed() throws {
        var recording = try RecordingReader.read(file: Self.fixture)
        let (_, _, probe) = try Self.restart(in: recording, label: "TC_SEC_01")
        recording.har.log.entries.remove(at: probe)
        let result = try Self.replayed(recording, "TC_SEC_01")
        #expect(result.verdict == .review, "\(result.verdict): \(result.reason)")
        #expect(result.reason.contains("does not show the protected resource after this flow"), "\(result.reason)")
    }
}
