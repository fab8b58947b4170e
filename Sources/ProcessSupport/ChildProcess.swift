import Foundation
import Synchronization

/// What a child process left when it ended: its exit status and everything it wrote.
public struct ChildOutput: Sendable {
    public let status: Int32
    public let stdoutData: Data
    public let stderrData: Data
    public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    public var stderr: String { String(decoding: stderrData, as: UTF8.self) }
}

/// A child process that did not start or did not end in time, or a port that could not be held.
public struct ProcessFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Every child process the harness and its tests start goes through here: started, its stdout and stderr read
/// at the same time (a child that fills one pipe while the parent waits on the other would
/// block for ever), and killed and reaped on every way out.
public enum ChildProcess {
    /// `name` on PATH (or in the usual system folders), or an error saying how to install it.
    public static func tool(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin"]
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ProcessFailure("\(name) is not installed (not on PATH); run scripts/setup, which installs what the tests use")
    }

    /// Runs `executable` to its end and returns its status and output. `stdin` is written to
    /// its standard input (or `stdinFile` given as it, for inputs larger than a pipe holds);
    /// `environment` is added to this process's, and `removing` taken out of it. A child still
    /// running after `timeout` seconds is killed and the call throws, naming it.
    public static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, stdinFile: URL? = nil,
                           directory: URL? = nil, environment: [String: String] = [:], removing: [String] = [],
                           timeout: TimeInterval = 900) throws -> ChildOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for key in removing { env.removeValue(forKey: key) }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdinFile {
            process.standardInput = try FileHandle(forReadingFrom: stdinFile)
        } else {
            process.standardInput = input
        }
        try process.run()

        // One reader per pipe, and the writer, each on a thread of its own.
        let collected = Mutex<(out: Data, err: Data)>((Data(), Data()))
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            collected.withLock { $0.out = data }
        }
        DispatchQueue.global().async(group: group) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            collected.withLock { $0.err = data }
        }
        let writer = input.fileHandleForWriting
        DispatchQueue.global().async {
            if let stdin, stdinFile == nil { try? writer.write(contentsOf: stdin) }
            try? writer.close()
        }
        let timedOut = group.wait(timeout: .now() + timeout) == .timedOut
        if timedOut {
            stop(process)
            // A grandchild may still hold the pipes open: wait a little, never for ever.
            _ = group.wait(timeout: .now() + 5)
        }
        process.waitUntilExit()
        if timedOut {
            throw ProcessFailure("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not end within \(Int(timeout)) s and was killed")
        }
        let (stdoutData, stderrData) = collected.withLock { ($0.out, $0.err) }
        return ChildOutput(status: process.terminationStatus, stdoutData: stdoutData, stderrData: stderrData)
    }

    /// `run` waited for on a thread of its own, not on Swift's cooperative pool (two threads on
    /// a 2-core machine): a blocking wait there starves every other suite's async tests.
    public static func runOffPool(_ executable: URL, _ arguments: [String], stdin: Data? = nil,
                                  directory: URL? = nil, environment: [String: String] = [:], removing: [String] = [],
                                  timeout: TimeInterval = 900) async throws -> ChildOutput {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try run(executable, arguments, stdin: stdin, directory: directory, environment: environment,
                            removing: removing, timeout: timeout)
                })
            }.start()
        }
    }

    /// Ends a child for sure and reaps it, with a bounded wait: SIGTERM, then SIGKILL after a
    /// second. Never an unbounded wait before the kill: a child that ignores SIGTERM would hang.
    public static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<20 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A child process running in the background (a server), its stdout and stderr appended to a
/// log file in its folder (what a failed step shows; a file never fills up as a pipe does).
/// Stopped and reaped by `stop()` or, at the latest, when the value goes away.
public final class BackgroundProcess: Sendable {
    public let process: Process
    public let log: URL

    /// Starts `executable` with `arguments` in `directory`, logging to the file `log` there.
    public init(_ executable: URL, _ arguments: [String], in directory: URL, log: String,
                environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let logURL = directory.appendingPathComponent(log)
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw ProcessFailure("the log file \(logURL.path) could not be created")
        }
        let handle = try FileHandle(forWritingTo: logURL)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.log = logURL
    }

    deinit { ChildProcess.stop(process) }

    public var isRunning: Bool { process.isRunning }
    public var terminationStatus: Int32 { process.terminationStatus }

    /// What the child has written so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    public func stop() { ChildProcess.stop(process) }

    /// Waits until the child has written `marker`; fails with its output when it has not within
    /// `timeout` seconds, or when it ended first.
    public func waitForOutput(_ marker: String, timeout: TimeInterval = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.contains(marker) { return }
            guard isRunning else {
                throw ProcessFailure("\(log.lastPathComponent): the process ended (status \(terminationStatus)) before it printed \(marker):\n\(output)")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw ProcessFailure("\(log.lastPathComponent): no \(marker) within \(Int(timeout)) s:\n\(output)")
    }

    /// Waits until the child ends by itself; false when it still runs after `timeout` seconds.
    public func waitForExit(timeout: TimeInterval) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning, Date() < deadline { try await Task.sleep(nanoseconds: 100_000_000) }
        return !isRunning
    }
}
