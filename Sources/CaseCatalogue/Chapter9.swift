import Foundation
import MPassSimulator

/// The chapter-9 checklist of the MPass integration guide: 5 functional and 7 security
/// cases, as data (`../shared/spec/chapter9.md`).
public enum Chapter9 {
    static func reference(_ id: String) -> String { "MPass integration guide, chapter 9, \(id)" }

    public static let cases: [ConformanceCase] = [
        ConformanceCase(
            id: "TC_FUNCT_01", title: "Service initiated authentication", reference: reference("TC_FUNCT_01"),
            kind: .functional, severity: .required, expectation: .accepted,
            fault: "none: a valid signed Response", scenario: .login(.none)),
        ConformanceCase(
            id: "TC_FUNCT_02", title: "Single sign-on through MPass", reference: reference("TC_FUNCT_02"),
            kind: .functional, severity: .required, expectation: .accepted,
            fault: "none: the user is already logged in at MPass, which answers without a login step",
            scenario: .singleSignOn),
        ConformanceCase(
            id: "TC_FUNCT_03", title: "Aborted authentication", reference: reference("TC_FUNCT_03"),
            kind: .functional, severity: .required, expectation: .rejectedWithoutError,
            fault: "the user cancels at MPass: a signed non-Success Response without an Assertion",
            scenario: .cancelledLogin),
        ConformanceCase(
            id: "TC_FUNCT_04", title: "Service initiated logout", reference: reference("TC_FUNCT_04"),
            kind: .functional, severity: .required, expectation: .loggedOut,
            fault: "none: the Service's LogoutRequest is answered with a signed LogoutResponse",
            scenario: .serviceInitiatedLogout),
        ConformanceCase(
            id: "TC_FUNCT_05", title: "MPass initiated logout (single logout)", reference: reference("TC_FUNCT_05"),
            kind: .functional, severity: .required, expectation: .loggedOut,
            fault: "none: MPass posts a signed LogoutRequest to the Service's SLO URL",
            scenario: .mpassInitiatedLogout(.none)),
        ConformanceCase(
            id: "TC_SEC_01", title: "Response signature is validated", reference: reference("TC_SEC_01"),
            kind: .security, severity: .required, expectation: .rejected,
            fault: "MPass option \"Do not sign SAML Response\": neither Response nor Assertion is signed",
            scenario: .login(switches { $0.doNotSign = true })),
        ConformanceCase(
            id: "TC_SEC_02", title: "The signing certificate is validated", reference: reference("TC_SEC_02"),
            kind: .security, severity: .required, expectation: .rejected,
            fault: "MPass option \"Use compatible certificate for signing\": another key, its certificate copying MPass's subject and issuer, in KeyInfo",
            scenario: .login(switches { $0.useCompatibleCertificate = true })),
        ConformanceCase(
            id: "TC_SEC_03", title: "Expired Response is refused", reference: reference("TC_SEC_03"),
            kind: .security, severity: .required, expectation: .rejected,
            fault: "IssueInstant and every time condition 3 hours in the past",
            scenario: .login(switches { $0.timeShift = -3 * 3600 })),
        ConformanceCase(
            id: "TC_SEC_04", title: "Response from the future is refused", reference: reference("TC_SEC_04"),
            kind: .security, severity: .required, expectation: .rejected,
            fault: "MPass option \"IssueInstant in local time, instead of UTC\": Moldova's local time written as UTC, 2-3 hours ahead",
            scenario: .login(switches { $0.issueInstantInLocalTime = true })),
        ConformanceCase(
            id: "TC_SEC_05", title: "Destination is validated", reference: reference("TC_SEC_05"),
            kind: .security, severity: .required, expectation: .rejected,
            fault: "MPass option \"Do not specify Destination in SAML Response\"",
            scenario: .login(switches { $0.omitDestination = true })),
        ConformanceCase(
            id: "TC_SEC_06", title: "InResponseTo is required", reference: reference("TC_SEC_06"),
            kind: .security, severity: .required, expectation: .rejected,
            fault: "MPass option \"Do not specify InResponseTo in SAML Response\": absent everywhere",
            scenario: .login(switches { $0.omitInResponseTo = true })),
        ConformanceCase(
            id: "TC_SEC_07", title: "InResponseTo is validated", reference: reference("TC_SEC_07"),
            kind: .security, severity: .required, expectation: .rejected,
            fault: "the Service's cookies are dropped while the user is at MPass, and the Response answers a request ID the Service never issued",
            scenario: .loginWithLostServiceState),
    ]

    static func switches(_ configure: (inout ResponseSwitches) -> Void) -> ResponseSwitches {
        var switches = ResponseSwitches()
        configure(&switches)
        return switches
    }
}
