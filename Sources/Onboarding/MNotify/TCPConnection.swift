import Foundation
import HostGuard
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection opened with a timeout (non-blocking connect, then poll), for
/// the TLS probe. Returns the descriptor; the caller closes it.
enum TCPConnection {
    struct Failure: Error {
        let reason: String
    }

    static func open(host: String, port: Int, timeout: TimeInterval) throws(Failure) -> Int32 {
        // The last step before getaddrinfo: production is refused here whatever the caller checked.
        do {
            try ProductionGuard.check("https://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host)/", what: "MNotify host")
        } catch {
            throw Failure(reason: error.reason)
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            throw Failure(reason: "\(host) could not be resolved (\(String(cString: gai_strerror(resolved))))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let descriptor = socket(current.pointee.ai_family, current.pointee.ai_socktype, current.pointee.ai_protocol)
            guard descriptor >= 0 else { lastError = String(cString: strerror(errno)); continue }
            let flags = fcntl(descriptor, F_GETFL, 0)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            var result = connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(timeout * 1000))
                if ready == 1 {
                    var socketError: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
                    result = socketError == 0 ? 0 : -1
                    if socketError != 0 { lastError = String(cString: strerror(socketError)) }
                } else {
                    lastError = "no answer within \(Int(timeout)) s"
                    result = -1
                }
            } else if result != 0 {
                lastError = String(cString: strerror(errno))
            }
            guard result == 0 else { close(descriptor); continue }
            _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
            setReceiveTimeout(descriptor, seconds: timeout)
            var send = timeval(tv_sec: Int(timeout), tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &send, socklen_t(MemoryLayout<timeval>.size))
            return descriptor
        }
        throw Failure(reason: "\(host):\(port) could not be reached: \(lastError)")
    }

    static func setReceiveTimeout(_ descriptor: Int32, seconds: TimeInterval) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(Int64((seconds - seconds.rounded(.down)) * 1_000_000)))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}
