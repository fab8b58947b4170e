import Vocabulary

/// The reference Service's error codes: its configuration and its server.
extension HarnessError.Code {
    /// An IdP URL is MPass production, where no test of any kind is allowed.
    public static let configurationProductionRefused = Self(rawValue: "configuration.production-refused")
    /// No pinned IdP certificate: no Response could ever be verified.
    public static let configurationMissingIdPCertificate = Self(rawValue: "configuration.missing-idp-certificate")
    /// A URL that is not an absolute http(s) URL, or has a path where none is allowed.
    public static let configurationBadURL = Self(rawValue: "configuration.bad-url")
    /// An empty Issuer or IdP Issuer, or a time setting that is not positive.
    public static let configurationBadValue = Self(rawValue: "configuration.bad-value")
    /// The Service's own signing identity cannot sign (expired, unusable key).
    public static let configurationBadIdentity = Self(rawValue: "configuration.bad-identity")
    /// The HTTP server could not start (address in use, no permission).
    public static let serverFailed = Self(rawValue: "server.failed")
}
