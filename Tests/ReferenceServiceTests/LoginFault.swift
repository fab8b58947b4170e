import Foundation
import MPassSAML
@testable import ReferenceService

/// One fault in MPass's Response per login-side weakness: the hardened Service must refuse
/// it with exactly `failedChecks`, the Service with that weakness must accept it.
struct LoginFault: Sendable, CustomStringConvertible {
    let weakness: ServiceWeakness
    let failedChecks: Set<String>
    let apply: @Sendable (inout MPassSAML.Response, inout ResponseFactory) -> Void

    var description: String { weakness.rawValue }

    static let all: [LoginFault] = [
        // TC_SEC_01: no signature at all.
        LoginFault(weakness: .skipSignature, failedChecks: ["response.signature.present", "message.signed"]) { _, factory in
            factory.signResponse = false
        },
        // TC_SEC_02: "compatible certificate": MPass's names on another key, carried in KeyInfo.
        LoginFault(weakness: .trustKeyInfo,
                   failedChecks: ["response.signature.key-info", "response.signature.value", "message.signed"]) { _, factory in
            factory.signer = XMLSigner(identity: TestIdentities.foreign)
        },
        // TC_SEC_03: everything hours old.
        LoginFault(weakness: .skipTimeChecks, failedChecks: [
            "response.issue-instant", "assertion.issue-instant", "assertion.conditions.not-on-or-after",
            "assertion.subject.confirmation.not-on-or-after",
        ]) { response, factory in
            var old = factory
            old.now = factory.now.addingTimeInterval(-3 * 3600)
            var stale = old.response()
            stale.inResponseTo = response.inResponseTo
            response = stale
        },
        // TC_SEC_04: Moldova's local time written as UTC.
        LoginFault(weakness: .acceptFutureIssueInstant, failedChecks: ["response.issue-instant", "assertion.issue-instant"]) { response, factory in
            let ahead = SAMLInstant(factory.now.addingTimeInterval(3 * 3600))
            response.issueInstant = ahead
            response.assertions[0].issueInstant = ahead
        },
        // TC_SEC_05.
        LoginFault(weakness: .skipDestination, failedChecks: ["response.destination"]) { response, _ in
            response.destination = nil
        },
        LoginFault(weakness: .skipRecipient, failedChecks: ["assertion.subject.confirmation.recipient"]) { response, _ in
            response.assertions[0].subject?.confirmations[0].data?.recipient = "https://other-service.test/mpass-login"
        },
        LoginFault(weakness: .skipAudience, failedChecks: ["assertion.conditions.audience"]) { response, _ in
            response.assertions[0].conditions?.audienceRestrictions = [["https://other-service.test"]]
        },
        // TC_SEC_07: an ID this Service never issued.
        LoginFault(weakness: .skipInResponseTo,
                   failedChecks: ["response.in-response-to", "assertion.subject.confirmation.in-response-to"]) { response, _ in
            response.inResponseTo = "_00000000000000000000000000000000"
            response.assertions[0].subject?.confirmations[0].data?.inResponseTo = "_00000000000000000000000000000000"
        },
        // TC_SEC_06.
        LoginFault(weakness: .acceptUnsolicited,
                   failedChecks: ["response.in-response-to", "assertion.subject.confirmation.in-response-to"]) { response, _ in
            response.inResponseTo = nil
            response.assertions[0].subject?.confirmations[0].data?.inResponseTo = nil
        },
        LoginFault(weakness: .skipStatus, failedChecks: ["response.status", "response.assertion-count"]) { response, _ in
            response.status = Status(code: SAMLURI.statusResponder)
        },
        LoginFault(weakness: .acceptSHA1, failedChecks: ["response.signature.algorithm", "message.signed"]) { _, factory in
            factory.signer = XMLSigner(identity: TestIdentities.idp, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1)
        },
        LoginFault(weakness: .skipIssuer, failedChecks: ["response.issuer", "assertion.issuer"]) { response, _ in
            response.issuer = "https://other-idp.test"
            response.assertions[0].issuer = "https://other-idp.test"
        },
        LoginFault(weakness: .acceptMultipleAssertions, failedChecks: ["response.assertion-count"]) { response, factory in
            var other = factory
            other.nameID = "2009999999999"
            response.assertions.append(other.assertion())
        },
        LoginFault(weakness: .skipVersion, failedChecks: ["response.version"]) { response, _ in
            response.version = "1.1"
        },
        LoginFault(weakness: .skipIDChecks, failedChecks: ["assertion.id"]) { response, _ in
            response.assertions[0].id = nil
        },
        LoginFault(weakness: .skipSubjectConfirmation, failedChecks: ["assertion.subject.confirmation"]) { response, _ in
            response.assertions[0].subject?.confirmations[0].method = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"
        },
        LoginFault(weakness: .acceptEmptyNameID, failedChecks: ["assertion.subject.name-id"]) { response, _ in
            response.assertions[0].subject?.nameID = NameID("")
        },
        LoginFault(weakness: .acceptMissingConditions,
                   failedChecks: ["assertion.conditions.not-before", "assertion.conditions.audience"]) { response, _ in
            response.assertions[0].conditions = nil
        },
        LoginFault(weakness: .skipAuthnStatement, failedChecks: ["assertion.authn-statement"]) { response, _ in
            response.assertions[0].authnStatements[0].sessionIndex = nil
        },
        // python3-saml's `if code and code != SUCCESS`: an empty StatusCode Value reads as no failure.
        LoginFault(weakness: .skipEmptyValueChecks, failedChecks: ["response.status", "response.assertion-count"]) { response, _ in
            response.status = Status(code: "")
        },
    ]

    /// The signed form of a valid Response for `requestID`, with this fault applied.
    func xml(now: Date, requestID: String) throws -> Data {
        var factory = ResponseFactory(now: now, requestID: requestID)
        var response = factory.response()
        apply(&response, &factory)
        return try factory.signed(response)
    }

    /// Weaknesses whose forgiveness is wider than this fault's own weakness: they accept it too.
    var alsoAcceptedBy: Set<ServiceWeakness> {
        switch weakness {
        case .trustKeyInfo, .acceptSHA1: [.skipSignature]
        case .acceptFutureIssueInstant: [.skipTimeChecks]
        case .acceptUnsolicited: [.skipInResponseTo]
        case .skipEmptyValueChecks: [.skipStatus]
        default: []
        }
    }
}
