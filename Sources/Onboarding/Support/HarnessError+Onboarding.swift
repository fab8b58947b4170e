import Vocabulary

/// The onboarding commands' error codes (fetching, caching, serving, probing); findings are results, not errors.
extension HarnessError.Code {
    /// An AGE production endpoint (MPass or MNotify) was given; nothing ever calls one.
    public static let onboardingProductionRefused = Self(rawValue: "onboarding.production-refused")
    /// A stand-in URL (for tests) that is not on this machine.
    public static let onboardingStandInNotLoopback = Self(rawValue: "onboarding.stand-in-not-loopback")
    /// The network request failed (no answer, TLS, HTTP status).
    public static let onboardingFetchFailed = Self(rawValue: "onboarding.fetch-failed")
    /// The metadata could not be trusted (pin mismatch, unreadable).
    public static let onboardingMetadataRejected = Self(rawValue: "onboarding.metadata-rejected")
    /// No cached IdP metadata, or a cache that no longer matches its pin.
    public static let onboardingCacheMissing = Self(rawValue: "onboarding.cache-missing")
    public static let onboardingCacheInvalid = Self(rawValue: "onboarding.cache-invalid")
    /// A file could not be written or read.
    public static let onboardingFileFailed = Self(rawValue: "onboarding.file-failed")
    /// A credential could not be used (the message says which and why).
    public static let onboardingCredentialFailed = Self(rawValue: "onboarding.credential-failed")
    /// The TLS connection could not be made at all (refused, timed out, no TLS).
    public static let onboardingConnectionFailed = Self(rawValue: "onboarding.connection-failed")
    /// A server (the live session's Service) could not start.
    public static let onboardingServerFailed = Self(rawValue: "onboarding.server-failed")
}
