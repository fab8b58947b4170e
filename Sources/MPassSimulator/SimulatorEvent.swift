import Foundation
import MPassSAML

/// One thing the simulator received or sent, with the checks it made: what a runner turns
/// into a case's evidence ("the checks made on every message the Service sent").
public struct SimulatorEvent: Sendable {
    public enum Kind: String, Sendable, Codable {
        /// A Service's AuthnRequest arrived (checked as MPass checks it).
        case authnRequestReceived = "authn-request-received"
        /// A Service's LogoutRequest arrived.
        case logoutRequestReceived = "logout-request-received"
        /// A Service's LogoutResponse arrived (answering MPass's LogoutRequest).
        case logoutResponseReceived = "logout-response-received"
        case responseSent = "response-sent"
        case logoutRequestSent = "logout-request-sent"
        case logoutResponseSent = "logout-response-sent"
        case loginPageShown = "login-page-shown"
        case ssoSessionReused = "sso-session-reused"
        /// An AuthnRequest MPass would have answered at once from its session, held because
        /// MPass already answered once in the same browser action (`holdRestartedLogins`).
        case restartedLoginHeld = "restarted-login-held"
        case refused
        /// The simulator could not build its own message (a harness fault, such as a fault
        /// that could not be applied): the Service was not tested.
        case failed
    }

    public let sequence: Int
    public let time: Date
    public let kind: Kind
    /// `POST` or `Redirect` for messages.
    public let binding: String?
    public let messageID: String?
    /// The message XML (decoded), for the report.
    public let xml: String?
    /// The checks made on a received message.
    public let report: ValidationReport?
    public let note: String

    /// True when this event is a received message whose checks all passed.
    public var isValidReceipt: Bool { report?.isValid ?? false }
}

extension HTTPBinding {
    /// How events name the binding a message travelled by (`POST`, `Redirect`).
    var eventName: String { self == .post ? "POST" : "Redirect" }
}
