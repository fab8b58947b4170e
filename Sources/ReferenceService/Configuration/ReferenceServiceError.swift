/// The one error type of the reference Service: a stable code and a reason that says what
/// to do. Thrown for a configuration that cannot work and for a server that cannot start;
/// a refused SAML message is an outcome, never an error.
public struct ReferenceServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// An IdP URL is MPass production, where no test of any kind is allowed.
        public static let productionRefused = Code(rawValue: "configuration.production-refused")
        /// No pinned IdP certificate: no Response could ever be verified.
        public static let missingIdPCertificate = Code(rawValue: "configuration.missing-idp-certificate")
        /// A URL that is not an absolute http(s) URL, or has a path where none is allowed.
        public static let badURL = Code(rawValue: "configuration.bad-url")
        /// An empty Issuer or IdP Issuer, or a time setting that is not positive.
        public static let badValue = Code(rawValue: "configuration.bad-value")
        /// The Service's own signing identity cannot sign (expired, unusable key).
        public static let badIdentity = Code(rawValue: "configuration.bad-identity")
        /// The HTTP server could not start (address in use, no permission).
        public static let serverFailed = Code(rawValue: "server.failed")
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
