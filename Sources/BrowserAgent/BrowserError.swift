import Vocabulary

/// The one error the browser agent throws: a code of HarnessError's vocabulary (`browser.*`,
/// declared below) to compare in tests and code, the URL concerned, and a reason a person can
/// act on. It keeps its own type because an exchange record carries its code and the URL.
///
/// An unusual answer (a 500, a page without a form) is not an error: it is a
/// response for the caller to judge. This type is only for exchanges that could
/// not be completed at all.
public struct BrowserError: Error, Sendable, CustomStringConvertible {
    public typealias Code = HarnessError.Code

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

/// BrowserAgent's codes: exchanges that could not be completed at all.
extension HarnessError.Code {
    /// The URL could not be parsed or has no host.
    public static let browserInvalidURL = Self(rawValue: "browser.invalid-url")
    /// The scheme is not http or https and no in-process host serves it.
    public static let browserUnsupportedScheme = Self(rawValue: "browser.unsupported-scheme")
    /// Nobody listens at the host and port.
    public static let browserConnectionRefused = Self(rawValue: "browser.connection-refused")
    /// The host could not be reached for another reason (DNS, TLS, reset).
    public static let browserConnectionFailed = Self(rawValue: "browser.connection-failed")
    /// The answer did not arrive within the request timeout.
    public static let browserTimeout = Self(rawValue: "browser.timeout")
    /// More redirects than the configured limit, usually a loop.
    public static let browserTooManyRedirects = Self(rawValue: "browser.too-many-redirects")
    /// A 3xx answer without a usable `Location`.
    public static let browserInvalidRedirect = Self(rawValue: "browser.invalid-redirect")
    /// The response body is larger than the configured cap.
    public static let browserResponseTooLarge = Self(rawValue: "browser.response-too-large")
    /// An in-process host (such as the simulated identity provider) threw.
    public static let browserInProcessHostFailed = Self(rawValue: "browser.in-process-host-failed")
    /// A form cannot be sent as asked (for example, an unknown submitter).
    public static let browserInvalidForm = Self(rawValue: "browser.invalid-form")
    /// The URL names an AGE production host (MPass or MNotify), however spelt, or a
    /// host that cannot be read safely: refused before any DNS query.
    public static let browserProductionRefused = Self(rawValue: "browser.production-refused")
    /// A real browser (Chromium) would not take, give or delete a cookie the case needed.
    public static let browserCookieRefused = Self(rawValue: "browser.cookie-refused")
}
