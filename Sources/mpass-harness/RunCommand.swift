import ArgumentParser
import Conformance
import Foundation
import MPassSAML

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the chapter-9 checklist against a Service, with the harness playing MPass and the browser.",
        discussion: """
            With no --target, starts the embedded reference Service on a free loopback port and runs
            against it. Exit 0 when every required case passes, 1 otherwise.
            """)

    func run() async throws {
        let embedded = try await EmbeddedRun.start()
        let runner = ConformanceRunner(service: embedded.service, simulator: embedded.simulator)
        let progress = ProgressLine()
        let records = await runner.run(Chapter9.cases) { event in progress.show(event) }
        await embedded.stop()
        print(ResultTable.render(records))
        let requiredFailed = records.filter { $0.testCase.severity == .required && $0.verdict != .pass }
        if !requiredFailed.isEmpty { throw ToolExit.finding }
    }
}

/// The live progress line on stderr.
struct ProgressLine: Sendable {
    func show(_ event: ConformanceRunner.ProgressEvent) {
        switch event {
        case .started(let index, let total, let testCase):
            FileHandle.standardError.write(Data("\r[\(index + 1)/\(total)] \(testCase.id) \(testCase.title)…\u{1B}[K".utf8))
        case .finished(let index, let total, let record):
            FileHandle.standardError.write(Data("\r[\(index + 1)/\(total)] \(record.testCase.id) \(record.verdict.rawValue.uppercased())\u{1B}[K\(index + 1 == total ? "\n" : "")".utf8))
        }
    }
}

/// The final table: one line per case.
enum ResultTable {
    static func render(_ records: [CaseRecord]) -> String {
        let idWidth = max(10, records.map(\.testCase.id.count).max() ?? 10)
        var lines = ["\("CASE".padding(toLength: idWidth, withPad: " ", startingAt: 0))  VERDICT  TITLE / WHY"]
        for record in records {
            let id = record.testCase.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            let verdict = record.verdict.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("\(id)  \(verdict)  \(record.testCase.title)")
            if record.verdict != .pass { lines.append(String(repeating: " ", count: idWidth + 11) + record.reason) }
        }
        let passed = records.filter { $0.verdict == .pass }.count
        lines.append("\(passed) of \(records.count) cases passed")
        return lines.joined(separator: "\n")
    }
}
