import Foundation
import HTTPTypes
import Vocabulary

/// An HTTP request as the simulator sees it, whoever carried it (the in-process browser
/// agent or the HTTP front).
public struct SimulatorRequest: Sendable {
    public var method: String
    /// The path, e.g. `/login/saml`.
    public var path: String
    /// The query exactly as received (Redirect-binding signatures are over these bytes).
    public var rawQuery: String?
    /// Decoded form fields of a POST body.
    public var form: [String: String]
    public var cookies: [String: String]

    public init(method: String, path: String, rawQuery: String? = nil, form: [String: String] = [:], cookies: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.form = form
        self.cookies = cookies
    }

    /// The named cookies of a `Cookie` header (`CookieHeader.pairs`); where a name repeats,
    /// the first wins (RFC 6265 §5.4 sends the cookie with the longer path first).
    public static func parseCookieHeader(_ header: String?) -> [String: String] {
        var cookies: [String: String] = [:]
        for pair in CookieHeader.pairs(header ?? "") where !pair.name.isEmpty && cookies[pair.name] == nil {
            cookies[pair.name] = pair.value
        }
        return cookies
    }
}

/// What the simulator answers.
public struct SimulatorResponse: Sendable {
    public var status: Int
    public var headers: HTTPFields
    public var body: String

    public init(status: Int, headers: HTTPFields = [:], body: String = "") {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func html(_ body: String, status: Int = 200, headers: HTTPFields = [:]) -> SimulatorResponse {
        SimulatorResponse(status: status, headers: [.contentType: "text/html; charset=utf-8",
                                                    .cacheControl: "no-cache, no-store"] + headers, body: body)
    }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> SimulatorResponse {
        SimulatorResponse(status: 302, headers: [.location: location, .cacheControl: "no-cache, no-store"] + headers)
    }
}
