/// The stable id of one check (`response.destination`), as reports, JSON and the catalogue
/// name it. Ids are never renamed once shipped; every id the harness emits is declared
/// below, once, beside the rule it names (`CheckIDTests` fails on an id emitted but not
/// declared, and on a catalogue case that names an id no validator emits).
///
/// Encoded as its raw string, so `report.json` spells it exactly as before. No string literal
/// makes one (a typo'd id would compile): the code names the constants; `init(rawValue:)`
/// is for ids read back from a report.
public struct CheckID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: CheckID, rhs: CheckID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The checks of one enveloped XML signature (`SignatureVerifier`), named under a scope:
/// `response.signature.present`, … `response.signature.value`. In the order they run: a
/// failure skips the ones after it.
public struct SignatureCheckIDs: Sendable, Hashable {
    /// `<scope>.signature`, the dotted prefix every member shares.
    public let family: String
    /// Exactly one ds:Signature on the element.
    public let present: CheckID
    /// Right after Issuer (SAML's schema).
    public let position: CheckID
    /// SignedInfo, SignatureValue and optionally KeyInfo, nothing else.
    public let signedInfo: CheckID
    /// Exclusive c14n without comments.
    public let canonicalization: CheckID
    /// An accepted SignatureMethod (RSA-SHA256; SHA-1 only when allowed or warned).
    public let algorithm: CheckID
    /// Exactly one Reference.
    public let referenceCount: CheckID
    /// The Reference names the signed element's own ID.
    public let referenceTargetsRoot: CheckID
    /// Only enveloped-signature and exclusive c14n.
    public let transforms: CheckID
    /// An accepted DigestMethod (SHA-256).
    public let digestAlgorithm: CheckID
    /// KeyInfo, when present, carries only the pinned certificate (never trusted).
    public let keyInfo: CheckID
    /// The signature verifies with a pinned key.
    public let value: CheckID

    public init(scope: String) {
        family = "\(scope).signature"
        func id(_ suffix: String) -> CheckID { CheckID("\(scope).signature.\(suffix)") }
        present = id("present")
        position = id("position")
        signedInfo = id("signed-info")
        canonicalization = id("canonicalization")
        algorithm = id("algorithm")
        referenceCount = id("reference-count")
        referenceTargetsRoot = id("reference-targets-root")
        transforms = id("transforms")
        digestAlgorithm = id("digest-algorithm")
        keyInfo = id("key-info")
        value = id("value")
    }

    /// Every member, in the order the verifier runs them.
    public var inOrder: [CheckID] {
        [present, position, signedInfo, canonicalization, algorithm, referenceCount, referenceTargetsRoot,
         transforms, digestAlgorithm, keyInfo, value]
    }

    public func contains(_ id: CheckID) -> Bool { inOrder.contains(id) }
}

// MARK: - Every message

extension CheckID {
    /// No ID value appears on two elements (`CommonChecks.uniqueIDs`; signature wrapping).
    public static let documentIDsUnique = CheckID("document.ids-unique")
    /// A valid signature from a pinned certificate covers what is read (`ResponseValidator`).
    public static let messageSigned = CheckID("message.signed")
}

// MARK: - MPass's Response (`ResponseValidator`)

extension CheckID {
    public static let responseSignature = SignatureCheckIDs(scope: "response")
    /// Exactly one Assertion, a direct child, none encrypted, no look-alike; none on failure.
    public static let responseAssertionCount = CheckID("response.assertion-count")
    public static let responseVersion = CheckID("response.version")
    public static let responseID = CheckID("response.id")
    public static let responseIssueInstant = CheckID("response.issue-instant")
    /// MPass guide, security considerations 3: @Destination is the ACS URL.
    public static let responseDestination = CheckID("response.destination")
    /// Security considerations 4: InResponseTo names an outstanding AuthnRequest.
    public static let responseInResponseTo = CheckID("response.in-response-to")
    /// SAML Profiles 4.1.4.2: required on a signed Response; MPass's Issuer.
    public static let responseIssuer = CheckID("response.issuer")
    /// Security considerations 5: Success.
    public static let responseStatus = CheckID("response.status")

    public static let assertionSignature = SignatureCheckIDs(scope: "assertion")
    public static let assertionVersion = CheckID("assertion.version")
    public static let assertionID = CheckID("assertion.id")
    public static let assertionIssueInstant = CheckID("assertion.issue-instant")
    public static let assertionIssuer = CheckID("assertion.issuer")
    /// Subject/NameID present and non-empty, read as its whole text.
    public static let assertionSubjectNameID = CheckID("assertion.subject.name-id")
    /// SAML Profiles 4.1.4.2: a bearer SubjectConfirmation with SubjectConfirmationData.
    public static let assertionSubjectConfirmation = CheckID("assertion.subject.confirmation")
    public static let assertionSubjectConfirmationNotOnOrAfter = CheckID("assertion.subject.confirmation.not-on-or-after")
    public static let assertionSubjectConfirmationRecipient = CheckID("assertion.subject.confirmation.recipient")
    public static let assertionSubjectConfirmationInResponseTo = CheckID("assertion.subject.confirmation.in-response-to")
    public static let assertionConditionsNotBefore = CheckID("assertion.conditions.not-before")
    public static let assertionConditionsNotOnOrAfter = CheckID("assertion.conditions.not-on-or-after")
    /// SAML Core 2.5.1.4: every AudienceRestriction names the Service.
    public static let assertionConditionsAudience = CheckID("assertion.conditions.audience")
    /// Exactly one AuthnStatement, with AuthnContext and SessionIndex.
    public static let assertionAuthnStatement = CheckID("assertion.authn-statement")
    public static let assertionAuthnInstant = CheckID("assertion.authn-instant")
    public static let assertionSessionNotOnOrAfter = CheckID("assertion.session-not-on-or-after")

    /// The checks of the Assertion's content, in the order they run (its signature apart):
    /// skipped, or not applicable, when a Response carries no Assertion to read.
    public static let assertionContent: [CheckID] = [
        assertionVersion, assertionID, assertionIssueInstant, assertionIssuer, assertionSubjectNameID,
        assertionSubjectConfirmation, assertionSubjectConfirmationNotOnOrAfter, assertionSubjectConfirmationRecipient,
        assertionSubjectConfirmationInResponseTo, assertionConditionsNotBefore, assertionConditionsNotOnOrAfter,
        assertionConditionsAudience, assertionAuthnStatement, assertionAuthnInstant, assertionSessionNotOnOrAfter,
    ]
}

// MARK: - The Service's AuthnRequest (`RequestValidator`, as MPass checks it)

extension CheckID {
    public static let authnRequestSignature = SignatureCheckIDs(scope: "authn-request")
    public static let authnRequestVersion = CheckID("authn-request.version")
    /// An NCName of 128 random bits, never used before.
    public static let authnRequestID = CheckID("authn-request.id")
    public static let authnRequestIssueInstant = CheckID("authn-request.issue-instant")
    public static let authnRequestDestination = CheckID("authn-request.destination")
    public static let authnRequestIssuer = CheckID("authn-request.issuer")
    /// MPass: `<NameIDPolicy AllowCreate="true"/>`.
    public static let authnRequestNameIDPolicy = CheckID("authn-request.name-id-policy")
    public static let authnRequestACSURL = CheckID("authn-request.acs-url")
    /// MPass answers with HTTP-POST only.
    public static let authnRequestProtocolBinding = CheckID("authn-request.protocol-binding")
}

// MARK: - LogoutRequest, either way (`RequestValidator`)

extension CheckID {
    public static let logoutRequestSignature = SignatureCheckIDs(scope: "logout-request")
    public static let logoutRequestVersion = CheckID("logout-request.version")
    public static let logoutRequestID = CheckID("logout-request.id")
    public static let logoutRequestIssueInstant = CheckID("logout-request.issue-instant")
    public static let logoutRequestDestination = CheckID("logout-request.destination")
    public static let logoutRequestIssuer = CheckID("logout-request.issuer")
    /// The NameID received in the Assertion.
    public static let logoutRequestNameID = CheckID("logout-request.name-id")
    /// A SessionIndex received in the Assertion.
    public static let logoutRequestSessionIndex = CheckID("logout-request.session-index")
    public static let logoutRequestNotOnOrAfter = CheckID("logout-request.not-on-or-after")
    /// The simulator: the browser holds an MPass session to compare NameID and SessionIndex with.
    public static let logoutRequestSession = CheckID("logout-request.session")
}

// MARK: - LogoutResponse, either way (`RequestValidator`)

extension CheckID {
    public static let logoutResponseSignature = SignatureCheckIDs(scope: "logout-response")
    public static let logoutResponseVersion = CheckID("logout-response.version")
    public static let logoutResponseID = CheckID("logout-response.id")
    public static let logoutResponseIssueInstant = CheckID("logout-response.issue-instant")
    public static let logoutResponseDestination = CheckID("logout-response.destination")
    public static let logoutResponseIssuer = CheckID("logout-response.issuer")
    /// InResponseTo names the LogoutRequest it answers.
    public static let logoutResponseInResponseTo = CheckID("logout-response.in-response-to")
    /// Success (PartialLogout accepted, as the official library does).
    public static let logoutResponseStatus = CheckID("logout-response.status")
    /// The simulator: the Issuer is a registered Service.
    public static let logoutResponseRegistered = CheckID("logout-response.registered")
}

// MARK: - Bindings (`RedirectBindingMessage`, `RelayState`)

extension CheckID {
    /// SAML Bindings 3.4.4.1: SigAlg and Signature both present.
    public static let redirectSignaturePresent = CheckID("redirect.signature.present")
    public static let redirectSignatureAlgorithm = CheckID("redirect.signature.algorithm")
    /// The query signature verifies over the octets received, with a pinned key.
    public static let redirectSignatureValue = CheckID("redirect.signature.value")
    /// SAML Bindings 3.4.4.1: no ds:Signature left in a message sent by HTTP-Redirect.
    public static let redirectXMLSignatureAbsent = CheckID("redirect.xml-signature-absent")
    /// SAML Bindings 3.4.3 / 3.5.3: RelayState of at most 80 bytes.
    public static let bindingRelayStateLength = CheckID("binding.relay-state.length")
    /// `verify`: a Response came by HTTP-Redirect, where MPass posts Responses.
    public static let bindingResponseByRedirect = CheckID("binding.response-by-redirect")

    /// The query-signature checks, in order.
    public static var redirectSignature: [CheckID] {
        [redirectSignaturePresent, redirectSignatureAlgorithm, redirectSignatureValue]
    }
}

// MARK: - MPass's metadata (`IdentityProviderMetadataReader`)

extension CheckID {
    public static let metadataSignature = SignatureCheckIDs(scope: "metadata")
    /// A signing certificate matches the pinned fingerprint.
    public static let metadataSigningCertificatePinned = CheckID("metadata.signing-certificate.pinned")
    public static let metadataSigningCertificateValidity = CheckID("metadata.signing-certificate.validity")
    public static let metadataSingleLogoutService = CheckID("metadata.single-logout-service")
    /// SAML Metadata 2.3.2: validUntil has not passed.
    public static let metadataValidUntil = CheckID("metadata.valid-until")
}

// MARK: - Checks other rooms add to a message's report

extension CheckID {
    /// The reference Service: this Response (its InResponseTo, Response or Assertion ID)
    /// was used before. The library keeps no state between messages; the Service does.
    public static let responseReplay = CheckID("response.replay")
    /// Replay: the recorded message could not be decoded.
    public static let replayDecode = CheckID("replay.decode")
    /// Replay: the recording gives no readable time for the message.
    public static let replayRecordedTime = CheckID("replay.recorded-time")
    /// Replay: the message belongs to no login or logout flow.
    public static let replayFlow = CheckID("replay.flow")
}

// MARK: - The declared set

extension CheckID {
    /// Every declared check id. An id emitted and not in this list is a bug (a typo, or a
    /// check added without its constant).
    /// Every XML-signature family, one per scope that carries a signature.
    public static let signatureFamilies = [responseSignature, assertionSignature, authnRequestSignature,
                                           logoutRequestSignature, logoutResponseSignature, metadataSignature]

    /// The signature-method checks of every signature, XML or query (`*.signature.algorithm`).
    public static let signatureAlgorithmChecks = Set(signatureFamilies.map(\.algorithm) + [redirectSignatureAlgorithm])
    /// The digest-method checks of every XML signature (`*.signature.digest-algorithm`).
    public static let digestAlgorithmChecks = Set(signatureFamilies.map(\.digestAlgorithm))
    /// Every check about a signature: each XML-signature family, the query signature's, the
    /// XML signature a redirected message must not carry, and `message.signed`.
    public static let signatureChecks = Set(signatureFamilies.flatMap(\.inOrder) + redirectSignature
                                            + [redirectXMLSignatureAbsent, messageSigned])

    /// Every declared check id, each once (`CheckIDTests` fails on an id listed twice or two
    /// constants spelt alike).
    public static let all: Set<CheckID> = Set(declared)

    /// The declared ids as listed, duplicates kept, so that a test can see one.
    static let declared: [CheckID] = {
        let signatures = signatureFamilies.flatMap(\.inOrder)
        let single: [CheckID] = [
            documentIDsUnique, messageSigned,
            responseAssertionCount, responseVersion, responseID, responseIssueInstant, responseDestination,
            responseInResponseTo, responseIssuer, responseStatus,
            authnRequestVersion, authnRequestID, authnRequestIssueInstant, authnRequestDestination, authnRequestIssuer,
            authnRequestNameIDPolicy, authnRequestACSURL, authnRequestProtocolBinding,
            logoutRequestVersion, logoutRequestID, logoutRequestIssueInstant, logoutRequestDestination, logoutRequestIssuer,
            logoutRequestNameID, logoutRequestSessionIndex, logoutRequestNotOnOrAfter, logoutRequestSession,
            logoutResponseVersion, logoutResponseID, logoutResponseIssueInstant, logoutResponseDestination,
            logoutResponseIssuer, logoutResponseInResponseTo, logoutResponseStatus, logoutResponseRegistered,
            redirectSignaturePresent, redirectSignatureAlgorithm, redirectSignatureValue, redirectXMLSignatureAbsent,
            bindingRelayStateLength, bindingResponseByRedirect,
            metadataSigningCertificatePinned, metadataSigningCertificateValidity, metadataSingleLogoutService,
            metadataValidUntil,
            responseReplay, replayDecode, replayRecordedTime, replayFlow,
        ]
        return signatures + assertionContent + single
    }()
}
