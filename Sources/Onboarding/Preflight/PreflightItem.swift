/// One line of the preflight checklist: a stable check id (`certificate.valid-now`), what it
/// was about ("test certificate"), the verdict, what was found, and how to fix it.
public struct PreflightItem: Codable, Sendable, Equatable {
    /// The part of the checklist the item belongs to.
    public enum Section: String, Codable, Sendable, CaseIterable {
        case system, certificate, environments, urls, attributes, mnotify, idp

        public var title: String {
            switch self {
            case .system: "Information system"
            case .certificate: "Certificates"
            case .environments: "Environments"
            case .urls: "URLs"
            case .attributes: "Attributes"
            case .mnotify: "MNotify"
            case .idp: "MPass staging"
            }
        }
    }

    /// Stable dotted id, never renamed once shipped.
    public var id: String
    public var section: Section
    /// What the item looked at: "test certificate", "production LogoutRequest URL".
    public var subject: String
    public var status: PreflightStatus
    public var detail: String
    /// What to do, for `fail` and `warn`.
    public var fix: String?

    public init(_ id: String, _ section: Section, subject: String, status: PreflightStatus, detail: String, fix: String? = nil) {
        self.id = id
        self.section = section
        self.subject = subject
        self.status = status
        self.detail = detail
        self.fix = fix
    }
}
