import Foundation
import HTTPTypes
import Vocabulary

/// One request/response exchange as the evidence needs it. Everything HAR 1.2
/// asks for is here (ordered headers, cookies both ways, HTTP version, sizes,
/// content type, timings), plus what HAR cannot hold: whether the exchange was
/// answered in-process, its place in a redirect chain, what the cookie jar did
/// with each `Set-Cookie`, and the failure when there was no response.
public struct ExchangeRecord: Sendable, Codable {
    public struct Request: Sendable, Codable {
        public var method: String
        public var url: String
        public var httpVersion: String
        /// Exactly the headers sent, `Cookie` included.
        public var headers: HTTPFields
        /// The cookies of the `Cookie` header, as HAR lists them.
        public var cookies: [FormField]
        /// Cookies the jar held for this URL but left out because of SameSite (nil: none).
        public var withheldCookies: [WithheldCookie]?
        public var body: Data?
        public var contentType: String?
        public var headersSize: Int
        public var bodySize: Int
    }

    public struct Response: Sendable, Codable {
        public var status: Int
        public var statusText: String
        public var httpVersion: String
        public var headers: HTTPFields
        /// Each `Set-Cookie` as written by the server, with what the jar did with it.
        public var setCookies: [SetCookie]
        public var body: Data
        public var contentType: String?
        /// The `Location` header, which HAR keeps as `redirectURL`.
        public var redirectURL: String?
        public var headersSize: Int
        public var bodySize: Int
    }

    /// A cookie the browser held for the URL but did not send, and its SameSite attribute.
    public struct WithheldCookie: Sendable, Codable, Equatable {
        public var name: String
        /// `Lax`, `Strict`, or empty when the attribute was absent.
        public var sameSite: String
    }

    /// A `Set-Cookie` header and its attributes as the server wrote them
    /// (HAR's response cookie fields), and the jar's decision.
    public struct SetCookie: Sendable, Codable {
        public var header: String
        public var name: String
        public var value: String
        public var domain: String?
        public var path: String?
        public var expires: String?
        public var maxAge: String?
        public var httpOnly: Bool
        public var secure: Bool
        public var sameSite: String?
        public var outcome: CookieStoreOutcome
    }

    public struct Timings: Sendable, Codable {
        /// From sending the request to the response head (HAR `wait`, with `send` folded in).
        public var waitMilliseconds: Double
        /// Reading the body (HAR `receive`).
        public var receiveMilliseconds: Double
        public var totalMilliseconds: Double { waitMilliseconds + receiveMilliseconds }
    }

    public struct Failure: Sendable, Codable {
        public var code: BrowserError.Code
        public var reason: String
    }

    /// Position in the log, starting at 0; set by the log.
    public var sequence: Int
    /// Which call to the browser (`get`, `post`, `send`, `submit`) this belongs to.
    public var navigation: Int
    /// 0 for the request as asked, 1 for the first redirect followed, and so on.
    public var redirectHop: Int
    public var startedAt: Date
    /// Answered by an in-process host rather than over the network.
    public var inProcess: Bool
    public var request: Request
    /// nil when the exchange failed (see `failure`).
    public var response: Response?
    public var failure: Failure?
    public var timings: Timings
}

extension ExchangeRecord.SetCookie {
    init(header: String, outcome: CookieStoreOutcome) {
        let parsed = SetCookieHeader(header)
        self.header = header
        self.name = parsed?.name ?? ""
        self.value = parsed?.value ?? ""
        self.domain = parsed?.last("domain")
        self.path = parsed?.last("path")
        self.expires = parsed?.last("expires")
        self.maxAge = parsed?.last("max-age")
        self.httpOnly = parsed?.has("httponly") ?? false
        self.secure = parsed?.has("secure") ?? false
        self.sameSite = parsed?.last("samesite")
        self.outcome = outcome
    }
}
