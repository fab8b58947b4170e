import AsyncHTTPClient
import Foundation
import HostGuard
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One hop over the network with AsyncHTTPClient. The client never follows
/// redirects nor decompresses by itself: the browser must see, record and
/// apply cookies at every hop.
///
/// Every hop passes the `ProductionGuard` first, so no spelling of an AGE production host
/// (a Service's 302 to `https://mpass.gov.md/login/saml` included) reaches DNS.
struct NetworkTransport: Sendable {
    /// Where a request leaves for the network (AsyncHTTPClient resolves the host in it).
    /// Injectable so that tests can prove what never gets this far.
    typealias HandOff = @Sendable (HTTPClientRequest, NIODeadline) async throws -> HTTPClientResponse

    let client: HTTPClient
    let configuration: BrowserConfiguration
    let handOff: HandOff

    init(configuration: BrowserConfiguration, handOff: HandOff? = nil) {
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: TimeAmount(configuration.connectTimeout),
                read: TimeAmount(configuration.requestTimeout)
            ),
            decompression: .disabled
        )
        // A refused connection is an answer ("is the Service running?"), not
        // something to retry until the deadline.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        clientConfiguration.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        self.client = client
        self.configuration = configuration
        self.handOff = handOff ?? { request, deadline in try await client.execute(request, deadline: deadline) }
    }

    func shutdown() async throws {
        try await client.shutdown()
    }

    struct Exchange: Sendable {
        var response: BrowserResponse
        var wait: Duration
        var receive: Duration
    }

    func exchange(_ request: BrowserRequest) async throws -> Exchange {
        let url = request.url.absoluteString
        do {
            try ProductionGuard.check(url, what: "request URL")
        } catch {
            throw BrowserError(.browserProductionRefused, url: ProductionGuard.displayable(url), reason: error.reason)
        }
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers = HTTPHeaders(request.headers.map { ($0.name.rawName, $0.value) })
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let deadline = NIODeadline.now() + TimeAmount(configuration.requestTimeout)
            let response = try await handOff(outgoing, deadline)
            let headReceived = clock.now
            if let declared = response.headers.first(name: "content-length").flatMap(Int.init),
               declared > configuration.maxResponseBodySize {
                throw NIOTooManyBytesError(maxBytes: configuration.maxResponseBodySize)
            }
            let buffer = try await response.body.collect(upTo: configuration.maxResponseBodySize)
            let bodyReceived = clock.now
            let result = BrowserResponse(
                status: Int(response.status.code),
                reasonPhrase: response.status.reasonPhrase,
                httpVersion: "HTTP/\(response.version.major).\(response.version.minor)",
                headers: Self.fields(response.headers),
                body: Data(buffer.readableBytesView),
                url: request.url
            )
            return Exchange(response: result, wait: headReceived - start, receive: bodyReceived - headReceived)
        } catch {
            throw Self.browserError(for: error, url: url, configuration: configuration)
        }
    }

    /// Turns what AsyncHTTPClient and NIO throw into a `BrowserError` that says
    /// what went wrong and what to do.
    /// The response's header lines as received, in order. A name that is not a token
    /// (RFC 9110 §5.6.2) cannot be an `HTTPField.Name`; NIO's parser refuses such a response
    /// (llhttp's "invalid header token"), so the `compactMap` drops nothing in practice.
    static func fields(_ headers: HTTPHeaders) -> HTTPFields {
        HTTPFields(headers.compactMap { name, value in HTTPField.Name(name).map { HTTPField(name: $0, value: value) } })
    }

    static func browserError(for error: any Error, url: String, configuration: BrowserConfiguration) -> any Error {
        if error is BrowserError || error is CancellationError { return error }
        if error is NIOTooManyBytesError {
            return BrowserError(.browserResponseTooLarge, url: url,
                                reason: "The response from \(url) is larger than \(configuration.maxResponseBodySize) bytes; raise the browser's maxResponseBodySize if that is expected.")
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
                 .tlsHandshakeTimeout:
                return timeoutError(url: url, timeout: configuration.requestTimeout)
            case .invalidURL, .emptyHost, .emptyScheme:
                return BrowserError(.browserInvalidURL, url: url, reason: "\(url) is not a usable http(s) URL; check the target file.")
            case .remoteConnectionClosed:
                return BrowserError(.browserConnectionFailed, url: url,
                                    reason: "The server at \(url) closed the connection without a complete answer; check the Service's logs.")
            default:
                return BrowserError(.browserConnectionFailed, url: url, reason: "The request to \(url) failed: \(clientError).")
            }
        }
        if isConnectionRefused(error) {
            return BrowserError(.browserConnectionRefused, url: url,
                                reason: "Connection refused at \(hostAndPort(url)): is the Service running at \(url)? Start it or correct the base URL in the target file.")
        }
        if let connectionError = error as? NIOConnectionError {
            let cause = connectionError.dnsAError ?? connectionError.dnsAAAAError
                ?? connectionError.connectionErrors.first?.error
            return BrowserError(.browserConnectionFailed, url: url,
                                reason: "Could not connect to \(hostAndPort(url)) (\(cause.map { "\($0)" } ?? "no address")): is the host name right and reachable?")
        }
        return BrowserError(.browserConnectionFailed, url: url, reason: "The request to \(url) failed: \(error).")
    }

    static func timeoutError(url: String, timeout: Duration) -> BrowserError {
        BrowserError(.browserTimeout, url: url,
                     reason: "No complete answer from \(url) within \(timeout.humanReadable); the Service may be stuck or too slow (raise the request timeout if it is only slow).")
    }

    private static func isConnectionRefused(_ error: any Error) -> Bool {
        if let ioError = error as? IOError { return ioError.errnoCode == ECONNREFUSED }
        if let connectionError = error as? NIOConnectionError {
            return !connectionError.connectionErrors.isEmpty && connectionError.connectionErrors.allSatisfy {
                ($0.error as? IOError)?.errnoCode == ECONNREFUSED
            }
        }
        return false
    }

    private static func hostAndPort(_ url: String) -> String {
        guard let parsed = URL(string: url), let host = parsed.host() else { return url }
        let port = parsed.port ?? (parsed.scheme == "https" ? 443 : 80)
        return "\(host):\(port)"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension Duration {
    /// Human text for messages: "10 s", "250 ms".
    var humanReadable: String {
        let milliseconds = Int64(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
