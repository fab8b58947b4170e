import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One exchange with the Service as the server saw it, bodies included: what `live` records
/// as evidence and judges (MPass's messages arrive in request bodies; the Service's leave in
/// response bodies, as auto-submitting forms).
public struct ObservedExchange: Sendable {
    public var startedAt: Date
    public var milliseconds: Double
    public var method: String
    /// Path and query, as requested.
    public var uri: String
    public var requestHeaders: HTTPFields
    public var requestBody: Data
    public var status: Int
    public var responseHeaders: HTTPFields
    public var responseBody: Data

    /// The path without the query.
    public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
}

/// Called once per exchange, after the Service answered.
public typealias ExchangeObserver = @Sendable (ObservedExchange) async -> Void

/// Buffers both bodies (the Service's are small pages; requests are capped as the routes
/// cap them) and hands the exchange to the observer; the routes see the same request.
struct ObservingMiddleware<Context: RequestContext>: RouterMiddleware {
    let observer: ExchangeObserver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = Date()
        var request = request
        let requestBody = try await request.collectBody(upTo: ReferenceService.maxBodyBytes)
        let response = try await next(request, context)
        let collector = BodyCollector()
        try await response.body.write(collector)
        var answered = response
        answered.body = ResponseBody(byteBuffer: collector.buffer)
        await observer(ObservedExchange(
            startedAt: started, milliseconds: Date().timeIntervalSince(started) * 1000,
            method: request.method.rawValue, uri: request.uri.description,
            requestHeaders: request.headers,
            requestBody: Data(requestBody.readableBytesView),
            status: response.status.code,
            responseHeaders: response.headers,
            responseBody: Data(collector.buffer.readableBytesView)))
        return answered
    }
}

/// Collects a response body written by the route.
final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
