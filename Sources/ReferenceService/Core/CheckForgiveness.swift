import Foundation
import MPassSAML

/// Which failed checks the Service's weaknesses forgive for one message: a list of
/// (pattern, weakness) rules over the library's declared check ids (`CheckID`). Only the weaknesses of the
/// message's stage take part, so `skipLogoutResponseChecks` (`*`) can never touch a Response.
struct CheckForgiveness: Sendable {
    private struct Rule: Sendable {
        let pattern: CheckPattern
        let weakness: ServiceWeakness
    }

    private let rules: [Rule]

    static let none = CheckForgiveness(rules: [])

    /// The checks that `skipTimeChecks` forgives: every time condition the library checks
    /// on a Response (its Assertion's AuthnInstant included).
    static let timeCheckIDs: [CheckID] = [
        .responseIssueInstant, .assertionIssueInstant, .assertionConditionsNotBefore,
        .assertionConditionsNotOnOrAfter, .assertionSubjectConfirmationNotOnOrAfter,
        .assertionSessionNotOnOrAfter, .assertionAuthnInstant,
    ]

    /// The checks `skipEmptyValueChecks` may forgive, each only when its value is present
    /// and empty (see `ResponseFacts.emptyValueChecks`).
    static let emptyValueCheckIDs: [CheckID] = [
        .responseVersion, .assertionVersion, .responseID, .assertionID, .responseIssueInstant,
        .assertionIssueInstant, .responseInResponseTo, .assertionSubjectConfirmationInResponseTo,
        .responseDestination, .responseIssuer, .assertionIssuer, .responseStatus, .responseAssertionCount,
        .assertionSubjectConfirmation, .assertionSubjectConfirmationRecipient,
        .assertionSubjectConfirmationNotOnOrAfter, .assertionConditionsNotOnOrAfter,
        .assertionConditionsAudience, .assertionAuthnStatement, .assertionAuthnInstant,
    ]

    func weakness(forgiving id: CheckID) -> ServiceWeakness? {
        rules.first { $0.pattern.matches(id) }?.weakness
    }

    /// MPass's Response at the ACS. Unconditional weaknesses forgive all their patterns;
    /// the conditional ones forgive a check only when the message is of the shape the
    /// weakness is about (an absent InResponseTo, a future IssueInstant, …), decided from
    /// the message itself and never from a check's message text.
    static func forResponse(_ weaknesses: Set<ServiceWeakness>, facts: ResponseFacts) -> CheckForgiveness {
        var rules: [Rule] = []
        func add(_ weakness: ServiceWeakness, _ pattern: CheckPattern) {
            rules.append(Rule(pattern: pattern, weakness: weakness))
        }
        let response = facts.response
        let assertion = response.assertions.first
        for weakness in ServiceWeakness.allCases where weaknesses.contains(weakness) && weakness.stage == .acs {
            switch weakness {
            case .acceptFutureIssueInstant:
                if facts.isInTheFuture(response.issueInstant) { add(weakness, .checks(.responseIssueInstant)) }
                if facts.isInTheFuture(assertion?.issueInstant) { add(weakness, .checks(.assertionIssueInstant)) }
            case .acceptUnsolicited:
                if response.inResponseTo?.isEmpty ?? true { add(weakness, .checks(.responseInResponseTo)) }
                if facts.bearerData?.inResponseTo?.isEmpty ?? true {
                    add(weakness, .checks(.assertionSubjectConfirmationInResponseTo))
                }
            case .skipStatus:
                add(weakness, .checks(.responseStatus))
                // The library refuses "failure yet an Assertion" under the count check.
                if response.status?.isSuccess != true, response.assertions.count == 1, facts.everyAssertionIsDirect {
                    add(weakness, .checks(.responseAssertionCount))
                }
            case .acceptMultipleAssertions:
                if response.status?.isSuccess == true, response.assertions.count > 1, facts.everyAssertionIsDirect {
                    add(weakness, .checks(.responseAssertionCount))
                }
            case .skipEmptyValueChecks:
                add(weakness, .checks(facts.emptyValueChecks))
            case .acceptMissingConditions:
                if assertion != nil, assertion?.conditions == nil { add(weakness, weakness.forgivenChecks) }
            case .readIdentityWithSecondParser:
                // Its verifying reading is namespace-aware and passes over the look-alikes.
                if facts.onlyLookalikesBesideOneAssertion { add(weakness, weakness.forgivenChecks) }
            case .acceptWrappedSignature:
                // Only where the strict check failed: a message it already accepts is not this weakness's business.
                if facts.signatureFailed, facts.someSignatureVerifiesNaively { add(weakness, weakness.forgivenChecks) }
            default:
                add(weakness, weakness.forgivenChecks)
            }
        }
        return CheckForgiveness(rules: rules)
    }

    /// MPass's LogoutRequest at `/mpass-slo`.
    static func forLogoutRequest(_ weaknesses: Set<ServiceWeakness>) -> CheckForgiveness {
        let rules = [ServiceWeakness.skipLogoutRequestSignature, .skipLogoutRequestChecks].filter(weaknesses.contains)
            .map { Rule(pattern: $0.forgivenChecks, weakness: $0) }
        return CheckForgiveness(rules: rules)
    }

    /// MPass's LogoutResponse at `/mpass-logout`.
    static func forLogoutResponse(_ weaknesses: Set<ServiceWeakness>) -> CheckForgiveness {
        only(.skipLogoutResponseChecks, in: weaknesses)
    }

    private static func only(_ weakness: ServiceWeakness, in weaknesses: Set<ServiceWeakness>) -> CheckForgiveness {
        guard weaknesses.contains(weakness) else { return .none }
        return CheckForgiveness(rules: [Rule(pattern: weakness.forgivenChecks, weakness: weakness)])
    }
}

/// What the conditional weaknesses need to know about a Response, read from the
/// unauthenticated view (the same text the library checked).
struct ResponseFacts: Sendable {
    let response: Response
    /// False when an Assertion (or a look-alike, or an EncryptedAssertion) sits anywhere but
    /// as a direct child of the Response: a wrapping shape no weakness forgives.
    let everyAssertionIsDirect: Bool
    /// True when the one SAML Assertion is a direct child of the Response and every other
    /// element named Assertion sits in another namespace or none (a look-alike).
    let onlyLookalikesBesideOneAssertion: Bool
    let window: TimeWindow
    /// True when a signature check of the strict validation failed.
    let signatureFailed: Bool
    /// What a wrapping-vulnerable reader concludes (`NaiveSignatureProbe`); computed only
    /// for a Service with `acceptWrappedSignature`, since it costs a verification.
    let someSignatureVerifiesNaively: Bool

    init(document: XMLDocument, response: Response, window: TimeWindow, report: ValidationReport? = nil,
         naiveProbe: NaiveSignatureProbe? = nil) {
        self.response = response
        self.window = window
        let failedSignature = report?.failures.contains {
            CheckID.responseSignature.contains($0.id) || CheckID.assertionSignature.contains($0.id) || $0.id == .messageSigned
        } ?? false
        self.signatureFailed = failedSignature
        self.someSignatureVerifiesNaively = failedSignature && (naiveProbe?.someSignatureVerifies(in: document) ?? false)
        let assertionLike = document.allElements().filter { ["Assertion", "EncryptedAssertion"].contains($0.localName) }
        self.everyAssertionIsDirect = assertionLike.count == response.assertions.count
            && assertionLike.allSatisfy { $0.is("Assertion", .saml) && $0.parent?.isSameNode(as: document.root) == true }
        let samlAssertions = assertionLike.filter { $0.is("Assertion", .saml) }
        self.onlyLookalikesBesideOneAssertion = samlAssertions.count == 1
            && samlAssertions.allSatisfy { $0.parent?.isSameNode(as: document.root) == true }
            && assertionLike.contains { $0.localName == "Assertion" && !$0.is("Assertion", .saml) }
            && !assertionLike.contains { $0.localName == "EncryptedAssertion" }
    }

    /// The first bearer SubjectConfirmationData, as the library picks it.
    var bearerData: SubjectConfirmationData? {
        response.assertions.first?.subject?.confirmations
            .first { $0.method == SAMLURI.confirmationBearer && $0.data != nil }?.data
    }

    /// The checks whose value is present but empty in this Response: what a Service that
    /// compares only non-empty values (`if value and value != expected`) lets through.
    var emptyValueChecks: [CheckID] {
        let assertion = response.assertions.first
        let confirmation = assertion?.subject?.confirmations.first
        let data = confirmation?.data
        let conditions = assertion?.conditions
        let statement = assertion?.authnStatements.first
        let audiences = conditions?.audienceRestrictions.flatMap { $0 } ?? []
        let emptyStatus = response.status?.code == "" && response.assertions.count == 1 && everyAssertionIsDirect
        let candidates: [(CheckID, Bool)] = [
            (.responseVersion, response.version == ""),
            (.assertionVersion, assertion?.version == ""),
            (.responseID, response.id == ""),
            (.assertionID, assertion?.id == ""),
            (.responseIssueInstant, response.issueInstant?.text == ""),
            (.assertionIssueInstant, assertion?.issueInstant?.text == ""),
            (.responseInResponseTo, response.inResponseTo == ""),
            (.assertionSubjectConfirmationInResponseTo, data?.inResponseTo == ""),
            (.responseDestination, response.destination == ""),
            (.responseIssuer, response.issuer == ""),
            (.assertionIssuer, assertion?.issuer == ""),
            (.responseStatus, emptyStatus),
            (.responseAssertionCount, emptyStatus),
            (.assertionSubjectConfirmation, confirmation?.method == "" && data != nil),
            (.assertionSubjectConfirmationRecipient, data?.recipient == ""),
            (.assertionSubjectConfirmationNotOnOrAfter, data?.notOnOrAfter?.text == ""),
            (.assertionConditionsNotOnOrAfter, conditions?.notOnOrAfter?.text == ""),
            (.assertionConditionsAudience, !audiences.isEmpty && audiences.allSatisfy(\.isEmpty)),
            (.assertionAuthnStatement, statement?.sessionIndex == ""),
            (.assertionAuthnInstant, statement?.authnInstant?.text == ""),
        ]
        return candidates.filter(\.1).map(\.0)
    }

    /// True when `instant` is a valid time ahead of now by more than the allowed skew.
    func isInTheFuture(_ instant: SAMLInstant?) -> Bool {
        guard let date = instant?.date else { return false }
        return date.timeIntervalSince(window.now) > window.clockSkew
    }
}
