/// The outcome of one step of a case. `info` records what happened without judging it.
public enum StepOutcome: String, Codable, Sendable, CaseIterable {
    case pass
    case fail
    case info
    case review

    public var label: String { rawValue.uppercased() }
}
