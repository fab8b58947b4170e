import Foundation
import HTTPTypes

/// A complete response: head and the whole body (capped by the configuration).
public struct BrowserResponse: Sendable {
    public var status: Int
    public var reasonPhrase: String
    /// As HAR writes it: `HTTP/1.1`, `HTTP/2`.
    public var httpVersion: String
    public var headers: HTTPFields
    public var body: Data
    /// The URL that produced this response; set by the browser.
    public var url: URL?

    public init(
        status: Int,
        reasonPhrase: String? = nil,
        httpVersion: String = "HTTP/1.1",
        headers: HTTPFields = [:],
        body: Data = Data(),
        url: URL? = nil
    ) {
        self.status = status
        self.reasonPhrase = reasonPhrase ?? Self.standardReasonPhrase(status)
        self.httpVersion = httpVersion
        self.headers = headers
        self.body = body
        self.url = url
    }

    /// An HTML page, for in-process hosts.
    public static func html(_ html: String, status: Int = 200, headers: HTTPFields = [:]) -> BrowserResponse {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        return BrowserResponse(status: status, headers: headers, body: Data(html.utf8))
    }

    /// A redirect to `location` (302 by default), for in-process hosts.
    public static func redirect(to location: String, status: Int = 302, headers: HTTPFields = [:]) -> BrowserResponse {
        var headers = headers
        headers[.location] = location
        return BrowserResponse(status: status, headers: headers)
    }

    /// The first `Content-Type` line's value.
    public var contentType: String? { headers[values: .contentType].first }
    /// The first `Location` line's value.
    public var location: String? { headers[values: .location].first }
    public var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status) }

    /// The body as text. Pages here are UTF-8 in practice; invalid bytes become
    /// U+FFFD so that any body still yields a string to search.
    public var text: String {
        String(data: body, encoding: .utf8) ?? String(decoding: body, as: UTF8.self)
    }

    static func standardReasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: ""
        }
    }
}
