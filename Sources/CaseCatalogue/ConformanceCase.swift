import Foundation
import HarnessModel
import MPassSAML
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
        /// A faulty logout message is refused: the session is still open afterwards.
        case sessionKept = "session kept"
        /// A faulty LogoutResponse from MPass is not taken for a confirmed logout.
        case logoutNotConfirmed = "logout not confirmed"
        /// The message the Service sent passes the named checks MPass makes.
        case messageValid = "message passes MPass's checks"
        /// The pages and cookies carry what the rule asks for.
        case compliantHTTP = "required headers and cookie flags"
        /// The login succeeds and the Service reads the NameID as its whole text.
        case acceptedWithWholeNameID = "accepted, whole NameID read"

        /// The Service must say no. Such a "no" proves something only if the same Service
        /// says yes to the unfaulted exchange: these cases carry a positive control.
        public var isRefusal: Bool {
            switch self {
            case .rejected, .rejectedWithoutError, .sessionKept, .logoutNotConfirmed: true
            case .accepted, .loggedOut, .messageValid, .compliantHTTP, .acceptedWithWholeNameID: false
            }
        }
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

        // MARK: The catalogue's scenarios (CaseRunner+… extensions)

        /// Log in, then post the very same Response to the ACS again, at `moment`.
        case replayResponse(ReplayMoment)
        /// MPass posts a Response nobody asked for (IdP-initiated, `/login/unsolicited`).
        case unsolicitedResponse
        /// Log in, then log in again answered with something the first login used up.
        case secondLoginReusing(Reuse)
        /// Log in, then MPass sends a faulty LogoutRequest: the Service must keep the session.
        case mpassLogoutRefused(LogoutSwitches)
        /// Log in, MPass logs out; log in again, MPass's next LogoutRequest reuses the first one's ID.
        case mpassLogoutReusingID
        /// Log in, log out at the Service; MPass answers with a LogoutResponse shaped by the
        /// switches. Judged against a clean logout of the same Service made first.
        case serviceLogoutAnswered(LogoutResponseSwitches)
        /// Log in `logins` times; judge the last AuthnRequest by the named MPass checks.
        case authnRequestChecks([CheckID], logins: Int)
        /// Log in, log out at the Service; judge its LogoutRequest by the named MPass checks.
        case logoutRequestChecks([CheckID])
        /// Log in; MPass logs out (single logout); judge the Service's LogoutResponse by the named checks.
        case singleLogoutAnswerChecks([CheckID])
        /// Log in (and out, where the page is the logout's) and look at headers and cookies.
        case observe(HTTPObservation)
        /// The Response carries a DOCTYPE whose external reference points at a loopback
        /// listener the harness runs during the case: any connection fails the case.
        case externalEntity(ExternalEntityShape)
        /// The Response's NameID holds a comment (after signing; exclusive c14n ignores it).
        case nameIDWithComment
    }

    /// When a captured Response is posted again.
    public enum ReplayMoment: String, Sendable {
        /// In a browser without the Service's cookies (an attacker holding the POST).
        case afterCookiesDropped = "after the Service's cookies are dropped"
        /// After the user logged out at the Service.
        case afterLogout = "after the user logged out"
        /// In the same browser, while the session is open.
        case whileLoggedIn = "while the session is still open, after its cookies are dropped"
    }

    /// What the second login's Response takes over from the first, completed one.
    public enum Reuse: String, Sendable {
        /// InResponseTo names the first login's AuthnRequest.
        case requestID = "the first login's request ID"
        /// The Response carries the first Response's ID.
        case responseID = "the first Response's ID"
        /// The Assertion carries the first Assertion's ID.
        case assertionID = "the first Assertion's ID"
    }

    /// What a page-and-cookie case looks at.
    public enum HTTPObservation: String, Sendable {
        /// The Service's page that posts the AuthnRequest: `Cache-Control: no-cache, no-store`.
        case authnRequestPageNotCacheable
        /// The Service's page that posts its LogoutRequest: the same.
        case logoutRequestPageNotCacheable
        /// The protected page, which shows personal data: `no-store`.
        case protectedPageNotCacheable
        case sessionCookieHttpOnly
        case sessionCookieSameSite
        /// Secure when the Service is served over HTTPS (review over plain http on loopback).
        case sessionCookieSecure
        /// The answer to MPass's LogoutRequest: `Content-Security-Policy: frame-ancestors` naming MPass.
        case singleLogoutAnswerFrameAncestors
        /// Every URL of the Service is https (review on localhost/127.0.0.1).
        case httpsURLs
    }

    /// Where the DOCTYPE's external reference sits.
    public enum ExternalEntityShape: String, Sendable {
        /// `<!ENTITY xxe SYSTEM "http://127.0.0.1:PORT/…">`, used as the NameID.
        case generalEntity
        /// `<!ENTITY % remote SYSTEM "…"> %remote;` (out-of-band exfiltration shape).
        case parameterEntity
        /// `<!DOCTYPE … SYSTEM "…">`: an external DTD subset.
        case externalSubset
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

    /// The fault, when the case applies one: nil for the cases whose `fault` begins `none`
    /// (the catalogue's way of saying the harness's messages are sent as MPass sends them).
    public var appliedFault: String? {
        fault.lowercased().hasPrefix("none") ? nil : fault
    }
    public let scenario: Scenario
    /// The case guards "read only what MPass signed": its Response carries the attacker's
    /// identity outside the signed element (signature wrapping). A Service that opens a
    /// session for the genuine, signed identity and ignores the unsigned one keeps that rule,
    /// so the case passes with that said; logging in the attacker fails it.
    public var guardsSignedReading = false

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
