import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Logging
import MPassSAML
import ProcessSupport
import Vocabulary

/// The simulator behind HTTP on loopback, for people and real browsers
/// (`mpass-harness simulator serve`). Only translates HTTP; all logic is in `MPassSimulator`.
public enum SimulatorServer {
    /// Largest request body read (a SAML form is a few kilobytes).
    static let maxBodyBytes = 2 * 1024 * 1024

    /// Serves until the task is cancelled. `onRunning` receives the bound port. With `tls`,
    /// HTTPS (a real browser reaching the simulator under MPass's https host name).
    public static func run(_ simulator: MPassSimulator, host: String = "127.0.0.1", port: Int, tls: TLSConfiguration? = nil,
                           logger: Logger = Logger(label: "mpass-simulator"),
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            var form: [String: String] = [:]
            if request.method == .post {
                let body = try await request.collectBody(upTo: maxBodyBytes)
                // The first of repeated fields counts.
                form = Dictionary(FormURLEncoding.decode(String(buffer: body)).map { ($0.name, $0.value) }) { first, _ in first }
            }
            let answer = await simulator.handle(SimulatorRequest(
                method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query, form: form,
                cookies: SimulatorRequest.parseCookieHeader(request.headers[.cookie])))
            return Response(status: HTTPResponse.Status(code: answer.status), headers: answer.headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
        }
        let configuration = ApplicationConfiguration(address: .hostname(host, port: port), serverName: "mpass-simulator")
        // Answered on ServerExecutor's threads, not on Swift's cooperative pool: the connections'
        // child tasks and the simulator actor's jobs follow the preference (see ServerExecutor).
        try await withTaskExecutorPreference(ServerExecutor.shared) {
            if let tls {
                try await Application(responder: responder, server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration,
                                      onServerRunning: { await onRunning($0.localAddress?.port ?? port) }, logger: logger).run()
            } else {
                try await Application(responder: responder, configuration: configuration,
                                      onServerRunning: { await onRunning($0.localAddress?.port ?? port) }, logger: logger).run()
            }
        }
    }
}
