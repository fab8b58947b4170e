import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket, by the C library's module name: inside the listener `socket` is a property.
private func openStreamSocket() -> Int32 {
    #if canImport(Glibc)
    Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    Darwin.socket(AF_INET, SOCK_STREAM, 0)
    #endif
}

/// A TCP listener on 127.0.0.1 that a case runs while the Service handles a message whose
/// DOCTYPE points at it. It answers nothing useful; it only counts who connected and what
/// they asked for. A connection is proof that the Service's XML reader fetched an external
/// entity or DTD: the case does not have to guess from the Service's answer.
///
/// Plain sockets on a thread of its own: the Service may fetch from any thread, at any
/// time during the case, and the listener must not depend on the runner's event loop.
final class LoopbackListener: Sendable {
    let port: Int
    private let socket: Int32
    /// The request lines received, and whether `stop` was called.
    private let state = Mutex<(requests: [String], stopped: Bool)>(([], false))
    private let finished = DispatchSemaphore(value: 0)

    /// Binds a free port on 127.0.0.1 and starts accepting.
    init() throws {
        let fd = openStreamSocket()
        guard fd >= 0 else { throw ListenerError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ListenerError("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socket = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The URL the case puts into the message; `path` names the case in the request line.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// The request lines received so far (`GET /xxe-… HTTP/1.1`).
    var received: [String] {
        state.withLock { $0.requests }
    }

    func stop() {
        let already = state.withLock { state in
            defer { state.stopped = true }
            return state.stopped
        }
        guard !already else { return }
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
        finished.wait()
    }

    deinit { stop() }

    private var isStopped: Bool {
        state.withLock { $0.stopped }
    }

    private func acceptLoop() {
        defer { finished.signal() }
        while !isStopped {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            guard ready > 0 else { continue }
            let client = accept(socket, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
        }
    }

    /// Reads the request line (briefly), records it, answers 404 and closes.
    private func handle(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 0, tv_usec: 500_000)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = read(client, &buffer, buffer.count)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "(a connection with no request)"
        state.withLock { $0.requests.append(line) }
        let answer = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = answer.withCString { write(client, $0, strlen($0)) }
    }

    struct ListenerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
