import Foundation

/// A port on 127.0.0.1 held for as long as this value lives: a TCP socket bound to it with
/// SO_REUSEADDR but never listening. While it is held, the kernel gives the port to no one
/// who asks for "any port" (so a concurrent test cannot take it between our choice and the
/// server's bind), a connection to it is refused until a server listens there, and a server
/// that binds with SO_REUSEADDR (Hummingbird/NIO, Python's http.server, Apache,
/// chromedriver) can still bind and listen on it. "Find a free port, close it, start the
/// server" is a race; this is not.
public final class HeldLoopbackPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProcessFailure("no socket for a loopback port: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw ProcessFailure("no loopback port could be reserved: \(reason)")
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    public var baseURL: String { "http://127.0.0.1:\(port)" }
}
