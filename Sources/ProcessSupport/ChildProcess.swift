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
    ///
    /// This blocks the calling thread until the child ends: from async code use `runOffPool`.
    public static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, stdinFile: URL? = nil,
                           directory: URL? = nil, environment: [String: String] = [:], removing: [String] = [],
                           timeout: TimeInterval = 900) throws -> ChildOutput {
        let ended = DispatchSemaphore(value: 0)
        let result = Mutex<Result<ChildOutput, any Error>?>(nil)
        try start(executable, arguments, stdin: stdin, stdinFile: stdinFile, directory: directory, environment: environment,
                  removing: removing, timeout: timeout) { outcome in
            result.withLock { $0 = outcome }
            ended.signal()
        }
        ended.wait()
        return try result.withLock { $0! }.get()
    }

    /// `run` for async code: the child's end is awaited without holding a thread of Swift's
    /// cooperative pool (two threads on a 2-core machine, which one blocking wait per running
    /// child would starve). The pipes are read on threads of their own, and the continuation is
    /// resumed when both are drained and the child has exited. Cancelling the task kills the child.
    public static func runOffPool(_ executable: URL, _ arguments: [String], stdin: Data? = nil, stdinFile: URL? = nil,
                                  directory: URL? = nil, environment: [String: String] = [:], removing: [String] = [],
                                  timeout: TimeInterval = 900) async throws -> ChildOutput {
        let started = Mutex<Process?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                do {
                    let process = try start(executable, arguments, stdin: stdin, stdinFile: stdinFile, directory: directory,
                                            environment: environment, removing: removing, timeout: timeout) { outcome in
                        continuation.resume(with: outcome)
                    }
                    started.withLock { $0 = process }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            if let process = started.withLock({ $0 }) { Thread { stop(process) }.start() }
        }
    }

    /// Starts the child and calls `finished` exactly once, from a thread that is not the
    /// caller's: with the output when the child has exited and both pipes are drained, or with
    /// an error when it outlived `timeout` (it is then killed; a grandchild still holding the
    /// pipes open is given 5 more seconds, never for ever). Throws only when it cannot start.
    @discardableResult
    private static func start(_ executable: URL, _ arguments: [String], stdin: Data?, stdinFile: URL?,
                              directory: URL?, environment: [String: String], removing: [String], timeout: TimeInterval,
                              finished: @escaping @Sendable (Result<ChildOutput, any Error>) -> Void) throws -> Process {
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
        var stdinHandle: FileHandle?
        if let stdinFile {
            stdinHandle = try FileHandle(forReadingFrom: stdinFile)
            process.standardInput = stdinHandle
        } else {
            process.standardInput = input
        }
        // Three things must happen before the output is complete: the child exits, and each
        // pipe is read to its end.
        let group = DispatchGroup()
        group.enter()
        process.terminationHandler = { _ in group.leave() }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            for handle in [out.fileHandleForReading, err.fileHandleForReading, input.fileHandleForWriting] + [stdinHandle].compactMap({ $0 }) {
                try? handle.close()
            }
            throw error
        }
        // Every descriptor the parent holds is closed by hand once used, not left to the
        // Pipe's deallocation: Foundation's Process keeps the pipes alive past the child, and a
        // test run leaked over a thousand of them, which both risks EMFILE and makes Process.run
        // crash reading a long /proc/self/fd (swift-corelibs-foundation #5472).
        try? stdinHandle?.close()
        if stdinFile != nil {
            try? input.fileHandleForReading.close()
            try? input.fileHandleForWriting.close()
        }

        // One reader per pipe, and the writer, each on a thread of its own (a child that fills
        // one pipe while the parent waits on the other would block for ever).
        let collected = Mutex<(out: Data, err: Data)>((Data(), Data()))
        func drain(_ handle: FileHandle, into stream: WritableKeyPath<(out: Data, err: Data), Data> & Sendable) {
            group.enter()
            Thread {
                let data = handle.readDataToEndOfFile()
                try? handle.close()
                collected.withLock { $0[keyPath: stream] = data }
                group.leave()
            }.start()
        }
        drain(out.fileHandleForReading, into: \.out)
        drain(err.fileHandleForReading, into: \.err)
        let writer = input.fileHandleForWriting
        Thread {
            guard stdinFile == nil else { return }
            if let stdin { try? writer.write(contentsOf: stdin) }
            try? writer.close()
        }.start()

        let done = Mutex(false)
        let finishOnce: @Sendable (Result<ChildOutput, any Error>) -> Void = { outcome in
            guard done.withLock({ wasDone in defer { wasDone = true }; return !wasDone }) else { return }
            finished(outcome)
        }
        group.notify(queue: .global()) {
            let (stdoutData, stderrData) = collected.withLock { ($0.out, $0.err) }
            finishOnce(.success(ChildOutput(status: process.terminationStatus, stdoutData: stdoutData, stderrData: stderrData)))
        }
        Thread {
            // Waits on this thread of its own: the timeout, then the kill and a bounded grace.
            guard group.wait(timeout: .now() + timeout) == .timedOut else { return }
            let timedOut = ProcessFailure("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not end within \(Int(timeout)) s and was killed")
            guard done.withLock({ wasDone in defer { wasDone = true }; return !wasDone }) else { return }
            stop(process)
            _ = group.wait(timeout: .now() + 5)
            finished(.failure(timedOut))
        }.start()
        return process
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
