import MPassSAML

/// The result of verifying a compliance bundle: every check, run whatever failed before it,
/// with who signed and what the manifest lists.
public struct BundleVerification: Sendable {
    public var checks: [BundleCheck]
    /// The certificate the signature names (present even when the signature is invalid, so
    /// AGE sees who claims to have signed).
    public var signer: SignerFacts?
    /// The manifest as read (nil when missing or unreadable).
    public var manifest: BundleManifest?

    /// True when no check failed.
    public var isValid: Bool { !checks.contains(where: \.isFailure) }
    public var failures: [BundleCheck] { checks.filter(\.isFailure) }

    /// Every check with `id`.
    public func checks(_ id: CheckID) -> [BundleCheck] { checks.filter { $0.id == id } }
}
