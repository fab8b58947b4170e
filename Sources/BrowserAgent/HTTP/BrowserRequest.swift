import Foundation
import HTTPTypes
import Vocabulary

/// A request as the browser sends it: to the network or to an in-process host.
public struct BrowserRequest: Sendable {
    /// Upper-case method token (`GET`, `POST`, …).
    public var method: String
    /// The target. Its query is sent byte for byte as written, which matters for
    /// HTTP-Redirect binding signatures (SAML Bindings §3.4.4.1 signs the exact
    /// query string).
    public var url: URL
    /// Headers the caller sets. The browser adds `Host`, `User-Agent`, `Cookie`,
    /// configured per-host headers and, for bodies, `Content-Length`.
    public var headers: HTTPFields
    public var body: Data?
    /// The page whose form or redirect led here, if any. The browser uses it for
    /// `Origin` and for SameSite decisions; nil means the user typed the URL.
    public var initiator: URL?
    /// Cookies the jar holds for this URL that the browser did not send because of their
    /// SameSite attribute (a cross-site POST leaves Lax and Strict cookies out); set by the
    /// browser when it prepares the request. What a Service finds missing on MPass's POST
    /// to its ACS is named from this.
    public var withheldCookies: [Cookie] = []

    public init(
        method: String = "GET",
        url: URL,
        headers: HTTPFields = [:],
        body: Data? = nil,
        initiator: URL? = nil
    ) {
        self.method = method.uppercased()
        self.url = url
        self.headers = headers
        self.body = body
        self.initiator = initiator
    }

    /// A POST of `fields` encoded as `application/x-www-form-urlencoded`, as a
    /// browser submits a form.
    public static func formPost(
        to url: URL,
        fields: [FormField],
        headers: HTTPFields = [:],
        initiator: URL? = nil
    ) -> BrowserRequest {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return BrowserRequest(
            method: "POST",
            url: url,
            headers: headers,
            body: Data(FormURLEncoding.encode(fields).utf8),
            initiator: initiator
        )
    }

    /// The body's form fields if it is `application/x-www-form-urlencoded`;
    /// handy for in-process hosts that receive a POST binding.
    public var formFields: [FormField]? {
        guard let contentType = headers[values: .contentType].first?.lowercased(),
              contentType.hasPrefix("application/x-www-form-urlencoded"),
              let body, let text = String(data: body, encoding: .utf8)
        else { return nil }
        return FormURLEncoding.decode(text)
    }

    /// The query's fields, decoded as form fields (an in-process host reading an
    /// HTTP-Redirect binding message wants `rawQuery` too, to check a signature).
    public var queryFields: [FormField] {
        rawQuery.map { FormURLEncoding.decode($0) } ?? []
    }

    /// The query exactly as it appears in the URL, without the `?`.
    public var rawQuery: String? {
        url.query(percentEncoded: true)
    }
}
