import Foundation
import Synchronization

/// Where a Chromium run spends its time, phase by phase (start, per-case reset, actions,
/// settling, bodies, cookies, screenshots), printed to standard error at the end of the run
/// when `MPASS_HARNESS_CHROMIUM_TIMINGS` is set: the figures behind the README's table.
final class ChromiumTimings: Sendable {
    private let phases = Mutex<[String: (count: Int, seconds: Double)]>([:])

    /// Whether the table is printed at the end of the run.
    static var wanted: Bool { !(ProcessInfo.processInfo.environment["MPASS_HARNESS_CHROMIUM_TIMINGS"] ?? "").isEmpty }

    func add(_ phase: String, since start: Date) {
        let seconds = Date().timeIntervalSince(start)
        phases.withLock { $0[phase, default: (0, 0)].count += 1; $0[phase, default: (0, 0)].seconds += seconds }
    }

    func measure<T>(_ phase: String, _ body: () async throws -> T) async rethrows -> T {
        let start = Date()
        defer { add(phase, since: start) }
        return try await body()
    }

    /// One line per phase, the longest first: total seconds, times, milliseconds each.
    var table: String {
        phases.withLock { $0 }.sorted { $0.value.seconds > $1.value.seconds }.map { phase, value in
            phase.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: " %7.2f s  %5d x  %7.1f ms", value.seconds, value.count, value.seconds * 1000 / Double(max(1, value.count)))
        }.joined(separator: "\n")
    }
}
