import BrowserAgent
import Foundation
import MPassSAML
import MPassSimulator

/// Runs a list of cases against one Service with the in-process simulated MPass.
public struct ConformanceRunner: Sendable {
    public let service: ServiceUnderTest
    public let simulator: MPassSimulator
    public var browserConfiguration: BrowserConfiguration
    /// Every HTTP exchange of the run (the evidence), secrets redacted before storing.
    public let exchangeLog: ExchangeLog

    public init(service: ServiceUnderTest, simulator: MPassSimulator, browserConfiguration: BrowserConfiguration = BrowserConfiguration(),
                exchangeLog: ExchangeLog = ExchangeLog()) {
        self.service = service
        self.simulator = simulator
        self.browserConfiguration = browserConfiguration
        self.exchangeLog = exchangeLog
    }

    /// Runs `cases` in order; `progress` hears about each case as it starts and ends.
    public func run(_ cases: [ConformanceCase],
                    progress: @Sendable (ProgressEvent) -> Void = { _ in }) async -> [CaseResult] {
        let runner = CaseRunner(service: service, simulator: simulator, browserConfiguration: browserConfiguration,
                                exchangeLog: exchangeLog)
        var records: [CaseResult] = []
        for (index, testCase) in cases.enumerated() {
            progress(.started(index: index, total: cases.count, testCase: testCase))
            let record = await runner.run(testCase)
            records.append(record)
            progress(.finished(index: index, total: cases.count, result: record))
        }
        return records
    }

    public enum ProgressEvent: Sendable {
        case started(index: Int, total: Int, testCase: ConformanceCase)
        case finished(index: Int, total: Int, result: CaseResult)
    }
}
