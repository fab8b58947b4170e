/// What `mnotify check` found about MNotify's API endpoint, as checklist items
/// (`mnotify.tls.connect`, `.handshake`, `.server-certificate`, `.client-certificate-requested`,
/// `.client-certificate-accepted`), plus the server's certificate facts.
public struct MNotifyReadiness: Codable, Sendable, Equatable {
    public struct ServerCertificate: Codable, Sendable, Equatable {
        public var subject: String
        public var issuer: String
        public var serial: String
        public var notBefore: String
        public var notAfter: String
        public var sha256: String
    }

    public var endpoint: String
    public var items: [PreflightItem]
    public var serverCertificate: ServerCertificate?
    public var protocolVersion: String?
    public var cipher: String?
    /// The issuers the server said it accepts client certificates from (may be empty).
    public var acceptableIssuers: [String]

    public var hasFailures: Bool { items.contains { $0.status == .fail } }
}
