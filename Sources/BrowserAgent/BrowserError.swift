/// The one error the browser agent throws: a stable code to compare in tests
/// and code, the URL concerned, and a reason a person can act on.
///
/// An unusual answer (a 500, a page without a form) is not an error: it is a
/// response for the caller to judge. This type is only for exchanges that could
/// not be completed at all.
public struct BrowserError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        /// The URL could not be parsed or has no host.
        case invalidURL = "invalid-url"
        /// The scheme is not http or https and no in-process host serves it.
        case unsupportedScheme = "unsupported-scheme"
        /// Nobody listens at the host and port.
        case connectionRefused = "connection-refused"
        /// The host could not be reached for another reason (DNS, TLS, reset).
        case connectionFailed = "connection-failed"
        /// The answer did not arrive within the request timeout.
        case timeout = "timeout"
        /// More redirects than the configured limit, usually a loop.
        case tooManyRedirects = "too-many-redirects"
        /// A 3xx answer without a usable `Location`.
        case invalidRedirect = "invalid-redirect"
        /// The response body is larger than the configured cap.
        case responseTooLarge = "response-too-large"
        /// An in-process host (such as the simulated identity provider) threw.
        case inProcessHostFailed = "in-process-host-failed"
        /// A form cannot be sent as asked (for example, an unknown submitter).
        case invalidForm = "invalid-form"
        /// The URL names an AGE production host (MPass or MNotify), however spelt, or a
        /// host that cannot be read safely: refused before any DNS query.
        case productionRefused = "production-refused"
        /// A real browser (Chromium) would not take, give or delete a cookie the case needed.
        case cookieRefused = "cookie-refused"
    }

    public let code: Code
    /// The URL of the exchange that failed, as the agent tried to reach it.
    public let url: String
    public let reason: String

    public init(_ code: Code, url: String, reason: String) {
        self.code = code
        self.url = url
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
