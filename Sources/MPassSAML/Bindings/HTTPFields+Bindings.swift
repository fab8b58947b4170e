import HTTPTypes

extension HTTPFields {
    /// SAML Bindings 3.4.5.1 and 3.5.5.1: "HTTP proxies and the user agent intermediary
    /// should not cache SAML protocol messages" — `Cache-Control: no-cache, no-store` and
    /// `Pragma: no-cache` on every response that carries one.
    static let noCaching: HTTPFields = [.cacheControl: "no-cache, no-store", .pragma: "no-cache"]
}

extension HTTPField.Name {
    /// `Pragma` (RFC 9111 5.4), which swift-http-types does not name.
    static let pragma = Self("Pragma")!
}
