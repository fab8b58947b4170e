import Evidence
import Foundation
import HarnessModel
import Replay
import Testing
import TestSupport

/// CI's replay: every recorded fixture gives, offline and on every build, the verdicts the
/// recording run gave (`fixtures/verdicts/<name>.txt`).
@Suite(.temporaryDirectories) struct FixtureReplayTests {
    @Test func thereAreFixtures() {
        #expect(FixturePaths.recordingNames.count >= 5, "fixtures/recordings is empty: run scripts/record-fixtures")
    }

    @Test(arguments: FixturePaths.recordingNames)
    func fixtureReplaysToItsRecordedVerdicts(_ name: String) throws {
        let outcome = try ReplayEngine().replay(paths: [FixturePaths.recordings.appendingPathComponent(name).path])
        let verdicts = outcome.report.cases.map { "\($0.id) \($0.verdict.rawValue)" }
        let expected = try FixturePaths.expectedVerdicts(for: name)
        let details = outcome.report.cases.map { "\($0.id) \($0.verdict.rawValue): \($0.reason)" }.joined(separator: "\n")
        #expect(verdicts == expected, "\(name):\n\(details)")
        #expect(outcome.report.plan == "replay")
    }

    /// Same recordings, same bytes: two replays, and a parallel against a sequential one.
    @Test func replayIsDeterministic() throws {
        let paths = [FixturePaths.recordings.path]
        let first = try ReportJSON.encode(try ReplayEngine().replay(paths: paths).report)
        let second = try ReportJSON.encode(try ReplayEngine().replay(paths: paths).report)
        let sequential = try ReportJSON.encode(try ReplayEngine(parallel: false).replay(paths: paths).report)
        #expect(first == second)
        #expect(first == sequential)
    }

    /// The report's step exchangeIDs name entries of the HAR (`_sequence`).
    @Test func stepExchangeIDsResolveInTheHAR() throws {
        let name = try #require(FixturePaths.recordingNames.first { $0.hasPrefix("run-") })
        let path = FixturePaths.recordings.appendingPathComponent(name).path
        let recording = try RecordingReader.read(file: path)
        let sequences = Set(recording.har.log.entries.compactMap(\.sequence))
        #expect(sequences.count == recording.har.log.entries.count)
        let report = try ReplayEngine().replay([recording]).report
        let named = report.cases.flatMap(\.steps).flatMap { $0.exchangeIDs ?? [] }
        #expect(!named.isEmpty)
        #expect(named.allSatisfy(sequences.contains))
    }
}
