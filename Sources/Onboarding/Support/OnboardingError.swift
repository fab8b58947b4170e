/// The one error type of the onboarding commands' work (fetching, caching, serving, probing):
/// thrown only when the work could not be done. Findings are results, not errors.
/// Tests compare by `code`; `reason` says what went wrong and what to do.
public struct OnboardingError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(reason) [\(code)]" }

    public static func == (lhs: OnboardingError, rhs: OnboardingError) -> Bool { lhs.code == rhs.code }
}

extension OnboardingError.Code {
    /// An AGE production endpoint (MPass or MNotify) was given; nothing ever calls one.
    public static let productionRefused = Self(rawValue: "onboarding.production-refused")
    /// A stand-in URL (for tests) that is not on this machine.
    public static let notLoopback = Self(rawValue: "onboarding.stand-in-not-loopback")
    /// The network request failed (no answer, TLS, HTTP status).
    public static let fetchFailed = Self(rawValue: "onboarding.fetch-failed")
    /// The metadata could not be trusted (pin mismatch, unreadable).
    public static let metadataRejected = Self(rawValue: "onboarding.metadata-rejected")
    /// No cached IdP metadata, or a cache that no longer matches its pin.
    public static let cacheMissing = Self(rawValue: "onboarding.cache-missing")
    public static let cacheInvalid = Self(rawValue: "onboarding.cache-invalid")
    /// A file could not be written or read.
    public static let fileFailed = Self(rawValue: "onboarding.file-failed")
    /// A credential could not be used (the message says which and why).
    public static let credentialFailed = Self(rawValue: "onboarding.credential-failed")
    /// The TLS connection could not be made at all (refused, timed out, no TLS).
    public static let connectionFailed = Self(rawValue: "onboarding.connection-failed")
    /// A server (the live session's Service) could not start.
    public static let serverFailed = Self(rawValue: "onboarding.server-failed")
}
