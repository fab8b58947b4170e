import Foundation
import MPassSimulator

/// A test case as data: what it guards, what the simulator does, what the Service must do.
public struct ConformanceCase: Sendable, Identifiable {
    /// What the Service must do for the case to pass.
    public enum Expectation: String, Sendable, Codable {
        /// The login succeeds: the protected resource is served afterwards.
        case accepted
        /// No session is opened: the protected resource is refused or sends the user to MPass.
        case rejected
        /// No session, and no error shown (a cancelled login).
        case rejectedWithoutError = "rejected without error"
        /// The session ends, and the logout exchange is right.
        case loggedOut = "logged out"
    }

    /// What happens in the case, step by step.
    public enum Scenario: Sendable {
        /// Log in at the Service; the simulator answers shaped by the switches.
        case login(ResponseSwitches)
        /// The user already has an MPass session: MPass answers without a login step.
        case singleSignOn
        /// The user cancels at MPass.
        case cancelledLogin
        /// Log in, then log out from the Service.
        case serviceInitiatedLogout
        /// Log in, then MPass starts the logout (single logout), shaped by the switches.
        case mpassInitiatedLogout(LogoutSwitches)
        /// Log in, but the Service's cookies are dropped at MPass and MPass answers a
        /// request ID the Service never issued.
        case loginWithLostServiceState
    }

    public let id: String
    public let title: String
    /// The clause guarded, e.g. "MPass integration guide, chapter 9, TC_SEC_01".
    public let reference: String
    public let kind: CaseKind
    public let severity: CaseSeverity
    public let expectation: Expectation
    /// The fault in words, for the report.
    public let fault: String
    public let scenario: Scenario

    public init(id: String, title: String, reference: String, kind: CaseKind, severity: CaseSeverity,
                expectation: Expectation, fault: String, scenario: Scenario) {
        self.id = id
        self.title = title
        self.reference = reference
        self.kind = kind
        self.severity = severity
        self.expectation = expectation
        self.fault = fault
        self.scenario = scenario
    }
}
