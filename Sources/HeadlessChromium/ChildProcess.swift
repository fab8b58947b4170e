import Foundation

/// Starts `executable` with `arguments` in `directory`, in the background, its stdout and
/// stderr appended to the file `log` there (what a failed step shows).
public func startLogged(_ executable: URL, _ arguments: [String], in directory: URL, log: String) throws -> Process {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let logURL = directory.appendingPathComponent(log)
    FileManager.default.createFile(atPath: logURL.path, contents: nil)
    let handle = try FileHandle(forWritingTo: logURL)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
}

/// Ends a child process for sure, with a bounded wait: SIGTERM, then SIGKILL after a second.
/// Never `waitUntilExit` unbounded: a child that ignores SIGTERM would hang the caller.
public func stopProcess(_ process: Process) {
    guard process.isRunning else { return }
    process.terminate()
    for _ in 0..<20 where process.isRunning { usleep(50_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    for _ in 0..<20 where process.isRunning { usleep(50_000) }
}

/// A TCP socket bound to a port the kernel picks on 127.0.0.1, not listening; nil port when
/// the bind failed. The caller closes the descriptor.
private func boundLoopbackSocket() -> (descriptor: Int32, port: Int?) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return (descriptor, nil) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return (descriptor, bound == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil)
}

/// A free TCP port on 127.0.0.1 (bind to 0, read the port, close).
public func freeLoopbackPort() -> Int {
    let (descriptor, port) = boundLoopbackSocket()
    if descriptor >= 0 { close(descriptor) }
    return port ?? 0
}

/// A loopback port where nothing listens, for as long as this value lives: a socket bound to
/// it but never listening. A connection is refused, and no other test running at the same
/// time can take the port (a port bound and released at once could be, and was, reused by a
/// concurrent test's server).
public final class ClosedLoopbackPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let (descriptor, port) = boundLoopbackSocket()
        guard let port else {
            if descriptor >= 0 { close(descriptor) }
            throw WebDriverFailure("no loopback port could be reserved")
        }
        self.descriptor = descriptor
        self.port = port
    }

    deinit { close(descriptor) }
}
