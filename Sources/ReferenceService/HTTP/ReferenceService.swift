import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ProcessSupport
import ServiceLifecycle
import Vocabulary

/// The reference Service as a server: a small real SAML Service Provider on the MPassSAML
/// library, with the official .NET integration's routes, for the harness to test (and to
/// prove, by switching weaknesses on, that the harness notices what it should).
public enum ReferenceService {
    /// Starts the Service on `host:port` and returns once it accepts connections.
    ///
    /// With port 0 the system chooses a free port; when `configuration.baseURL` is nil it
    /// becomes `http://host:port` with the port actually bound, so a runner can start the
    /// Service on loopback and learn its URL before running anything. The configuration is
    /// checked before anything is bound (a production IdP URL or a missing certificate is
    /// refused with a `HarnessError`).
    ///
    /// - Parameters:
    ///   - tls: serve HTTPS with this configuration (`live`: MPass staging's sample
    ///     registration is `https://localhost:5001`); nil serves plain HTTP.
    ///   - observer: sees every exchange, bodies included, once answered (`live` records and
    ///     judges them).
    public static func serve(configuration: ReferenceServiceConfiguration, host: String = "127.0.0.1", port: Int = 0,
                             tls: TLSConfiguration? = nil, observer: ExchangeObserver? = nil,
                             logger: Logger = Logger(label: "mpass-reference-service")) async throws -> RunningReferenceService {
        let scheme = tls == nil ? "http" : "https"
        // Every check but the base URL, before binding.
        var probe = configuration
        probe.baseURL = configuration.baseURL ?? urlString(scheme: scheme, host: host, port: port == 0 ? 1 : port)
        _ = try probe.validated()

        // With a given base URL the core exists from the start; otherwise once the port is known.
        let early = try configuration.baseURL.map { _ in try ServiceCore(configuration: configuration) }
        let slot = NIOLockedValueBox<ServiceCore?>(early)
        let (bound, boundContinuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        let router = buildRouter(observer: observer) { slot.withLockedValue { $0 } }
        let applicationConfiguration = ApplicationConfiguration(address: .hostname(host, port: port), serverName: "mpass-reference-service")
        let onRunning: @Sendable (any Channel) async -> Void = { channel in boundContinuation.yield(.success(channel.localAddress?.port ?? port)) }
        let app: Application<RouterResponder<BasicRequestContext>>
        if let tls {
            do {
                app = Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: applicationConfiguration,
                                  onServerRunning: onRunning, logger: logger)
            } catch {
                throw HarnessError(.serverFailed, "the Service's TLS configuration was refused: \(error)")
            }
        } else {
            app = Application(router: router, configuration: applicationConfiguration, onServerRunning: onRunning, logger: logger)
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        // Requests are answered on ServerExecutor's threads (Hummingbird's per-connection child
        // tasks and ServiceCore's store inherit the preference), never on Swift's cooperative
        // pool, which busy synchronous work elsewhere in the process can hold past a browser's timeout.
        let task = Task(executorPreference: ServerExecutor.shared) {
            defer { boundContinuation.finish() }
            do {
                try await group.run()
            } catch {
                boundContinuation.yield(.failure(error))
                throw error
            }
        }

        var boundPort: Int?
        for await result in bound {
            switch result {
            case .success(let port): boundPort = port
            case .failure(let error):
                throw HarnessError(.serverFailed, "the Service could not listen on \(host):\(port): \(error)")
            }
            break
        }
        guard let boundPort else {
            throw HarnessError(.serverFailed, "the Service stopped before it listened on \(host):\(port)")
        }

        var effective = configuration
        effective.baseURL = urlString(scheme: scheme, host: host, port: boundPort)
        do {
            let core = try early ?? ServiceCore(configuration: effective)
            slot.withLockedValue { $0 = core }
            return RunningReferenceService(core: core, port: boundPort, group: group, task: task)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            throw error
        }
    }

    static func urlString(scheme: String = "http", host: String, port: Int) -> String {
        "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}

/// A running reference Service: where it is, its core (for inspection in tests), and how
/// to stop it.
public final class RunningReferenceService: Sendable {
    public let core: ServiceCore
    /// The port actually bound.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(core: ServiceCore, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.core = core
        self.port = port
        self.group = group
        self.task = task
    }

    /// `http://127.0.0.1:PORT`: the base URL the Service answers at.
    public var baseURL: String { core.baseURL }

    /// Stops accepting connections, lets requests in flight finish, and returns when the
    /// server has stopped.
    public func shutdown() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// Returns when the server stops (after `shutdown()`, or on failure).
    public func waitUntilStopped() async throws {
        try await task.value
    }
}
