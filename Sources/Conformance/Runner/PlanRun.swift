import Vocabulary
import BrowserAgent
import CaseCatalogue
import Evidence
import Foundation
import HarnessModel
import MPassSimulator
import Synchronization

/// A plan run from start to report: the cases against one Service with the in-process
/// simulator, the plan's expected failures applied, the run report, and the HAR evidence
/// (every exchange, redacted, each labelled with its case). What `run` does between reading
/// its options and writing the artefacts (`RunArtefacts`).
public struct PlanRun: Sendable {
    public let report: RunReport
    /// The encoded HAR evidence (`evidence/run.har`).
    public let har: Data
    /// Each case's last page as Chromium drew it, by run-folder path (`screenshots/<case>.jpg`,
    /// as `CaseResult.screenshot` names it); empty for in-process runs.
    public var screenshots: [String: Data] = [:]

    /// - Parameter browser: who plays the person's browser; `.chromium` starts one headless
    ///   Chromium for the run (an error naming the fix when it is not installed).
    public static func perform(_ plan: TestPlan, service: ServiceUnderTest, simulator: MPassSimulator,
                               browserConfiguration: BrowserConfiguration = BrowserConfiguration(),
                               browser: BrowserKind = .inProcess,
                               redaction: RedactionPolicy, started: Date = Date(),
                               progress: @Sendable (ConformanceRunner.ProgressEvent) -> Void = { _ in }) async throws(HarnessError) -> PlanRun {
        let exchangeLog = ExchangeLog()
        var runner = ConformanceRunner(service: service, simulator: simulator, browserConfiguration: browserConfiguration,
                                       exchangeLog: exchangeLog)
        var chromium: ChromiumRun?
        if browser == .chromium { chromium = try await ChromiumRun.start(simulator: simulator) }
        runner.chromium = chromium
        // Where each case's exchanges start, so the HAR can say which case each belongs to.
        let caseStarts = CaseStarts()
        let results = plan.applyExpectations(to: await runner.run(plan.cases) { event in
            if case .started(_, _, let testCase) = event { caseStarts.append(testCase.id, exchangeLog.count) }
            progress(event)
        })
        let browserVersion = chromium?.session.browserVersion
        await chromium?.stop()
        var report = RunReport(
            tool: RunReport.Tool(version: ToolInfo.version), startedAt: started, finishedAt: Date(),
            target: RunReport.Target(name: service.name, baseURL: service.baseURL.absoluteString, issuer: service.issuer),
            idp: RunReport.IdentityProvider(kind: .simulator, baseURL: simulator.configuration.baseURL.absoluteString,
                                            issuer: simulator.configuration.issuer),
            plan: plan.name, cases: results)
        // In-process reports stay as they were: the field is written for Chromium runs only.
        if chromium != nil {
            report.browser = .chromium
            report.browserVersion = browserVersion
        }
        let context = RunEvidence.context(service: service, simulator: simulator.configuration, plan: plan)
        let har = try RunEvidence.har(exchangeLog, caseIDs: RunEvidence.caseIDs(starts: caseStarts.values, exchangeCount: exchangeLog.count),
                                      context: context, redaction: redaction)
        return PlanRun(report: report, har: har, screenshots: chromium?.screenshots ?? [:])
    }
}

/// The exchange count at the start of each case, written from the runner's progress callback.
final class CaseStarts: Sendable {
    private let starts = Mutex<[(caseID: String, firstSequence: Int)]>([])

    func append(_ caseID: String, _ firstSequence: Int) {
        starts.withLock { $0.append((caseID, firstSequence)) }
    }

    var values: [(caseID: String, firstSequence: Int)] {
        starts.withLock { $0 }
    }
}
