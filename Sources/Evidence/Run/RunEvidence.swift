import BrowserAgent
import Foundation
import Vocabulary

/// The HAR evidence of a run: every exchange of the run's log, redacted, each entry carrying
/// its sequence number (`_sequence`, what the report's step `exchangeIDs` name) and its case
/// (`_case`), and the log carrying what the run was about (`_mpassHarness`), so the file
/// replays on its own and `report verify` can judge it again.
public enum RunEvidence {
    /// The evidence file's name inside a report folder or bundle (`evidence/run.har`).
    public static let fileName = "run.har"
    public static let directoryName = "evidence"

    /// Which case each exchange belongs to, from the exchange count when each case started
    /// (cases run one after another, so each owns the exchanges up to the next one's start).
    public static func caseIDs(starts: [(caseID: String, firstSequence: Int)], exchangeCount: Int) -> [Int: String] {
        var result: [Int: String] = [:]
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].firstSequence : exchangeCount
            for sequence in start.firstSequence..<max(start.firstSequence, end) { result[sequence] = start.caseID }
        }
        return result
    }

    /// The encoded HAR file.
    public static func har(_ log: ExchangeLog, caseIDs: [Int: String], context: RecordedRunContext,
                           redaction: RedactionPolicy) throws(HarnessError) -> Data {
        try HARWriter.encode(HARBuilder(redaction: redaction).archive(log.records, caseIDs: caseIDs, context: context))
    }
}
