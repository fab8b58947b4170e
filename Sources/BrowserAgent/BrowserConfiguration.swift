import HTTPTypes

/// How the browser behaves; every limit has a default that keeps a run from hanging.
public struct BrowserConfiguration: Sendable {
    /// Limit for one exchange (one hop), connection and body included.
    public var requestTimeout: Duration = .seconds(10)
    /// Limit for opening a TCP connection (also bounded by `requestTimeout`).
    public var connectTimeout: Duration = .seconds(5)
    /// Redirects followed in one navigation before `tooManyRedirects`.
    public var maxRedirects: Int = 20
    /// Largest response body accepted, in bytes.
    public var maxResponseBodySize: Int = 10 * 1024 * 1024
    public var userAgent: String = "mpass-harness-browser/1.0"
    public var acceptLanguage: String? = "ro-MD,ro;q=0.9,en;q=0.8"
    /// Extra headers for requests to one host, keyed by lower-case `host` or
    /// `host:port` (a target file may require an API gateway key, say).
    public var extraHeaders: [String: HTTPFields] = [:]
    /// Apply SameSite rules when choosing cookies, as a current browser does.
    /// Off, every matching cookie is sent whatever the request's origin.
    public var enforceSameSite: Bool = true

    public init() {}
}
