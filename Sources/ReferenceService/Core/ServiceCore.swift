import Foundation
import MPassSAML
import Vocabulary

/// The reference Service without HTTP: every SAML decision it makes, as functions from
/// what arrived (a form body, a cookie value) to an outcome. The routes only translate
/// HTTP to these calls and outcomes to pages, so everything here is testable without a
/// server, and the hardened and weakened Services share every line: a weakness only
/// forgives check ids, changes an expectation, or changes one thing that is sent.
public final class ServiceCore: Sendable {
    let resolved: ResolvedConfiguration
    let store = ServiceStore()
    /// The one ID `reuseRequestID` sends at every login.
    private let reusedRequestID: String

    public var configuration: ReferenceServiceConfiguration { resolved.configuration }
    /// `scheme://host[:port]` the Service is reached at.
    public var baseURL: String { resolved.baseURL }
    public var acsURL: String { resolved.acsURL }
    public var singleLogoutURL: String { resolved.sloURL }
    public var logoutResponseURL: String { resolved.logoutResponseURL }
    public var idpOrigin: String { resolved.idpOrigin }

    /// Checks the configuration (production IdP refused, a pinned certificate required, …).
    public init(configuration: ReferenceServiceConfiguration) throws(HarnessError) {
        resolved = try configuration.validated()
        reusedRequestID = configuration.makeID()
    }

    private var now: Date { configuration.now() }

    private func window(at now: Date) -> TimeWindow {
        TimeWindow(now: now, clockSkew: configuration.clockSkew, messageLifetime: configuration.messageLifetime)
    }

    private func has(_ weakness: ServiceWeakness) -> Bool { resolved.has(weakness) }

    /// A POST-binding form from MPass (Response or LogoutResponse), through the lenient
    /// base64 reading when that weakness is on.
    private func decodePostForm(_ formBody: String) throws(HarnessError) -> PostBindingMessage {
        try HTTPPostBinding.decode(formBody: has(.lenientBase64) ? LenientBase64.cleaned(formBody) : formBody)
    }

    // MARK: Login

    /// Starts a login: a signed AuthnRequest to MPass's SSO URL, remembered as outstanding
    /// under a fresh key that travels as RelayState and as the `rs_state` cookie.
    ///
    /// - Parameter returnTo: a local path to land on after the login; anything else
    ///   (absolute URLs, `//host`) is replaced by `/protected`, so the login cannot be
    ///   turned into an open redirect.
    public func startLogin(returnTo: String?) async throws(HarnessError) -> LoginStart {
        let issuedAt = now
        var request = AuthnRequest(
            id: has(.reuseRequestID) ? reusedRequestID : configuration.makeID(),
            issueInstant: has(.staleAuthnRequest) ? issuedAt.addingTimeInterval(-3600) : issuedAt,
            destination: configuration.idpSSOURL, issuer: configuration.issuer,
            assertionConsumerServiceURL: has(.unregisteredACSURL) ? acsURL + "/" : acsURL)
        if has(.noAuthnRequestDestination) { request.destination = nil }
        if has(.noNameIDPolicy) {
            request.nameIDPolicyAllowCreate = nil
            request.nameIDPolicyAllowCreateText = nil
        }
        let xml = try outgoing(request.document(), signed: !has(.unsignedAuthnRequest), weak: has(.sha1AuthnRequest))
        let key = configuration.makeID()
        let requestID = request.id ?? ""
        await store.addPending(PendingLogin(key: key, requestID: requestID, returnTo: Self.localPath(returnTo), issuedAt: issuedAt),
                               timeout: configuration.loginTimeout)
        let page = try HTTPPostBinding.encode(xml, as: .request, action: configuration.idpSSOURL, relayState: key)
            .page(title: "Sending you to MPass")
        let redirect = try redirectURL(xml, as: .request, to: configuration.idpSSOURL, relayState: key,
                                       signed: !has(.unsignedAuthnRequest), weak: has(.sha1AuthnRequest))
        return LoginStart(requestID: requestID, stateKey: key, authnRequestXML: xml, page: page, redirect: redirect)
    }

    /// The ACS: checks MPass's Response and opens a session when every check passed (or
    /// was forgiven by a weakness).
    ///
    /// - Parameters:
    ///   - formBody: the POST body, `application/x-www-form-urlencoded`.
    ///   - stateCookie: the `rs_state` cookie, when the browser sent it (often it does not:
    ///     the POST comes cross-site); the RelayState leads to the same pending login.
    public func completeLogin(formBody: String, stateCookie: String?) async -> LoginOutcome {
        let now = now
        let window = window(at: now)
        let message: PostBindingMessage
        let document: XMLDocument
        do {
            message = try decodePostForm(formBody)
            guard message.field == .response else {
                return .unreadable(reason: "the form carries a SAMLRequest; the ACS takes MPass's SAMLResponse")
            }
            if has(.resolveExternalEntities) { await ExternalEntityFetcher.fetchEntities(declaredIn: message.xml) }
            let xml = has(.expandInternalEntities) ? InternalEntityExpander.expand(message.xml)
                : has(.readIdentityWithSecondParser) ? ParserDifferential.verifyingReading(message.xml) : message.xml
            document = try SafeXMLParser().parse(xml)
        } catch {
            return .unreadable(reason: error.reason)
        }

        // The logins this browser started: through RelayState, or the cookie when present.
        let keys = (has(.loginStateInCookieOnly) ? [stateCookie] : [message.relayState, stateCookie]).compactMap { $0 }.filter { !$0.isEmpty }
        let candidates = await store.pendingLogins(keys: keys, now: now, timeout: configuration.loginTimeout)

        var pinned = configuration.idpCertificates
        if has(.trustKeyInfo) { pinned = KeyInfoCertificates.carried(in: document) + pinned }
        let expectations = ResponseExpectations(
            pinnedCertificates: pinned, idpIssuer: configuration.idpIssuer, acsURL: acsURL,
            audience: configuration.issuer, outstandingRequestIDs: Set(candidates.map(\.requestID)),
            requireSignedResponse: true, requireSignedAssertion: configuration.requireSignedAssertion,
            allowWeakAlgorithms: has(.acceptSHA1) || configuration.acceptIdPSHA1)
        let validation: ResponseValidation
        do {
            validation = try ResponseValidator(expectations: expectations, window: window).validate(document)
        } catch {
            return .unreadable(reason: error.reason)
        }

        // The library keeps no state between messages; replay is the Service's own check.
        let view = validation.unauthenticatedView
        let messageIDs = ([view.id] + view.assertions.map(\.id)).compactMap { $0 }.filter { !$0.isEmpty }
        var report = validation.report
        report.add(await store.replayCheck(inResponseTo: view.inResponseTo, messageIDs: messageIDs, candidates: candidates))
        if has(.firstAudienceOnly), let first = view.assertions.first?.conditions?.audienceRestrictions.first?.first,
           first != configuration.issuer {
            report.add(.fail(.assertionConditionsAudience, "the first Audience is \"\(first)\", not this Service (the others are not read)"))
        }
        let naiveProbe = has(.acceptWrappedSignature) ? NaiveSignatureProbe(pinnedCertificates: pinned) : nil
        let forgiveness = CheckForgiveness.forResponse(configuration.weaknesses, facts: ResponseFacts(
            document: document, response: view, window: window, report: report, naiveProbe: naiveProbe))
        let verdict = CheckVerdict(report: report, forgiveness: forgiveness)

        // MPass guide, Response/Status: a user who cancels produces a non-Success status and
        // no Assertion; "treat any non-Success as not authenticated, and show it".
        if view.status?.isSuccess != true, view.assertions.isEmpty {
            return .cancelled(status: view.status, verdict: verdict, answerWithServerError: has(.errorOnCancel))
        }
        guard verdict.accepted else { return .refused(verdict: verdict) }

        // Read only what a verified signature covers; a weakness that forgave the signature
        // or the Assertion count reads what it was given, as a careless Service does.
        guard let assertion = validation.assertion ?? view.assertions.first,
              var nameID = assertion.subject?.nameID ?? (has(.acceptEmptyNameID) ? NameID("") : nil),
              !nameID.value.isEmpty || has(.acceptEmptyNameID) else {
            report.add(.fail(.assertionSubjectNameID, "no Assertion with a NameID to log in"))
            return .refused(verdict: CheckVerdict(report: report, forgiveness: forgiveness))
        }
        if has(.acceptWrappedSignature), let lookalike = Self.firstLookalikeAssertion(in: document),
           let value = lookalike.children.first(where: { $0.localName == "Subject" })?
               .children.first(where: { $0.localName == "NameID" })?.text {
            // The careless reader matches "Assertion" by its local name: a look-alike placed
            // before the genuine Assertion is what it reads.
            nameID.value = value
        }
        if has(.truncateNameIDAtComment) { nameID.value = Self.textBeforeFirstComment(of: document) ?? nameID.value }
        if has(.readIdentityWithSecondParser) { nameID.value = ParserDifferential.identity(in: message.xml) ?? nameID.value }
        let requestID = view.inResponseTo.flatMap { id in candidates.contains { $0.requestID == id } ? id : nil }
        let session = ServiceSession(
            id: configuration.makeID(), nameID: nameID, sessionIndex: assertion.authnStatements.first?.sessionIndex,
            attributes: assertion.attributes, loginTime: now, requestID: requestID)
        if let replay = await store.completeLogin(session, messageIDs: messageIDs, candidates: candidates,
                                                   allowReplay: has(.allowReplay)) {
            // A replay raced this one between the checks and the session: refuse it now.
            report.add(replay)
            return .refused(verdict: CheckVerdict(report: report, forgiveness: forgiveness))
        }
        let returnTo = candidates.first { $0.requestID == requestID }?.returnTo ?? "/protected"
        return .loggedIn(session: session, returnTo: returnTo, verdict: verdict)
    }

    /// The session a cookie names, if it is open.
    public func session(id: String?) async -> ServiceSession? {
        guard let id, !id.isEmpty else { return nil }
        return await store.session(id: id)
    }

    /// Every open session (for tests and the home page's count).
    public func openSessions() async -> [ServiceSession] { await store.allSessions }

    // MARK: Logout started by the Service

    /// `/logout`: a signed LogoutRequest to MPass with the session's NameID and SessionIndex.
    ///
    /// The local session ends now, before MPass answers: a lost or refused answer must not
    /// leave the user logged in here (fail closed). The cost: if MPass refuses, its own
    /// session lives on, which the user sees at `/mpass-logout` ("logout not confirmed").
    public func startLogout(sessionID: String?) async throws(HarnessError) -> LogoutStart {
        guard let sessionID, let session = await store.endSession(id: sessionID) else { return .notLoggedIn }
        let issuedAt = now
        let request = LogoutRequest(id: configuration.makeID(),
                                    issueInstant: has(.staleLogoutRequest) ? issuedAt.addingTimeInterval(-3600) : issuedAt,
                                    destination: configuration.idpSLOURL, issuer: configuration.issuer,
                                    nameID: session.nameID,
                                    sessionIndex: has(.logoutRequestWithoutSessionIndex) ? nil : session.sessionIndex,
                                    reason: SAMLURI.logoutReasonUser)
        let xml = try outgoing(request.document(), signed: !has(.unsignedLogoutRequest), weak: false)
        let requestID = request.id ?? ""
        await store.addOutstandingLogout(id: requestID, at: issuedAt)
        let page = try HTTPPostBinding.encode(xml, as: .request, action: configuration.idpSLOURL).page(title: "Logging you out at MPass")
        let redirect = try redirectURL(xml, as: .request, to: configuration.idpSLOURL, relayState: nil,
                                       signed: !has(.unsignedLogoutRequest), weak: false)
        return .sentToIdP(requestID: requestID, endedSession: session, logoutRequestXML: xml, page: page, redirect: redirect)
    }

    /// `/mpass-logout`: MPass's LogoutResponse to the Service's own LogoutRequest, posted.
    public func completeLogout(formBody: String) async -> LogoutCompletion {
        do {
            return await completeLogout(IncomingLogoutMessage(posted: try decodePostForm(formBody)))
        } catch {
            return .unreadable(reason: error.reason)
        }
    }

    /// `/mpass-logout` over HTTP-Redirect: the query as received (its signature covers those bytes).
    public func completeLogout(query: String) async -> LogoutCompletion {
        do {
            return await completeLogout(try IncomingLogoutMessage(query: query))
        } catch {
            return .unreadable(reason: error.reason)
        }
    }

    private func completeLogout(_ message: IncomingLogoutMessage) async -> LogoutCompletion {
        let now = now
        let validation: MessageValidation<LogoutResponse>, report: ValidationReport
        do throws(Unreadable) {
            (validation, report) = try await validateIncoming(
                message, field: .response, at: now, destination: logoutResponseURL,
                otherwise: "the message is a SAMLRequest; /mpass-logout takes MPass's LogoutResponse",
                tracking: { $0.outstandingRequestIDs = await store.outstandingLogoutIDs(now: now, timeout: configuration.loginTimeout) },
                validate: { validator, document throws(HarnessError) in try validator.validateLogoutResponse(document) })
        } catch {
            return .unreadable(reason: error.reason)
        }
        let verdict = CheckVerdict(report: report, forgiveness: .forLogoutResponse(configuration.weaknesses))
        guard verdict.accepted else { return .refused(verdict: verdict) }
        if let id = validation.message.inResponseTo { await store.completeLogout(id: id) }
        return .loggedOut(verdict: verdict)
    }

    /// Why a logout message MPass sent could not be read.
    private struct Unreadable: Error {
        let reason: String
    }

    /// The checks `/mpass-logout` and `/mpass-slo` share: the message must come in `field`
    /// (else `otherwise` is the reason), is validated against MPass's pinned certificate, its
    /// Issuer and `destination` (`tracking` adds the IDs the endpoint keeps), and the binding's
    /// own checks (the Redirect signature) join the report.
    /// Returns the validation and its report with the binding's checks added.
    private func validateIncoming<Message: Sendable>(_ message: IncomingLogoutMessage, field: SAMLMessageField, at now: Date,
                                                     destination: String, otherwise: String,
                                                     tracking: (inout RequestExpectations) async -> Void,
                                                     validate: (RequestValidator, XMLDocument) throws(HarnessError) -> MessageValidation<Message>)
        async throws(Unreadable) -> (validation: MessageValidation<Message>, report: ValidationReport) {
        let binding = message.bindingChecks(pinned: configuration.idpCertificates, allowSHA1: configuration.acceptIdPSHA1)
        guard message.field == field else { throw Unreadable(reason: otherwise) }
        var expectations = RequestExpectations(
            pinnedCertificates: configuration.idpCertificates, issuer: configuration.idpIssuer, destination: destination,
            signatureVerifiedByBinding: binding.verified, allowWeakAlgorithms: configuration.acceptIdPSHA1)
        await tracking(&expectations)
        let validation: MessageValidation<Message>
        do {
            validation = try validate(RequestValidator(expectations: expectations, window: window(at: now)),
                                      SafeXMLParser().parse(message.xml))
        } catch {
            throw Unreadable(reason: error.reason)
        }
        var report = validation.report
        report.add(contentsOf: binding.checks)
        return (validation, report)
    }

    // MARK: Single logout started by MPass

    /// `/mpass-slo`: checks MPass's LogoutRequest, ends the session(s) it names (NameID and
    /// SessionIndex), and answers with a signed LogoutResponse posted back to MPass.
    ///
    /// An invalid request gets a `Requester` status and ends nothing. A valid request that
    /// matches no session still gets `Success`: the user is not logged in here, which is
    /// what MPass asked for.
    public func singleLogout(formBody: String) async throws(HarnessError) -> SingleLogoutOutcome {
        let message: IncomingLogoutMessage
        do {
            message = IncomingLogoutMessage(posted: try HTTPPostBinding.decode(formBody: formBody))
        } catch {
            return .unreadable(reason: error.reason)
        }
        return try await singleLogout(message)
    }

    /// `/mpass-slo` over HTTP-Redirect: the query as received (its signature covers those
    /// bytes); the answer goes back the same way the Service sends its own messages.
    public func singleLogout(query: String) async throws(HarnessError) -> SingleLogoutOutcome {
        let message: IncomingLogoutMessage
        do {
            message = try IncomingLogoutMessage(query: query)
        } catch {
            return .unreadable(reason: error.reason)
        }
        return try await singleLogout(message)
    }

    private func singleLogout(_ message: IncomingLogoutMessage) async throws(HarnessError) -> SingleLogoutOutcome {
        let now = now
        let validation: MessageValidation<LogoutRequest>
        var report: ValidationReport
        do throws(Unreadable) {
            (validation, report) = try await validateIncoming(
                message, field: .request, at: now, destination: singleLogoutURL,
                otherwise: "the message is a SAMLResponse; /mpass-slo takes MPass's LogoutRequest",
                tracking: { $0.seenIDs = await store.seenSingleLogoutIDs },
                validate: { validator, document throws(HarnessError) in try validator.validateLogoutRequest(document) })
        } catch {
            return .unreadable(reason: error.reason)
        }
        let request = validation.message
        var verdict = CheckVerdict(report: report, forgiveness: .forLogoutRequest(configuration.weaknesses))
        if verdict.accepted, let id = request.id, !(await store.markSingleLogoutSeen(id)) {
            // The same request raced this one past the ID check.
            report.add(.fail(.logoutRequestID, "ID \"\(id)\" was already used by an earlier message (replay)"))
            verdict = CheckVerdict(report: report, forgiveness: .forLogoutRequest(configuration.weaknesses))
        }

        var ended: [ServiceSession] = []
        let status: Status
        if verdict.accepted, let nameID = request.nameID?.value {
            let matching = await store.sessions(nameID: has(.ignoreNameIDOnSLO) ? nil : nameID,
                                                sessionIndexes: has(.ignoreSessionIndex) ? nil : request.sessionIndexes)
            if !has(.keepSessionOnSLO) {
                for session in matching { await store.endSession(id: session.id) }
                ended = matching
            }
            status = .success
        } else {
            // SAML Core 3.2.2.2: Requester, "the request could not be performed due to an
            // error on the part of the requester".
            let failed = verdict.unforgiven.map(\.id.rawValue)
            status = Status(code: SAMLURI.statusRequester, subcode: SAMLURI.statusRequestDenied,
                            message: "the LogoutRequest was refused: " + (failed.isEmpty ? "no NameID" : failed.joined(separator: ", ")))
        }

        let response = LogoutResponse(
            id: configuration.makeID(), issueInstant: now, destination: configuration.idpSLOURL,
            inResponseTo: has(.wrongInResponseToOnSLO) ? configuration.makeID() : request.id,
            issuer: configuration.issuer, status: status)
        let xml = has(.unsignedLogoutResponse)
            ? try response.document().serialized()
            : try response.signedDocument(signer: XMLSigner(identity: configuration.identity)).serialized()
        // SAML Bindings 3.5.3: the RelayState received goes back unchanged (if it is lawful).
        let relayState = message.relayState.flatMap { $0.utf8.count <= RelayState.maxBytes ? $0 : nil }
        let page = try HTTPPostBinding.encode(xml, as: .response, action: configuration.idpSLOURL, relayState: relayState)
            .page(title: "Confirming the logout to MPass")
        return .answered(SingleLogoutAnswer(verdict: verdict, request: request, endedSessions: ended,
                                            logoutResponse: response, logoutResponseXML: xml, page: page))
    }

    // MARK: Metadata

    /// The Service's signed SP metadata, in the official library's layout.
    public func metadata() throws(HarnessError) -> String {
        try ServiceProviderMetadata.officialLibraryLayout(entityID: configuration.issuer, serviceRoot: baseURL,
                                                          signingCertificate: configuration.identity.certificate)
            .signedDocument(id: configuration.makeID(), identity: configuration.identity)
            .serializedString()
    }

    // MARK: Helpers

    /// The XML of a request the Service sends: over HTTP-POST with an enveloped signature
    /// (RSA-SHA256, or RSA-SHA1 with a SHA-1 digest when `weak`); over HTTP-Redirect without
    /// one, since the query is signed instead (SAML Bindings 3.4.4.1).
    private func outgoing(_ document: XMLDocument, signed: Bool, weak: Bool) throws(HarnessError) -> Data {
        guard signed, configuration.requestBinding == .post else { return document.serialized() }
        let signer = weak
            ? XMLSigner(identity: configuration.identity, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1)
            : XMLSigner(identity: configuration.identity)
        try signer.sign(document.root)
        return document.serialized()
    }

    /// The HTTP-Redirect URL for `xml` when the Service sends with that binding; nil for POST.
    private func redirectURL(_ xml: Data, as field: SAMLMessageField, to destination: String, relayState: String?,
                             signed: Bool, weak: Bool) throws(HarnessError) -> RedirectBindingURL? {
        guard configuration.requestBinding == .redirect else { return nil }
        return try HTTPRedirectBinding.encode(xml, as: field, destination: destination, relayState: relayState,
                                              signingKey: signed ? configuration.identity.privateKey : nil,
                                              signatureAlgorithm: weak ? .rsaSha1 : .rsaSha256)
    }

    /// The Response's first child named Assertion when it is not SAML's Assertion (a
    /// look-alike in another namespace), or nil when the first one is the genuine kind.
    static func firstLookalikeAssertion(in document: XMLDocument) -> XMLElement? {
        guard let first = document.root.children.first(where: { $0.localName == "Assertion" }),
              !first.is("Assertion", .saml) else { return nil }
        return first
    }

    /// The first Assertion's NameID as a reader that stops at the first comment sees it
    /// (`truncateNameIDAtComment`); nil when there is no comment inside it.
    static func textBeforeFirstComment(of document: XMLDocument) -> String? {
        guard let element = document.root.child("Assertion", .saml)?.child("Subject", .saml)?.child("NameID", .saml),
              element.containsComment else { return nil }
        let markup = element.serialized()
        guard let open = markup.firstIndex(of: ">"), let comment = markup.range(of: "<!--") else { return nil }
        return String(markup[markup.index(after: open)..<comment.lowerBound])
    }

    /// `path` when it is a local path (`/x`, not `//host` or `/\host`); else `/protected`.
    static func localPath(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"),
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return "/protected"
        }
        return path
    }
}
