import Vocabulary

/// The SAML core's error codes (safe XML, credentials, signatures, bindings, metadata).
extension HarnessError.Code {
    // Safe XML
    public static let xmlTooLarge = Self(rawValue: "xml.too-large")
    public static let xmlTooDeep = Self(rawValue: "xml.too-deep")
    /// An element with more attributes or namespace declarations than the limit (refused
    /// before libxml2, which handles many of them in quadratic time).
    public static let xmlTooManyAttributes = Self(rawValue: "xml.too-many-attributes")
    /// A namespace well-formedness error (Namespaces in XML 1.0): an undeclared prefix, a
    /// QName with two colons (`xmlns:x:s=`), a reserved prefix rebound.
    public static let xmlNamespaceError = Self(rawValue: "xml.namespace-error")
    public static let xmlDTDRefused = Self(rawValue: "xml.dtd-refused")
    public static let xmlEntityRefused = Self(rawValue: "xml.entity-refused")
    public static let xmlMalformed = Self(rawValue: "xml.malformed")
    public static let xmlEmpty = Self(rawValue: "xml.empty")
    public static let xmlWrongRoot = Self(rawValue: "xml.wrong-root")
    public static let xmlMissingElement = Self(rawValue: "xml.missing-element")
    public static let xmlInvalidValue = Self(rawValue: "xml.invalid-value")

    /// A message or metadata file given to read is missing or unreadable.
    public static let inputFileUnreadable = Self(rawValue: "input.file-unreadable")
    /// A logout message checked with both MPass's and the Service's certificates and no word
    /// on who sent it (`MessageVerifier.sender`).
    public static let messageSenderAmbiguous = Self(rawValue: "message.sender-ambiguous")

    // Credentials
    public static let credentialFileUnreadable = Self(rawValue: "credential.file-unreadable")
    public static let credentialFormatUnknown = Self(rawValue: "credential.format-unknown")
    public static let credentialWrongPassword = Self(rawValue: "credential.wrong-password")
    public static let credentialPasswordRequired = Self(rawValue: "credential.password-required")
    public static let credentialNoPrivateKey = Self(rawValue: "credential.no-private-key")
    public static let credentialNoCertificate = Self(rawValue: "credential.no-certificate")
    public static let credentialKeyMismatch = Self(rawValue: "credential.key-mismatch")
    public static let credentialExpired = Self(rawValue: "credential.expired")
    public static let credentialNotYetValid = Self(rawValue: "credential.not-yet-valid")
    public static let credentialNotRSA = Self(rawValue: "credential.not-rsa")
    public static let credentialKeyTooSmall = Self(rawValue: "credential.key-too-small")

    // Signing and crypto
    public static let signingFailed = Self(rawValue: "signature.signing-failed")
    public static let cryptoFailure = Self(rawValue: "crypto.failure")
    public static let libraryInitialisation = Self(rawValue: "library.initialisation")

    // Bindings
    public static let bindingBadBase64 = Self(rawValue: "binding.bad-base64")
    public static let bindingBadDeflate = Self(rawValue: "binding.bad-deflate")
    public static let bindingMissingParameter = Self(rawValue: "binding.missing-parameter")
    public static let bindingBadURL = Self(rawValue: "binding.bad-url")
    public static let bindingRelayStateTooLong = Self(rawValue: "binding.relay-state-too-long")
    /// A parameter that must appear once appears twice, or both SAMLRequest and SAMLResponse
    /// are present: the message is ambiguous (parameter pollution), so it is not read at all.
    public static let bindingDuplicateParameter = Self(rawValue: "binding.duplicate-parameter")
    /// The encoded or inflated message is larger than the configured cap (a deflate bomb).
    public static let bindingTooLarge = Self(rawValue: "binding.too-large")

    // Metadata
    public static let metadataFingerprintMismatch = Self(rawValue: "metadata.fingerprint-mismatch")
    public static let metadataIncomplete = Self(rawValue: "metadata.incomplete")
    /// A pinned fingerprint that is not a SHA-256 fingerprint (64 hex digits, separators allowed).
    public static let metadataBadFingerprint = Self(rawValue: "metadata.bad-fingerprint")

    // Guard rails
    /// An MPass production endpoint was given; every test is refused there (MPass's rules).
    public static let productionRefused = Self(rawValue: "environment.production-refused")
}
