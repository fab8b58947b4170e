/// Whether a case counts toward the run's verdict. Every case of the guide's chapter 9 is
/// required; extended cases may be recommended only.
public enum CaseSeverity: String, Codable, Sendable, CaseIterable {
    case required
    case recommended
}
