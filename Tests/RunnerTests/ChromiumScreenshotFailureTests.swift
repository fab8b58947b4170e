import CaseCatalogue
@testable import Conformance
import Foundation
import HarnessModel
import Testing

/// Issue 14's leftover: a case whose picture Chromium could not take says so in its report
/// entry (an INFO step, and report.html's line where the picture would be), and keeps the
/// verdict it had with a picture. Needs Chromium and chromedriver
/// (`apt-get install -y chromium chromium-driver`): without them the run fails with that fix.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ChromiumScreenshotFailureTests {
    /// What the injected capture throws, as DevTools' failures read.
    struct CaptureRefused: Error, CustomStringConvertible {
        var description: String { "Page.captureScreenshot failed: the renderer is gone (injected by the test)" }
    }

    @Test func aScreenshotChromiumCannotTakeIsAStepAndKeepsTheVerdict() async throws {
        let embedded = try await EmbeddedRun.start()
        let chromium: ChromiumRun
        do {
            chromium = try await ChromiumRun.start(simulator: embedded.simulator)
        } catch {
            await embedded.stop()
            throw error
        }
        let testCase = try #require(try TestPlan.resolve("chapter9").cases.first)
        var runner = ConformanceRunner(service: embedded.service, simulator: embedded.simulator)
        runner.chromium = chromium
        let pictured = await runner.run([testCase])
        chromium.screenshotTaker.withLock { $0 = { _ in throw CaptureRefused() } }
        let unpictured = await runner.run([testCase])
        await chromium.stop()
        await embedded.stop()

        let with = try #require(pictured.first), without = try #require(unpictured.first)
        // The same case with a working capture: a picture, and no such step.
        #expect(with.screenshot != nil)
        #expect(!with.steps.contains { $0.title == CaseScreenshot.notTakenStep })
        // Without one: no picture, an INFO step with Chromium's reason, the verdict unchanged.
        #expect(without.screenshot == nil)
        #expect(without.verdict == with.verdict, "\(without.reason)")
        let step = try #require(without.steps.first { $0.title == CaseScreenshot.notTakenStep }, "no step says the picture is missing")
        #expect(step.outcome == .info)
        #expect(step.detail == CaptureRefused().description)
        #expect(step.exchangeIDs == nil, "the note claims none of the case's exchanges")

        // report.html says it where the picture would be.
        var report = RunReport(tool: RunReport.Tool(version: ToolInfo.version), startedAt: Date(), finishedAt: Date(),
                               target: RunReport.Target(name: "reference", baseURL: embedded.service.baseURL.absoluteString, issuer: nil),
                               idp: RunReport.IdentityProvider(kind: .simulator, baseURL: embedded.simulator.configuration.baseURL.absoluteString, issuer: nil),
                               plan: "one", cases: [without])
        report.browser = .chromium
        let html = String(decoding: try HTMLReportWriter.render(report), as: UTF8.self)
        #expect(html.contains("No screenshot: Chromium took none for this case (Page.captureScreenshot failed: the renderer is gone (injected by the test))."))
    }
}
