import BrowserAgent
import CaseCatalogue
import Foundation
import HarnessModel
import MPassSimulator

/// Runs a list of cases against one Service with the in-process simulated MPass.
public struct ConformanceRunner: Sendable {
    public let service: ServiceUnderTest
    public let simulator: MPassSimulator
    public var browserConfiguration: BrowserConfiguration
    /// Every HTTP exchange of the run (the evidence), secrets redacted before storing.
    public let exchangeLog: ExchangeLog
    /// The run's headless Chromium (`PlanRun` with `.chromium`); nil: the in-process agent.
    var chromium: ChromiumRun?

    public init(service: ServiceUnderTest, simulator: MPassSimulator, browserConfiguration: BrowserConfiguration = BrowserConfiguration(),
                exchangeLog: ExchangeLog = ExchangeLog()) {
        self.service = service
        self.simulator = simulator
        self.browserConfiguration = browserConfiguration
        self.exchangeLog = exchangeLog
        self.chromium = nil
    }

    /// Runs `cases` in order; `progress` hears about each case as it starts and ends.
    public func run(_ cases: [ConformanceCase],
                    progress: @Sendable (ProgressEvent) -> Void = { _ in }) async -> [CaseResult] {
        let runner = CaseRunner(service: service, simulator: simulator, browserConfiguration: browserConfiguration,
                                exchangeLog: exchangeLog, chromium: chromium, anonymousPage: await anonymousPage())
        var records: [CaseResult] = []
        for (index, testCase) in cases.enumerated() {
            progress(.started(index: index, total: cases.count, testCase: testCase))
            let record = await runner.run(testCase)
            records.append(record)
            progress(.finished(index: index, total: cases.count, result: record))
        }
        return records
    }

    /// What the Service shows a visitor who is not logged in, at its base URL: the yardstick
    /// against which error wording on later pages is read. Redirects are followed only within
    /// the Service's origin (never to MPass), in a browser of its own. The visit is part of
    /// the run's evidence, before the first case (no case label), so that a replay reads the
    /// pages against the same yardstick. Nil when the page cannot be had.
    func anonymousPage() async -> PageText? {
        let service = service
        return try? await Browser.withBrowser(configuration: browserConfiguration, log: exchangeLog) { browser in
            var url = service.baseURL
            for _ in 0..<5 {
                let navigation = try await browser.send(BrowserRequest(method: "GET", url: url), followRedirects: false)
                let response = navigation.response
                guard response.isRedirect else { return response.status < 400 ? PageText(html: response.text) : nil }
                guard let location = response.location, let next = URL(string: location, relativeTo: url)?.absoluteURL,
                      CaseRunner.sameOrigin(next, service.baseURL) else { return nil }
                url = next
            }
            return nil
        }
    }

    public enum ProgressEvent: Sendable {
        case started(index: Int, total: Int, testCase: ConformanceCase)
        case finished(index: Int, total: Int, result: CaseResult)
    }
}
