/// The areas of the catalogue; the middle part of a case id (`MPX-RSP-07`).
public enum CatalogueArea: String, Sendable, CaseIterable, Codable {
    /// The guide's own checklist (ids `TC_…`), kept as the guide names them.
    case chapter9 = "TC"
    /// Response and Assertion structure and values.
    case response = "RSP"
    /// Signatures and keys, signature wrapping, parser differentials.
    case signature = "SIG"
    /// XML attacks: external entities, entity expansion, comments, encodings.
    case xml = "XML"
    /// Replay and session.
    case replay = "RPL"
    /// Logout in both directions.
    case logout = "SLO"
    /// The Service's own messages and pages.
    case messages = "MSG"

    public var title: String {
        switch self {
        case .chapter9: "the MPass guide's chapter 9"
        case .response: "Response and Assertion structure and values"
        case .signature: "signatures and keys"
        case .xml: "XML attacks"
        case .replay: "replay and session"
        case .logout: "logout, both directions"
        case .messages: "the Service's own messages and pages"
        }
    }
}
