import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import TestSupport

/// Servers on 127.0.0.1 for the browser's real-socket tests. Nothing here
/// talks to any other host.
enum TestServers {
    /// Stopping the server by cancellation makes Hummingbird log an error; tests need not see it.
    static let quietLogger: Logger = {
        var logger = Logger(label: "browser-agent-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs a Hummingbird application on 127.0.0.1, port chosen by the system,
    /// for the duration of `body`, which receives the server's base URL.
    static func withHummingbird<T: Sendable>(
        _ router: Router<BasicRequestContext>,
        _ body: @Sendable (URL) async throws -> T
    ) async throws -> T {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: quietLogger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            // On the loopback servers' own threads: a busy cooperative pool cannot starve it.
            group.addTask(executorPreference: ServerExecutor.shared) { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw TestServerError.didNotStart
            }
            do {
                let result = try await body(URL(string: "http://127.0.0.1:\(port)")!)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// A TCP server that accepts connections and never answers: the case the
    /// browser's timeout exists for.
    static func withSilentServer<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { _ in
                // No handlers: the request is read and dropped, nothing is ever written.
                MultiThreadedEventLoopGroup.singleton.any().makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = channel.localAddress?.port ?? 0
        do {
            let result = try await body(URL(string: "http://127.0.0.1:\(port)")!)
            try await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }
}

enum TestServerError: Error {
    case didNotStart
}
