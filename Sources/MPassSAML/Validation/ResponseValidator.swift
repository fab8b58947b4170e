import Foundation
import Vocabulary

/// What a Service expects of MPass's Response: the security considerations of the MPass
/// guide, made into values.
public struct ResponseExpectations: Sendable {
    /// MPass's signing certificate(s), pinned. Never taken from the message.
    public var pinnedCertificates: [Certificate]
    /// MPass's Issuer value (from its metadata or configuration); nil: not compared.
    public var idpIssuer: String?
    /// The Service's ACS URL: the Response's Destination and the Recipient. nil: not compared.
    public var acsURL: String?
    /// The Service's Issuer (entity ID): an Audience. nil: not compared.
    public var audience: String?
    /// The AuthnRequest IDs the Service has outstanding. nil: presence only is checked.
    public var outstandingRequestIDs: Set<String>?
    public var requireSignedResponse: Bool
    public var requireSignedAssertion: Bool
    public var allowWeakAlgorithms: Bool
    /// MPass's RSA-SHA1 / SHA-1 from the pinned key: a WARN check, not a FAIL (`SignaturePolicy`).
    public var warnOnWeakAlgorithms = false
    /// Refuse a login older than this (AuthnInstant); nil: not checked.
    public var maxAuthenticationAge: TimeInterval?

    public init(pinnedCertificates: [Certificate], idpIssuer: String? = nil, acsURL: String? = nil,
                audience: String? = nil, outstandingRequestIDs: Set<String>? = nil,
                requireSignedResponse: Bool = true, requireSignedAssertion: Bool = false,
                allowWeakAlgorithms: Bool = false, maxAuthenticationAge: TimeInterval? = nil) {
        self.pinnedCertificates = pinnedCertificates
        self.idpIssuer = idpIssuer
        self.acsURL = acsURL
        self.audience = audience
        self.outstandingRequestIDs = outstandingRequestIDs
        self.requireSignedResponse = requireSignedResponse
        self.requireSignedAssertion = requireSignedAssertion
        self.allowWeakAlgorithms = allowWeakAlgorithms
        self.maxAuthenticationAge = maxAuthenticationAge
    }
}

/// The result of validating a Response: every check, and what a Service may use.
public struct ResponseValidation: Sendable {
    public let report: ValidationReport
    /// The Response as read from the signed root (nil when the root's signature did not
    /// verify; then only `assertion` may have been authenticated).
    public let response: Response?
    /// The one Assertion, read from the element a valid signature covers; nil otherwise.
    public let assertion: Assertion?
    /// Everything as read, signed or not: for reports only, never for a login decision.
    public let unauthenticatedView: Response

    /// True when every check passed: the Service may open a session for `assertion`.
    public var isValid: Bool { report.isValid && assertion != nil }
}

/// Validates MPass's Response the way the guide says a Service must (security
/// considerations 1-5), reading only what a verified signature covers.
public struct ResponseValidator: Sendable {
    public let expectations: ResponseExpectations
    public let window: TimeWindow

    public init(expectations: ResponseExpectations, window: TimeWindow) {
        self.expectations = expectations
        self.window = window
    }

    /// Validates a parsed document. Throws only when the root is not a samlp:Response.
    public func validate(_ document: XMLDocument) throws(HarnessError) -> ResponseValidation {
        guard try SAMLMessage.kind(of: document) == .response else {
            throw HarnessError(.xmlWrongRoot, "the message is a \(document.root.localName), not a Response")
        }
        var report = ValidationReport(messageKind: "Response")
        let root = document.root
        report.add(CommonChecks.uniqueIDs(document))
        let verifier = SignatureVerifier(policy: SignaturePolicy(
            pinnedCertificates: expectations.pinnedCertificates, allowWeakAlgorithms: expectations.allowWeakAlgorithms,
            warnOnWeakAlgorithms: expectations.warnOnWeakAlgorithms))

        // 1. Signatures. The Response's own, then the Assertion's.
        var responseSigned = false
        let responseCarriesSignature = root.child("Signature", .ds) != nil
        if responseCarriesSignature || expectations.requireSignedResponse {
            let verification = verifier.verify(root, checks: CheckID.responseSignature)
            report.add(contentsOf: verification.checks)
            responseSigned = verification.isValid
        } else {
            report.add(.notApplicable(.responseSignature.present, "the Response is unsigned and only a signed Assertion is required"))
        }

        // Exactly one Assertion in the whole document, as a direct child of the Response.
        // Copies elsewhere (Extensions, ds:Object, nested) are signature-wrapping shapes.
        let named = document.elements(named: "Assertion")
        let everyAssertion = named.filter { $0.namespaceURI == XMLNamespace.saml.uri }
        // Look-alikes: an element named Assertion in another namespace (typically the saml2
        // prefix rebound on it). Namespace-aware code skips it, but a reader that matches
        // prefixes or local names takes it for the Assertion: a parser differential in the
        // spirit of CVE-2025-25291/25292. SAML never needs one, so it is refused, not ignored.
        let lookalikes = named.filter { $0.namespaceURI != XMLNamespace.saml.uri }
        let directAssertions = root.children("Assertion", .saml)
        let encrypted = root.children("EncryptedAssertion", .saml)
        let status = root.child("Status", .samlp).map(Status.init(parsing:))
        let success = status?.isSuccess == true
        var assertionElement: XMLElement?
        if !encrypted.isEmpty {
            report.add(.fail(.responseAssertionCount, "the Response carries an EncryptedAssertion; MPass sends assertions in clear and this harness does not decrypt"))
        } else if let lookalike = lookalikes.first {
            report.add(.fail(.responseAssertionCount,
                "the document holds \(lookalikes.count) element(s) named Assertion outside the SAML assertion namespace (\(lookalike.displayName) in \(lookalike.namespaceURI.map { "\"\($0)\"" } ?? "no namespace")); a reader matching prefixes or local names would take one for the Assertion"))
        } else if everyAssertion.count != directAssertions.count {
            report.add(.fail(.responseAssertionCount,
                "the document holds \(everyAssertion.count) Assertion elements, \(everyAssertion.count - directAssertions.count) of them outside the Response's own children (a signature-wrapping shape)"))
        } else if success && directAssertions.count != 1 {
            report.add(.fail(.responseAssertionCount, "a successful Response must carry exactly one Assertion; it carries \(directAssertions.count)"))
        } else if !success && !directAssertions.isEmpty {
            report.add(.fail(.responseAssertionCount, "the Response reports failure (\(status?.summary ?? "no status")) yet carries an Assertion; no session may be opened from it"))
        } else {
            report.add(.pass(.responseAssertionCount, "\(directAssertions.count) Assertion"))
            assertionElement = directAssertions.first
        }

        var assertionSigned = false
        if let candidate = directAssertions.first, directAssertions.count == 1 {
            if candidate.child("Signature", .ds) != nil || expectations.requireSignedAssertion {
                let verification = verifier.verify(candidate, checks: CheckID.assertionSignature)
                report.add(contentsOf: verification.checks)
                assertionSigned = verification.isValid
            } else {
                let why = responseSigned ? "it is covered by the Response's signature"
                    : responseCarriesSignature ? "the Response's signature, which would cover it, does not verify"
                    : "the Response is unsigned too, so no signature covers it"
                report.add(.notApplicable(.assertionSignature.present, "the Assertion is unsigned; \(why)"))
            }
        }

        // What may be read: the root when its signature verified; else the verified Assertion only.
        let unauthenticated = Response(parsing: root)
        let coverage: String
        if responseSigned && (assertionSigned || !expectations.requireSignedAssertion) {
            coverage = "the Response's signature covers the whole message"
        } else if assertionSigned && !expectations.requireSignedResponse {
            coverage = responseCarriesSignature
                ? "only the Assertion's signature verifies (the Response's own does not: see response.signature.*); Response-level attributes are not authenticated"
                : "only the Assertion is signed; Response-level attributes are not authenticated"
        } else {
            coverage = ""
        }
        if coverage.isEmpty {
            report.add(.fail(.messageSigned, "no valid signature from a pinned certificate covers what would be read; the Response must be refused"))
        } else {
            report.add(.pass(.messageSigned, coverage))
        }

        // 2-5. Freshness, destination and audience, solicitation, status, issuer.
        report.add(CommonChecks.version(.responseVersion, unauthenticated.version))
        report.add(CommonChecks.identifier(.responseID, unauthenticated.id))
        report.add(CommonChecks.issueInstant(.responseIssueInstant, unauthenticated.issueInstant, window: window))
        // MPass guide, security considerations 3: @Destination always.
        report.add(CommonChecks.equals(.responseDestination, unauthenticated.destination, expectations.acsURL,
                                       what: "Destination", optionName: "the ACS URL (--destination)"))
        // Security considerations 4: Response/@InResponseTo always.
        report.add(inResponseTo(.responseInResponseTo, unauthenticated.inResponseTo, what: "InResponseTo"))
        // SAML Profiles 4.1.4.2: "If the <Response> message is signed ..., then the <Issuer>
        // element MUST be present." Unsigned, it stays optional (the Assertion's is checked).
        report.add(issuer(.responseIssuer, unauthenticated.issuer, required: root.child("Signature", .ds) != nil))
        // Security considerations 5.
        report.add(CommonChecks.status(.responseStatus, unauthenticated.status))

        var assertion: Assertion?
        if let assertionElement {
            let parsed = Assertion(parsing: assertionElement)
            report.add(contentsOf: checkAssertion(parsed, element: assertionElement))
            assertion = parsed
        } else {
            let why: CheckID? = success ? .responseAssertionCount : nil
            for id in CheckID.assertionContent {
                if let why { report.add(.skip(id, because: why)) } else {
                    report.add(.notApplicable(id, "the Response reports failure and carries no Assertion"))
                }
            }
        }

        let authenticated = !coverage.isEmpty
        return ResponseValidation(
            report: report,
            response: responseSigned ? unauthenticated : nil,
            assertion: authenticated && report.isValid ? assertion : nil,
            unauthenticatedView: unauthenticated)
    }

    private func checkAssertion(_ assertion: Assertion, element: XMLElement) -> [CheckResult] {
        var checks: [CheckResult] = []
        checks.append(CommonChecks.version(.assertionVersion, assertion.version))
        checks.append(CommonChecks.identifier(.assertionID, assertion.id))
        checks.append(CommonChecks.issueInstant(.assertionIssueInstant, assertion.issueInstant, window: window))
        checks.append(issuer(.assertionIssuer, assertion.issuer, required: true))

        // NameID: present and non-empty; read as its whole text.
        if let nameID = assertion.subject?.nameID, !nameID.value.trimmingCharacters(in: .whitespaces).isEmpty {
            let nameIDElement = element.child("Subject", .saml)?.child("NameID", .saml)
            let note = nameIDElement?.containsComment == true
                ? " (holds a comment; read as the whole text, as the signature covers it)" : ""
            checks.append(.pass(.assertionSubjectNameID, "\"\(nameID.value)\"\(note)"))
        } else {
            checks.append(.fail(.assertionSubjectNameID, "Subject/NameID is absent or empty: there is no user to log in"))
        }

        // SAML Profiles 4.1.4.2: a bearer SubjectConfirmation with Recipient, NotOnOrAfter, InResponseTo.
        let bearer = assertion.subject?.confirmations.first { $0.method == SAMLURI.confirmationBearer && $0.data != nil }
        if let data = bearer?.data {
            checks.append(.pass(.assertionSubjectConfirmation, "bearer"))
            checks.append(CommonChecks.notOnOrAfter(.assertionSubjectConfirmationNotOnOrAfter, data.notOnOrAfter,
                                                    window: window, what: "SubjectConfirmationData/@NotOnOrAfter", required: true))
            checks.append(CommonChecks.equals(.assertionSubjectConfirmationRecipient, data.recipient, expectations.acsURL,
                                              what: "SubjectConfirmationData/@Recipient", optionName: "the ACS URL (--destination)"))
            checks.append(inResponseTo(.assertionSubjectConfirmationInResponseTo, data.inResponseTo,
                                       what: "SubjectConfirmationData/@InResponseTo"))
        } else {
            let methods = assertion.subject?.confirmations.compactMap(\.method) ?? []
            checks.append(.fail(.assertionSubjectConfirmation,
                "no bearer SubjectConfirmation with SubjectConfirmationData (methods found: \(methods.isEmpty ? "none" : methods.joined(separator: ", ")))"))
            for id in [CheckID.assertionSubjectConfirmationNotOnOrAfter, .assertionSubjectConfirmationRecipient,
                       .assertionSubjectConfirmationInResponseTo] {
                checks.append(.skip(id, because: .assertionSubjectConfirmation))
            }
        }

        if let conditions = assertion.conditions {
            checks.append(CommonChecks.notBefore(.assertionConditionsNotBefore, conditions.notBefore, window: window, what: "Conditions/@NotBefore"))
            checks.append(CommonChecks.notOnOrAfter(.assertionConditionsNotOnOrAfter, conditions.notOnOrAfter,
                                                    window: window, what: "Conditions/@NotOnOrAfter", required: true))
            checks.append(audienceCheck(conditions))
        } else {
            checks.append(.fail(.assertionConditionsNotBefore, "the Assertion has no Conditions"))
            checks.append(.skip(.assertionConditionsNotOnOrAfter, because: .assertionConditionsNotBefore))
            checks.append(.fail(.assertionConditionsAudience, "the Assertion has no Conditions, so no AudienceRestriction"))
        }

        if assertion.authnStatements.count == 1, let statement = assertion.authnStatements.first {
            // SAML Core 2.7.2 (saml-schema-assertion-2.0, AuthnStatementType): AuthnContext has
            // no minOccurs="0", so an AuthnStatement without it is not a valid statement.
            let context = element.child("AuthnStatement", .saml)?.child("AuthnContext", .saml)
            if context == nil {
                checks.append(.fail(.assertionAuthnStatement, "AuthnStatement has no AuthnContext, which the SAML schema requires (SAML Core 2.7.2)"))
            } else if let index = statement.sessionIndex, !index.isEmpty {
                checks.append(.pass(.assertionAuthnStatement, "SessionIndex \(index)"))
            } else {
                checks.append(.fail(.assertionAuthnStatement, "AuthnStatement has no SessionIndex; the Service needs it to log out"))
            }
            checks.append(authnInstantCheck(statement.authnInstant))
            checks.append(CommonChecks.notOnOrAfter(.assertionSessionNotOnOrAfter, statement.sessionNotOnOrAfter,
                                                    window: window, what: "AuthnStatement/@SessionNotOnOrAfter", required: false))
        } else {
            checks.append(.fail(.assertionAuthnStatement, "the Assertion carries \(assertion.authnStatements.count) AuthnStatement elements; exactly one is expected"))
            checks.append(.skip(.assertionAuthnInstant, because: .assertionAuthnStatement))
            checks.append(.skip(.assertionSessionNotOnOrAfter, because: .assertionAuthnStatement))
        }
        return checks
    }

    // MPass guide, security considerations 3: Audience always, equal to the Service's Issuer.
    // SAML Core 2.5.1.4: every AudienceRestriction must name the Service.
    private func audienceCheck(_ conditions: Conditions) -> CheckResult {
        let id = CheckID.assertionConditionsAudience
        guard !conditions.audienceRestrictions.isEmpty, conditions.audienceRestrictions.allSatisfy({ !$0.isEmpty }) else {
            return .fail(id, "Conditions carry no Audience")
        }
        let all = conditions.audienceRestrictions.flatMap { $0 }
        guard let expected = expectations.audience else {
            return .notApplicable(id, "Audience \(all.joined(separator: ", ")); not compared (give the Service's Issuer, --audience)")
        }
        if conditions.audienceRestrictions.allSatisfy({ $0.contains(expected) }) {
            return .pass(id, all.count > 1 ? "\(expected) (one of \(all.count))" : expected)
        }
        return .fail(id, "no AudienceRestriction names this Service (\"\(expected)\"); found \(all.map { "\"\($0)\"" }.joined(separator: ", "))")
    }

    private func authnInstantCheck(_ instant: SAMLInstant?) -> CheckResult {
        let id = CheckID.assertionAuthnInstant
        guard let instant else { return .fail(id, "AuthnStatement/@AuthnInstant is absent") }
        guard let parsed = instant.parsed else {
            return .fail(id, "AuthnInstant \"\(instant.text)\" is not an xs:dateTime")
        }
        guard parsed.isUTC else { return .fail(id, CommonChecks.notZForm("AuthnInstant", instant.text, parsed)) }
        let age = window.now.timeIntervalSince(parsed.date)
        if age < -window.clockSkew {
            return .fail(id, "AuthnInstant \(instant.text) is \(CommonChecks.describe(age)) in the future")
        }
        if let limit = expectations.maxAuthenticationAge, age > limit + window.clockSkew {
            return .fail(id, "the login happened \(CommonChecks.describe(age)) ago (AuthnInstant \(instant.text)); at most \(CommonChecks.describe(limit)) is accepted")
        }
        return .pass(id, "\(instant.text), \(CommonChecks.describe(age)) ago")
    }

    private func inResponseTo(_ id: CheckID, _ value: String?, what: String) -> CheckResult {
        guard let value, !value.isEmpty else {
            return .fail(id, "\(what) is absent: the Service cannot tell that it asked for this login (unsolicited Responses are refused)")
        }
        guard let outstanding = expectations.outstandingRequestIDs else {
            return .notApplicable(id, "\(what) is \"\(value)\"; not compared (give the AuthnRequest ID, --in-response-to)")
        }
        return outstanding.contains(value)
            ? .pass(id, value)
            : .fail(id, "\(what) \"\(value)\" matches no AuthnRequest this Service sent\(outstanding.count == 1 ? " (expected \"\(outstanding.first!)\")" : "")")
    }

    private func issuer(_ id: CheckID, _ value: String?, required: Bool) -> CheckResult {
        guard let value, !value.isEmpty else {
            return required ? .fail(id, id == .responseIssuer
                ? "the Response is signed but has no Issuer (SAML Profiles 4.1.4.2: a signed Response must carry it)" : "Issuer is absent")
                : .notApplicable(id, "the Response has no Issuer (optional; the Assertion's is checked)")
        }
        guard let expected = expectations.idpIssuer else {
            return .notApplicable(id, "Issuer is \"\(value)\"; not compared (give MPass's Issuer, --idp-issuer)")
        }
        return value == expected ? .pass(id, value) : .fail(id, "Issuer is \"\(value)\", expected MPass's \"\(expected)\"")
    }
}
