import MPassSAML

/// A named flaw the reference Service can be given, so that a test can prove the harness
/// notices it. Each one disables exactly one duty of a Service, and does so by forgiving
/// named check ids of the library's report, by changing what the Service expects, or by
/// changing one thing the Service sends — never by a second code path that could drift
/// from the hardened one.
///
/// | weakness | what it does | check ids forgiven / what a receiver then fails |
/// |---|---|---|
/// | `skipSignature` | accepts a Response without a valid signature (reads the unauthenticated view) | forgives `response.signature.*`, `assertion.signature.*`, `message.signed` |
/// | `trustKeyInfo` | verifies with the certificate the message carries in KeyInfo (then the pinned ones) | expectation: `pinnedCertificates` = KeyInfo certificates + pinned; `*.signature.key-info`, `*.signature.value` then pass |
/// | `skipTimeChecks` | ignores every time condition | forgives `response.issue-instant`, `assertion.issue-instant`, `assertion.conditions.not-before`, `assertion.conditions.not-on-or-after`, `assertion.subject.confirmation.not-on-or-after`, `assertion.session-not-on-or-after`, `assertion.authn-instant` |
/// | `acceptFutureIssueInstant` | accepts an IssueInstant ahead of its clock (local time written as UTC) | forgives `response.issue-instant`, `assertion.issue-instant` only when that instant is in the future |
/// | `skipDestination` | accepts any or no Response/@Destination | forgives `response.destination` |
/// | `skipRecipient` | accepts any or no SubjectConfirmationData/@Recipient | forgives `assertion.subject.confirmation.recipient` |
/// | `skipAudience` | accepts an Assertion for another Service | forgives `assertion.conditions.audience` |
/// | `skipInResponseTo` | accepts an absent or unknown InResponseTo | forgives `response.in-response-to`, `assertion.subject.confirmation.in-response-to` |
/// | `acceptUnsolicited` | accepts an absent InResponseTo; a present one must still match | forgives `response.in-response-to`, `assertion.subject.confirmation.in-response-to` only when that attribute is absent |
/// | `skipStatus` | opens a session from a non-Success Response that carries an Assertion | forgives `response.status`, and `response.assertion-count` when the status is not Success and one Assertion is present |
/// | `errorOnCancel` | answers a cancelled login with HTTP 500 | none; changes the answer to a cancel |
/// | `allowReplay` | accepts the same Response again | forgives `response.replay` (the Service's own check) |
/// | `acceptSHA1` | accepts RSA-SHA1 signatures and SHA-1 digests | expectation: `allowWeakAlgorithms`; `*.signature.algorithm`, `*.signature.digest-algorithm` then pass for SHA-1 |
/// | `skipIssuer` | accepts any Issuer | forgives `response.issuer`, `assertion.issuer` |
/// | `acceptMultipleAssertions` | reads the first of several Assertions | forgives `response.assertion-count` when the status is Success and every Assertion is a direct child |
/// | `skipLogoutRequestSignature` | accepts MPass's LogoutRequest unsigned or signed by another key | forgives `logout-request.signature.*`, and `redirect.signature.*` when it came by HTTP-Redirect |
/// | `ignoreSessionIndex` | on single logout, ends every session of the NameID whatever the SessionIndex | expectation: the session match compares NameID only |
/// | `keepSessionOnSLO` | answers single logout with Success but keeps the session | none; the session is not ended |
/// | `unsignedLogoutResponse` | its LogoutResponse to MPass is not signed | MPass fails `logout-response.signature.present` |
/// | `wrongInResponseToOnSLO` | its LogoutResponse names another request | MPass fails `logout-response.in-response-to` |
/// | `skipLogoutResponseChecks` | accepts MPass's LogoutResponse unchecked | forgives every check of the LogoutResponse (`*`) |
/// | `noFrameAncestors` | omits `Content-Security-Policy: frame-ancestors` on the SLO answer | none; the header is missing |
/// | `cacheableSAMLPages` | omits `Cache-Control`/`Pragma` on the auto-submit pages | none; the headers are missing |
/// | `unsignedAuthnRequest` | sends its AuthnRequest unsigned | MPass fails `authn-request.signature.present` |
/// | `sha1AuthnRequest` | signs its AuthnRequest with RSA-SHA1 and a SHA-1 digest | MPass fails `authn-request.signature.algorithm` |
/// | `noNameIDPolicy` | sends no NameIDPolicy | MPass fails `authn-request.name-id-policy` |
/// | `reuseRequestID` | sends the same AuthnRequest ID at every login | MPass (tracking IDs) fails `authn-request.id` |
/// | `staleAuthnRequest` | sends an AuthnRequest whose IssueInstant is an hour old | MPass fails `authn-request.issue-instant` |
/// | `expandInternalEntities` | reads a DOCTYPE as a DTD-processing parser does: internal entities expanded, the DOCTYPE (ATTLIST included) consumed, before its checks (CVE-2025-25291/25292) | none; the checks see the expanded document |
/// | `readIdentityWithSecondParser` | two readings, as ruby-saml before 1.18.0 (CVE-2025-25291/25292): verifies the document as an XML 1.0 DTD parser reads it (quoted literals are text, the first entity declaration binds; DOCTYPE consumed) and reads the NameID with a second, forgiving parser (every `<!ENTITY` in the DOCTYPE's text, the last winning; the first element named Assertion in any namespace) | forgives `response.assertion-count` only when the one SAML Assertion is a direct child and the others named Assertion are look-alikes in another namespace or none; the session gets the second reading's NameID |
/// | `lenientBase64` | decodes the SAMLResponse value skipping characters outside the base64 alphabet (as lenient decoders do) | none; the checks see the message the lenient decoder made |
/// | `noAuthnRequestDestination` | sends its AuthnRequest without Destination | MPass fails `authn-request.destination` |
/// | `unregisteredACSURL` | names an ACS URL it did not register (its own with a trailing slash) | MPass fails `authn-request.acs-url` |
/// | `sessionCookieNotHttpOnly` | sets its session cookie without HttpOnly | none; the cookie lacks HttpOnly |
/// | `skipVersion` | accepts any or no Version | forgives `response.version`, `assertion.version` |
/// | `skipIDChecks` | accepts an absent, empty, non-NCName, short or duplicated ID | forgives `response.id`, `assertion.id`, `document.ids-unique` |
/// | `skipSubjectConfirmation` | accepts an Assertion without a bearer SubjectConfirmation with data | forgives `assertion.subject.confirmation` |
/// | `acceptEmptyNameID` | opens a session for an absent or empty NameID | forgives `assertion.subject.name-id`; the session's NameID is then empty |
/// | `acceptMissingConditions` | treats Conditions as optional: accepts an Assertion with none | forgives `assertion.conditions.not-before`, `assertion.conditions.audience` only when the Assertion has no Conditions |
/// | `skipAuthnStatement` | accepts an Assertion without one AuthnStatement with a SessionIndex | forgives `assertion.authn-statement` |
/// | `acceptWrappedSignature` | accepts when any ds:Signature in the document verifies with the pinned key, over whatever element its Reference names, then reads the first Assertion, matched by its local name alone, so a look-alike in another namespace counts (the .NET library's wrapping flaw) | forgives `response.signature.*`, `assertion.signature.*`, `message.signed`, `document.ids-unique`, `response.assertion-count` only when a signature check failed and `NaiveSignatureProbe` finds a verifying signature |
/// | `firstAudienceOnly` | compares only the first Audience with its Issuer (refuses a valid Assertion naming several) | adds a failed `assertion.conditions.audience` when the first Audience is another |
/// | `resolveExternalEntities` | fetches the http URLs a DOCTYPE names before parsing (what a DTD-processing parser does), then refuses the document as the hardened one does | none; a receiver sees the connection |
/// | `truncateNameIDAtComment` | reads the NameID up to the first comment (the CVE-2017-11427 family) | none; the session holds the truncated NameID |
/// | `skipLogoutRequestChecks` | acts on MPass's LogoutRequest unchecked | forgives every check of the LogoutRequest (`*`) |
/// | `ignoreNameIDOnSLO` | on single logout, ends the sessions with the SessionIndex whatever the NameID | expectation: the session match compares SessionIndex only |
/// | `unsignedLogoutRequest` | its LogoutRequest to MPass is not signed | MPass fails `logout-request.signature.present` |
/// | `logoutRequestWithoutSessionIndex` | its LogoutRequest carries no SessionIndex | MPass fails `logout-request.session-index` |
/// | `staleLogoutRequest` | its LogoutRequest's IssueInstant is an hour old | MPass fails `logout-request.issue-instant` |
/// | `sessionCookieNoSameSite` | sets its session cookie without SameSite | none; the cookie lacks SameSite |
/// | `cacheableProtectedPage` | serves the protected page without `Cache-Control: no-store` | none; the header is missing |
/// | `forbiddenOnCancel` | answers a cancelled login with `403 LOGIN-FAILED` | none; changes the answer to a cancel |
/// | `friendlyErrorOnCancel` | answers a cancelled login with a status-200 page that reads as an error, in Romanian | none; changes the answer to a cancel |
/// | `restartLoginOnRefusal` | answers a Response it refuses by sending the browser back to its login (a new AuthnRequest), as mod_auth_mellon does with a session that expired on arrival; with an MPass session the pages loop | none; changes the answer to a refused Response |
/// | `loginStateInCookieOnly` | finds the login it started only through its SameSite=Lax `rs_state` cookie, not the RelayState (the browser withholds that cookie on MPass's cross-site POST, so no login ever completes) | none; the ACS knows no outstanding request |
/// | `skipEmptyValueChecks` | compares a value only when it is non-empty (`if value and value != expected`): an attribute or element present but empty passes, as python3-saml does for StatusCode `Value=""` and SubjectConfirmation `Method=""` | forgives, only when the value it is about is present and empty: `response.version`, `assertion.version`, `response.id`, `assertion.id`, `response.issue-instant`, `assertion.issue-instant`, `response.in-response-to`, `assertion.subject.confirmation.in-response-to`, `response.destination`, `response.issuer`, `assertion.issuer`, `response.status` (with `response.assertion-count`), `assertion.subject.confirmation` (then its data is not checked), `assertion.subject.confirmation.recipient`, `assertion.subject.confirmation.not-on-or-after`, `assertion.conditions.not-on-or-after`, `assertion.conditions.audience`, `assertion.authn-statement` (empty SessionIndex), `assertion.authn-instant` |
public enum ServiceWeakness: String, CaseIterable, Sendable, Codable {
    case skipSignature
    case trustKeyInfo
    case skipTimeChecks
    case acceptFutureIssueInstant
    case skipDestination
    case skipRecipient
    case skipAudience
    case skipInResponseTo
    case acceptUnsolicited
    case skipStatus
    case errorOnCancel
    case allowReplay
    case acceptSHA1
    case skipIssuer
    case acceptMultipleAssertions
    case skipLogoutRequestSignature
    case ignoreSessionIndex
    case keepSessionOnSLO
    case unsignedLogoutResponse
    case wrongInResponseToOnSLO
    case skipLogoutResponseChecks
    case noFrameAncestors
    case cacheableSAMLPages
    case unsignedAuthnRequest
    case sha1AuthnRequest
    case noNameIDPolicy
    case reuseRequestID
    case staleAuthnRequest
    case sessionCookieNotHttpOnly
    case skipVersion
    case skipIDChecks
    case skipSubjectConfirmation
    case acceptEmptyNameID
    case acceptMissingConditions
    case skipAuthnStatement
    case acceptWrappedSignature
    case firstAudienceOnly
    case resolveExternalEntities
    case truncateNameIDAtComment
    case skipLogoutRequestChecks
    case ignoreNameIDOnSLO
    case unsignedLogoutRequest
    case logoutRequestWithoutSessionIndex
    case staleLogoutRequest
    case sessionCookieNoSameSite
    case cacheableProtectedPage
    case noAuthnRequestDestination
    case unregisteredACSURL
    case expandInternalEntities
    case lenientBase64
    case forbiddenOnCancel
    case friendlyErrorOnCancel
    case loginStateInCookieOnly
    case restartLoginOnRefusal
    case skipEmptyValueChecks
    case readIdentityWithSecondParser

    /// Where in the Service the weakness sits.
    public enum Stage: String, Sendable, CaseIterable {
        /// Checking MPass's Response at the ACS.
        case acs
        /// The AuthnRequest it sends.
        case authnRequest
        /// Its own logout: the LogoutResponse it receives from MPass.
        case logout
        /// MPass's single logout: the LogoutRequest it receives and the answer it sends.
        case singleLogout
        /// HTTP around the SAML messages: headers and cookies.
        case http
    }

    public var stage: Stage {
        switch self {
        case .skipSignature, .trustKeyInfo, .skipTimeChecks, .acceptFutureIssueInstant, .skipDestination, .skipRecipient,
             .skipAudience, .skipInResponseTo, .acceptUnsolicited, .skipStatus, .errorOnCancel, .allowReplay, .acceptSHA1,
             .skipIssuer, .acceptMultipleAssertions, .skipVersion, .skipIDChecks, .skipSubjectConfirmation, .acceptEmptyNameID,
             .acceptMissingConditions, .skipAuthnStatement, .acceptWrappedSignature, .firstAudienceOnly,
             .resolveExternalEntities, .truncateNameIDAtComment, .expandInternalEntities, .lenientBase64,
             .forbiddenOnCancel, .friendlyErrorOnCancel, .loginStateInCookieOnly, .restartLoginOnRefusal, .skipEmptyValueChecks,
             .readIdentityWithSecondParser:
            .acs
        case .unsignedAuthnRequest, .sha1AuthnRequest, .noNameIDPolicy, .reuseRequestID, .staleAuthnRequest,
             .noAuthnRequestDestination, .unregisteredACSURL:
            .authnRequest
        case .skipLogoutResponseChecks, .unsignedLogoutRequest, .logoutRequestWithoutSessionIndex, .staleLogoutRequest:
            .logout
        case .skipLogoutRequestSignature, .ignoreSessionIndex, .keepSessionOnSLO, .unsignedLogoutResponse, .wrongInResponseToOnSLO,
             .skipLogoutRequestChecks, .ignoreNameIDOnSLO:
            .singleLogout
        case .noFrameAncestors, .cacheableSAMLPages, .sessionCookieNotHttpOnly, .sessionCookieNoSameSite, .cacheableProtectedPage:
            .http
        }
    }

    /// One line for listings and reports.
    public var summary: String {
        switch self {
        case .skipSignature: "accepts a Response without a valid signature"
        case .trustKeyInfo: "verifies with the certificate carried in the message's KeyInfo"
        case .skipTimeChecks: "ignores IssueInstant, NotBefore, NotOnOrAfter, SessionNotOnOrAfter and AuthnInstant"
        case .acceptFutureIssueInstant: "accepts an IssueInstant in the future"
        case .skipDestination: "does not check Response/@Destination"
        case .skipRecipient: "does not check SubjectConfirmationData/@Recipient"
        case .skipAudience: "does not check the Audience"
        case .skipInResponseTo: "accepts an absent or unknown InResponseTo"
        case .acceptUnsolicited: "accepts a Response without InResponseTo (a present one must match)"
        case .skipStatus: "opens a session from a non-Success Response that carries an Assertion"
        case .errorOnCancel: "answers a cancelled login with HTTP 500"
        case .forbiddenOnCancel: "answers a cancelled login with 403 LOGIN-FAILED"
        case .friendlyErrorOnCancel: "answers a cancelled login with an error page of status 200 (in Romanian)"
        case .loginStateInCookieOnly: "keeps the login it started only in a SameSite=Lax cookie, which MPass's cross-site POST does not carry"
        case .restartLoginOnRefusal: "sends the browser back to MPass for a new login when it refuses a Response"
        case .allowReplay: "accepts the same Response twice"
        case .acceptSHA1: "accepts RSA-SHA1 signatures and SHA-1 digests"
        case .skipIssuer: "does not check the Issuer"
        case .acceptMultipleAssertions: "reads the first of several Assertions"
        case .skipLogoutRequestSignature: "accepts an unsigned or foreign-signed LogoutRequest from MPass"
        case .ignoreSessionIndex: "single logout ends every session of the NameID, whatever the SessionIndex"
        case .keepSessionOnSLO: "answers single logout with Success but keeps the session"
        case .unsignedLogoutResponse: "does not sign its LogoutResponse"
        case .wrongInResponseToOnSLO: "answers single logout with a LogoutResponse whose InResponseTo names another request"
        case .skipLogoutResponseChecks: "accepts MPass's LogoutResponse unchecked"
        case .noFrameAncestors: "omits Content-Security-Policy: frame-ancestors on the single-logout answer"
        case .cacheableSAMLPages: "omits Cache-Control and Pragma on the auto-submit pages"
        case .unsignedAuthnRequest: "sends its AuthnRequest unsigned"
        case .sha1AuthnRequest: "signs its AuthnRequest with RSA-SHA1"
        case .noNameIDPolicy: "sends its AuthnRequest without NameIDPolicy"
        case .reuseRequestID: "sends the same AuthnRequest ID at every login"
        case .staleAuthnRequest: "sends an AuthnRequest whose IssueInstant is an hour old"
        case .noAuthnRequestDestination: "sends its AuthnRequest without Destination"
        case .lenientBase64: "decodes the SAMLResponse value skipping characters outside the base64 alphabet"
        case .expandInternalEntities: "expands the internal entities a DOCTYPE declares (and drops the DOCTYPE) before checking the message"
        case .unregisteredACSURL: "names an ACS URL it did not register (its own with a trailing slash)"
        case .sessionCookieNotHttpOnly: "sets its session cookie without HttpOnly"
        case .skipVersion: "does not check Version"
        case .skipIDChecks: "does not check the shape of the Response and Assertion IDs"
        case .skipSubjectConfirmation: "does not require a bearer SubjectConfirmation"
        case .acceptEmptyNameID: "opens a session for an absent or empty NameID"
        case .acceptMissingConditions: "accepts an Assertion without Conditions"
        case .skipAuthnStatement: "does not require an AuthnStatement with a SessionIndex"
        case .acceptWrappedSignature: "accepts any verifying signature anywhere in the document (signature wrapping)"
        case .firstAudienceOnly: "compares only the first Audience"
        case .resolveExternalEntities: "fetches the external entities a DOCTYPE names"
        case .truncateNameIDAtComment: "reads the NameID only up to a comment inside it"
        case .skipLogoutRequestChecks: "acts on MPass's LogoutRequest unchecked"
        case .ignoreNameIDOnSLO: "single logout ends the sessions of the SessionIndex, whatever the NameID"
        case .unsignedLogoutRequest: "sends its LogoutRequest unsigned"
        case .logoutRequestWithoutSessionIndex: "sends its LogoutRequest without SessionIndex"
        case .staleLogoutRequest: "sends a LogoutRequest whose IssueInstant is an hour old"
        case .sessionCookieNoSameSite: "sets its session cookie without SameSite"
        case .cacheableProtectedPage: "serves the protected page without Cache-Control: no-store"
        case .readIdentityWithSecondParser: "verifies with one XML reading and reads the NameID with a second, forgiving one (CVE-2025-25291/25292)"
        case .skipEmptyValueChecks: "lets a present but empty value through (StatusCode Value=\"\", SubjectConfirmation Method=\"\", Recipient=\"\", …)"
        }
    }

    /// The check ids this weakness forgives in the Service's own reports. Some apply only
    /// under a condition on the message (see the table above and `CheckForgiveness`).
    public var forgivenChecks: CheckPattern {
        switch self {
        case .skipSignature: .signatures(CheckID.responseSignature, CheckID.assertionSignature).union(.checks(.messageSigned))
        case .skipTimeChecks: .checks(CheckForgiveness.timeCheckIDs)
        case .acceptFutureIssueInstant: .checks(.responseIssueInstant, .assertionIssueInstant)
        case .skipDestination: .checks(.responseDestination)
        case .skipRecipient: .checks(.assertionSubjectConfirmationRecipient)
        case .skipAudience: .checks(.assertionConditionsAudience)
        case .skipInResponseTo, .acceptUnsolicited: .checks(.responseInResponseTo, .assertionSubjectConfirmationInResponseTo)
        case .skipStatus: .checks(.responseStatus, .responseAssertionCount)
        case .allowReplay: .checks(.responseReplay)
        case .skipIssuer: .checks(.responseIssuer, .assertionIssuer)
        case .acceptMultipleAssertions: .checks(.responseAssertionCount)
        case .skipLogoutRequestSignature: .signatures(CheckID.logoutRequestSignature).union(.redirectSignature)
        case .skipLogoutResponseChecks, .skipLogoutRequestChecks: .every
        case .skipVersion: .checks(.responseVersion, .assertionVersion)
        case .skipIDChecks: .checks(.responseID, .assertionID, .documentIDsUnique)
        case .skipSubjectConfirmation: .checks(.assertionSubjectConfirmation)
        case .acceptEmptyNameID: .checks(.assertionSubjectNameID)
        case .acceptMissingConditions: .checks(.assertionConditionsNotBefore, .assertionConditionsAudience)
        case .skipAuthnStatement: .checks(.assertionAuthnStatement)
        case .skipEmptyValueChecks: .checks(CheckForgiveness.emptyValueCheckIDs)
        case .acceptWrappedSignature:
            .signatures(CheckID.responseSignature, CheckID.assertionSignature)
                .union(.checks(.messageSigned, .documentIDsUnique, .responseAssertionCount))
        case .readIdentityWithSecondParser: .checks(.responseAssertionCount)
        case .firstAudienceOnly, .resolveExternalEntities, .truncateNameIDAtComment, .ignoreNameIDOnSLO, .unsignedLogoutRequest,
             .logoutRequestWithoutSessionIndex, .staleLogoutRequest, .sessionCookieNoSameSite, .cacheableProtectedPage,
             .expandInternalEntities, .lenientBase64:
            .nothing
        case .trustKeyInfo, .errorOnCancel, .forbiddenOnCancel, .friendlyErrorOnCancel, .loginStateInCookieOnly, .restartLoginOnRefusal, .acceptSHA1, .ignoreSessionIndex, .keepSessionOnSLO, .unsignedLogoutResponse,
             .wrongInResponseToOnSLO, .noFrameAncestors, .cacheableSAMLPages, .unsignedAuthnRequest, .sha1AuthnRequest,
             .noNameIDPolicy, .reuseRequestID, .staleAuthnRequest, .sessionCookieNotHttpOnly, .noAuthnRequestDestination,
             .unregisteredACSURL:
            .nothing
        }
    }

    /// For a weakness in what the Service sends: the check ids a strict receiver (MPass,
    /// or the harness's `RequestValidator`) fails on the message.
    public var receiverFindings: [CheckID] {
        switch self {
        case .unsignedAuthnRequest: [.authnRequestSignature.present]
        case .sha1AuthnRequest: [.authnRequestSignature.algorithm]
        case .noNameIDPolicy: [.authnRequestNameIDPolicy]
        case .reuseRequestID: [.authnRequestID]
        case .staleAuthnRequest: [.authnRequestIssueInstant]
        case .noAuthnRequestDestination: [.authnRequestDestination]
        case .unregisteredACSURL: [.authnRequestACSURL]
        case .unsignedLogoutResponse: [.logoutResponseSignature.present]
        case .wrongInResponseToOnSLO: [.logoutResponseInResponseTo]
        case .unsignedLogoutRequest: [.logoutRequestSignature.present]
        case .logoutRequestWithoutSessionIndex: [.logoutRequestSessionIndex]
        case .staleLogoutRequest: [.logoutRequestIssueInstant]
        default: []
        }
    }
}
