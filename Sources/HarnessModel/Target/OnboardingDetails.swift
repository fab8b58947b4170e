import Foundation

/// What the onboarding forms and `mpass-harness preflight` need beyond a test run: the
/// information system's name, both environments (certificate and the URLs AGE registers),
/// the attributes to be returned, and MNotify's IP addresses and channels.
///
/// The loader only resolves shapes and paths here; whether a value is right (a URL absolute,
/// an attribute MPass knows, an IP well-formed) is preflight's judgement, reported with its
/// fix, never a load error. In YAML it is the optional `onboarding:` section.
public struct OnboardingDetails: Codable, Sendable, Equatable {
    /// A system certificate as the file gives it: a PKCS#12, a PEM (with or without its key),
    /// or a DER `.cer`. Passwords are never written in the file, only the name of the
    /// environment variable that holds one.
    public struct Credential: Codable, Sendable, Equatable {
        /// Absolute path (relative paths are taken from the target file's folder).
        public var certificate: URL
        /// A separate private key file, when `certificate` holds only the certificate.
        public var key: URL?
        /// The environment variable holding the .pfx or key password (default: MPASS_HARNESS_PASSWORD).
        public var passwordVariable: String?

        public init(certificate: URL, key: URL? = nil, passwordVariable: String? = nil) {
            self.certificate = certificate
            self.key = key
            self.passwordVariable = passwordVariable
        }

        private enum CodingKeys: String, CodingKey {
            case certificate, key
            case passwordVariable = "password_env"
        }
    }

    /// One environment of the Service (test or production) as AGE registers it.
    public struct Environment: Codable, Sendable, Equatable {
        public var credential: Credential?
        /// The URLs as written (not yet judged): ACS, LogoutRequest (MPass's single logout
        /// to the Service, `/mpass-slo`) and LogoutResponse (`/mpass-logout`).
        public var acsURL: String?
        public var logoutRequestURL: String?
        public var logoutResponseURL: String?
        /// The Issuer registered for this environment; nil: the target's `issuer`.
        public var issuer: String?

        public init(credential: Credential? = nil, acsURL: String? = nil, logoutRequestURL: String? = nil,
                    logoutResponseURL: String? = nil, issuer: String? = nil) {
            self.credential = credential
            self.acsURL = acsURL
            self.logoutRequestURL = logoutRequestURL
            self.logoutResponseURL = logoutResponseURL
            self.issuer = issuer
        }

        private enum CodingKeys: String, CodingKey {
            case credential
            case acsURL = "acs_url"
            case logoutRequestURL = "logout_request_url"
            case logoutResponseURL = "logout_response_url"
            case issuer
        }
    }

    /// MNotify's integration data: the addresses it accepts calls from, and the channels.
    public struct MNotify: Codable, Sendable, Equatable {
        public var testIPs: [String]
        public var productionIPs: [String]
        public var channels: [String]

        public init(testIPs: [String] = [], productionIPs: [String] = [], channels: [String] = []) {
            self.testIPs = testIPs
            self.productionIPs = productionIPs
            self.channels = channels
        }

        private enum CodingKeys: String, CodingKey {
            case testIPs = "test_ips"
            case productionIPs = "production_ips"
            case channels
        }
    }

    /// The information system's name, as the forms ask for it (and MNotify's "name in MPass").
    public var systemName: String?
    /// What the target's own URLs describe: always the test deployment (`staging`).
    public var environment: String
    /// Attribute names to be returned (the MPass list, or declared custom ones).
    public var attributes: [String]
    /// Custom attributes agreed with AGE (e.g. Role).
    public var customAttributes: [String]
    public var test: Environment
    public var production: Environment
    public var mnotify: MNotify?

    public init(systemName: String? = nil, environment: String = "staging", attributes: [String] = [],
                customAttributes: [String] = [], test: Environment = Environment(),
                production: Environment = Environment(), mnotify: MNotify? = nil) {
        self.systemName = systemName
        self.environment = environment
        self.attributes = attributes
        self.customAttributes = customAttributes
        self.test = test
        self.production = production
        self.mnotify = mnotify
    }

    private enum CodingKeys: String, CodingKey {
        case systemName = "system_name"
        case environment, attributes
        case customAttributes = "custom_attributes"
        case test, production, mnotify
    }
}
