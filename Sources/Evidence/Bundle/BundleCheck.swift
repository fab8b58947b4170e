import MPassSAML

/// One line of a bundle verification: a named check (`bundle.signature`,
/// `bundle.manifest.digest`, …), the file it is about when it is about one, and its outcome.
public struct BundleCheck: Sendable, Equatable {
    public var result: CheckResult
    /// The bundle-relative path the check is about (digest, missing and extra checks).
    public var file: String?

    public init(_ result: CheckResult, file: String? = nil) {
        self.result = result
        self.file = file
    }

    public var id: CheckID { result.id }
    public var isFailure: Bool { result.isFailure }
    public var isPass: Bool { result.isPass }

    /// `FAIL bundle.manifest.digest [evidence/run.har]: …`, the line `report verify` prints.
    public var line: String {
        guard let file else { return result.line }
        let label = result.outcome.label
        let rest = result.line.dropFirst(label.count + 1 + result.id.rawValue.count)
        return "\(label) \(result.id) [\(file)]\(rest)"
    }
}

/// The checks `report verify` makes on a bundle itself (`BundleVerifier`).
extension CheckID {
    /// manifest.json is present and reads as a bundle manifest.
    public static let bundleManifest = CheckID(rawValue: "bundle.manifest")
    /// manifest.json.p7s is a valid detached CMS signature over manifest.json.
    public static let bundleSignature = CheckID(rawValue: "bundle.signature")
    /// The signature carries its signer's certificate.
    public static let bundleSigner = CheckID(rawValue: "bundle.signer")
    /// The signer's certificate was valid when the bundle was made.
    public static let bundleSignerValidity = CheckID(rawValue: "bundle.signer.validity")
    /// Each listed file has the SHA-256 digest the manifest gives.
    public static let bundleManifestDigest = CheckID(rawValue: "bundle.manifest.digest")
    /// Every file the manifest lists is present.
    public static let bundleFilesMissing = CheckID(rawValue: "bundle.files.missing")
    /// No file outside the manifest.
    public static let bundleFilesExtra = CheckID(rawValue: "bundle.files.extra")
}
