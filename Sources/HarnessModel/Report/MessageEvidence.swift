import MPassSAML

/// One SAML message a case saw, decoded, with every check the core made on it.
public struct MessageEvidence: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable {
        case serviceToIdP = "service-to-idp"
        case idpToService = "idp-to-service"

        /// For people: "Service → MPass".
        public var label: String {
            switch self {
            case .serviceToIdP: "Service → MPass"
            case .idpToService: "MPass → Service"
            }
        }
    }

    public enum Binding: String, Codable, Sendable {
        case post = "POST"
        case redirect = "Redirect"
    }

    public var direction: Direction
    /// The message's element name: `AuthnRequest`, `Response`, `LogoutRequest`, `LogoutResponse`.
    public var kind: String
    public var binding: Binding
    /// The message's `ID` attribute (empty when it had none, which a check will have said).
    public var id: String
    /// The decoded message, indented for reading. Shown escaped, never interpreted.
    public var xml: String
    public var checks: ValidationReport

    public init(direction: Direction, kind: String, binding: Binding, id: String, xml: String,
                checks: ValidationReport) {
        self.direction = direction
        self.kind = kind
        self.binding = binding
        self.id = id
        self.xml = xml
        self.checks = checks
    }

    // ValidationReport belongs to the core and is not Equatable; two evidences are equal
    // when they hold the same message and the same checks in the same order.
    public static func == (lhs: MessageEvidence, rhs: MessageEvidence) -> Bool {
        lhs.direction == rhs.direction && lhs.kind == rhs.kind && lhs.binding == rhs.binding
            && lhs.id == rhs.id && lhs.xml == rhs.xml
            && lhs.checks.messageKind == rhs.checks.messageKind && lhs.checks.checks == rhs.checks.checks
    }
}
