import Vocabulary

/// CaseCatalogue's codes: a test plan that cannot be used (`--plan`, `--case`, `--skip`).
extension HarnessError.Code {
    /// `--plan` names neither a built-in plan nor a file.
    public static let planNotFound = Self(rawValue: "plan.not-found")
    /// The plan file exists but cannot be read.
    public static let planUnreadable = Self(rawValue: "plan.unreadable")
    /// The plan's text is not a plan: an unknown key, a bad include, a malformed entry, no case.
    public static let planMalformed = Self(rawValue: "plan.malformed")
    /// A case id (in the plan, `--case` or `--skip`) the catalogue does not have.
    public static let planUnknownCase = Self(rawValue: "plan.unknown-case")
}
