import CaseCatalogue
import Foundation
import MPassSAML

/// Which case of the checklist a flow exercises, read from the evidence alone: the fault
/// MPass's message shows (checked against the pinned certificate, at the recorded time)
/// decides it, not what anyone says the flow was.
struct FlowClassification: Sendable, Equatable {
    /// A chapter-9 id (`TC_SEC_01`), or `REPLAY:<check id>` for a fault beyond the guide.
    var caseID: String
    var expectation: ConformanceCase.Expectation
    /// The fault in words, for the report.
    var fault: String

    /// Facts of a Response read without trusting it (for classification only).
    struct ResponseFacts: Sendable {
        var issueInstant: Date?
        var hasDestination: Bool
        var hasInResponseTo: Bool
        var isSuccess: Bool
        var nameID: String?
        var sessionIndex: String?
        /// The first Assertion's ID (a Service must not accept an Assertion twice).
        var assertionID: String?

        init(xml: Data) {
            guard let document = try? SafeXMLParser().parse(xml) else {
                self.init(issueInstant: nil, hasDestination: false, hasInResponseTo: false, isSuccess: false, nameID: nil, sessionIndex: nil)
                return
            }
            let response = Response(parsing: document.root)
            let assertion = response.assertions.first
            self.init(issueInstant: response.issueInstant?.parsed?.date,
                      hasDestination: !(response.destination ?? "").isEmpty,
                      hasInResponseTo: !(response.inResponseTo ?? "").isEmpty,
                      isSuccess: response.status?.isSuccess == true,
                      nameID: assertion?.subject?.nameID?.value,
                      sessionIndex: assertion?.authnStatements.first?.sessionIndex)
            assertionID = assertion?.id
        }

        init(issueInstant: Date?, hasDestination: Bool, hasInResponseTo: Bool, isSuccess: Bool, nameID: String?, sessionIndex: String?) {
            self.issueInstant = issueInstant
            self.hasDestination = hasDestination
            self.hasInResponseTo = hasInResponseTo
            self.isSuccess = isSuccess
            self.nameID = nameID
            self.sessionIndex = sessionIndex
        }
    }

    /// A login's Response, in the order of the guide's security cases: the signature first
    /// (nothing else in an unauthenticated message means anything), then time, Destination,
    /// InResponseTo, and the status.
    static func login(response report: ValidationReport, facts: ResponseFacts, recordedAt: Date?, loginStepShown: Bool) -> FlowClassification {
        let failed = Set(report.failures.map(\.id))
        if failed.isEmpty {
            return loginStepShown
                ? FlowClassification(caseID: "TC_FUNCT_01", expectation: .accepted, fault: "none: a valid signed Response")
                : FlowClassification(caseID: "TC_FUNCT_02", expectation: .accepted,
                                     fault: "none: MPass answered without a login step (single sign-on)")
        }
        if failed.contains(.responseSignature.present) && !report.passed(.assertionSignature.value) {
            return FlowClassification(caseID: "TC_SEC_01", expectation: .rejected, fault: "neither the Response nor the Assertion is signed")
        }
        if failed.contains(.responseSignature.keyInfo) || failed.contains(.responseSignature.value) {
            return FlowClassification(caseID: "TC_SEC_02", expectation: .rejected,
                                      fault: "signed with a key that is not MPass's pinned one")
        }
        if failed.contains(.responseIssueInstant), let issued = facts.issueInstant, let recordedAt {
            return issued > recordedAt
                ? FlowClassification(caseID: "TC_SEC_04", expectation: .rejected, fault: "IssueInstant in the future (local time written as UTC)")
                : FlowClassification(caseID: "TC_SEC_03", expectation: .rejected, fault: "IssueInstant and time conditions in the past (expired)")
        }
        if failed.contains(.responseDestination) && !facts.hasDestination {
            return FlowClassification(caseID: "TC_SEC_05", expectation: .rejected, fault: "no Destination")
        }
        if failed.contains(.responseInResponseTo) {
            return facts.hasInResponseTo
                ? FlowClassification(caseID: "TC_SEC_07", expectation: .rejected,
                                     fault: "InResponseTo names no AuthnRequest of this browser session")
                : FlowClassification(caseID: "TC_SEC_06", expectation: .rejected, fault: "no InResponseTo")
        }
        if failed == [.responseStatus] && !facts.isSuccess {
            return FlowClassification(caseID: "TC_FUNCT_03", expectation: .rejectedWithoutError,
                                      fault: "a signed non-Success Response without an Assertion (the user cancelled)")
        }
        let first = report.failures.first!
        return FlowClassification(caseID: "REPLAY:\(first.id)", expectation: .rejected, fault: "the Response fails \(first.id): \(first.detail)")
    }

    static let serviceLogout = FlowClassification(caseID: "TC_FUNCT_04", expectation: .loggedOut,
                                                  fault: "none: the Service's LogoutRequest answered by MPass")

    /// MPass's LogoutRequest: a valid one must end the session; a faulty one must not.
    static func mpassLogout(request report: ValidationReport) -> FlowClassification {
        guard let first = report.failures.first else {
            return FlowClassification(caseID: "TC_FUNCT_05", expectation: .loggedOut,
                                      fault: "none: MPass posts a signed LogoutRequest to the Service's SLO URL")
        }
        return FlowClassification(caseID: "REPLAY:\(first.id)", expectation: .rejected,
                                  fault: "MPass's LogoutRequest fails \(first.id): \(first.detail)")
    }
}
