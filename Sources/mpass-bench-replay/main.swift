import Evidence
import Foundation
import Replay

// Replay throughput: every recording in a folder (scripts/bench passes fixtures/recordings),
// repeated until at least 1000 SAML messages are replayed (found, verified against the pinned
// certificate at the recorded time, flows judged), on every core and on one.
// Usage: mpass-bench-replay FOLDER

guard CommandLine.arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: mpass-bench-replay FOLDER (of .har/.json recordings, e.g. fixtures/recordings)\n".utf8))
    exit(64)
}

func peakResidentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
    let kb = Double(line.split(separator: " ").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "0") ?? 0
    return kb / 1024
}

do {
    let folder = CommandLine.arguments[1]
    let recordings = try RecordingReader.read(paths: [folder])
    let perPass = try ReplayEngine().replay(recordings).messageCount
    let repeats = max(1, Int((1000.0 / Double(max(1, perPass))).rounded(.up)))
    let workload = Array(repeating: recordings, count: repeats).flatMap { $0 }
    // The machine is shared: CPU time (every thread of the process) is reported beside the
    // wall clock, since it does not grow when other processes take the cores.
    func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
    func timed(parallel: Bool) throws -> (messages: Int, seconds: Double, cpu: Double) {
        _ = try ReplayEngine(parallel: parallel).replay(recordings) // warm-up
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        let outcome = try ReplayEngine(parallel: parallel).replay(workload)
        return (outcome.messageCount, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpuSeconds() - cpuStart)
    }
    let parallel = try timed(parallel: true)
    let sequential = try timed(parallel: false)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print(String(format: "replay, %d cores                     %8.0f messages/s (%d messages in %.2f s; 1000 in %.2f s)",
                 cores, Double(parallel.messages) / parallel.seconds, parallel.messages, parallel.seconds,
                 parallel.seconds / Double(parallel.messages) * 1000))
    print(String(format: "replay, 1 core                      %8.0f messages/s (%d messages in %.2f s)",
                 Double(sequential.messages) / sequential.seconds, sequential.messages, sequential.seconds))
    print(String(format: "replay CPU time                     %8.2f ms/message (parallel run: %.2f s CPU for %.2f s wall, %.2f cores busy)",
                 sequential.cpu / Double(sequential.messages) * 1000, parallel.cpu, parallel.seconds, parallel.cpu / parallel.seconds))
    print(String(format: "peak resident memory after replay   %8.1f MB", peakResidentMB()))
} catch {
    FileHandle.standardError.write(Data("mpass-bench-replay: \(error)\n".utf8))
    exit(1)
}
