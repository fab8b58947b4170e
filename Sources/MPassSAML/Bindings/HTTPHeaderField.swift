/// One HTTP response header a binding asks for (name as written, value).
public struct HTTPHeaderField: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// SAML Bindings 3.4.5.1 and 3.5.5.1: "HTTP proxies and the user agent intermediary
    /// should not cache SAML protocol messages" — `Cache-Control: no-cache, no-store` and
    /// `Pragma: no-cache` on every response that carries one.
    static let noCaching: [HTTPHeaderField] = [
        HTTPHeaderField(name: "Cache-Control", value: "no-cache, no-store"),
        HTTPHeaderField(name: "Pragma", value: "no-cache"),
    ]
}

extension Array where Element == HTTPHeaderField {
    /// The value of the header `name` (case-insensitive), if present.
    public func value(of name: String) -> String? {
        first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
