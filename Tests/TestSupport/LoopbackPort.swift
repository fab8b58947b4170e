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
        guard descriptor >= 0 else { throw TestSupportError("no socket for a loopback port: \(String(cString: strerror(errno)))") }
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
            throw TestSupportError("no loopback port could be reserved: \(reason)")
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `start` with a held port and, should the server still find it taken ("address
    /// already in use": a server that does not set SO_REUSEADDR), again with a new one, up to
    /// `attempts` times; any other error is thrown at once. The port stays held while the
    /// returned value is in use: keep it alive as long as the server runs.
    public static func retrying<T>(attempts: Int = 3, _ start: (HeldLoopbackPort) async throws -> T) async throws -> (port: HeldLoopbackPort, value: T) {
        var last = ""
        for _ in 0..<attempts {
            let held = try HeldLoopbackPort()
            do {
                return (held, try await start(held))
            } catch {
                last = "\(error)"
                guard last.localizedCaseInsensitiveContains("in use") else { throw error }
            }
        }
        throw TestSupportError("the server found its loopback port in use \(attempts) times; does it bind with SO_REUSEADDR? Last error: \(last)")
    }
}
