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

    public var id: String { result.id }
    public var isFailure: Bool { result.isFailure }
    public var isPass: Bool { result.isPass }

    /// `FAIL bundle.manifest.digest [evidence/run.har]: …`, the line `report verify` prints.
    public var line: String {
        guard let file else { return result.line }
        let label = result.outcome.label
        let rest = result.line.dropFirst(label.count + 1 + result.id.count)
        return "\(label) \(result.id) [\(file)]\(rest)"
    }
}
