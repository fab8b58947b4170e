/// Where a case comes from: the guide's functional or security checklist, or the
/// harness's extended catalogue beyond it.
public enum CaseKind: String, Codable, Sendable, CaseIterable {
    case functional
    case security
    case extended
}
