import Foundation
import MPassSAML

/// MPass without the network: checks what a Service sends the way MPass does, and answers
/// as MPass would, shaped by switches. HTTP-agnostic: the browser agent calls `handle` in
/// process; `SimulatorServer` puts the same logic behind HTTP for people and browsers.
///
/// Endpoints (under `baseURL`): `/login/saml` (SSO, POST or Redirect), `/login/submit`
/// (the login page's form), `/logout/saml` (SLO: a Service's LogoutRequest or LogoutResponse),
/// `/logout/start` (MPass-initiated single logout for the browser's session), `/meta/saml`
/// (IdP metadata), `/` (an index page).
public actor MPassSimulator {
    public nonisolated let configuration: SimulatorConfiguration
    public private(set) var responseSwitches = ResponseSwitches.none
    public private(set) var logoutSwitches = LogoutSwitches.none
    public private(set) var logoutResponseSwitches = LogoutResponseSwitches.none
    public private(set) var events: [SimulatorEvent] = []

    /// An MPass SSO session, keyed by the simulator's cookie.
    struct BrowserSession {
        let user: SimulatedUser
        let authnInstant: Date
        let expires: Date
        /// Service issuer → SessionIndex given to it.
        var services: [String: String] = [:]
    }

    /// A checked AuthnRequest waiting for the user at the login page.
    struct PendingLogin {
        let requestID: String?
        let service: RegisteredService
        let acsURL: String
        let relayState: String?
        let forceAuthn: Bool
    }

    private var sessions: [String: BrowserSession] = [:]
    private var pending: [String: PendingLogin] = [:]
    private var seenRequestIDs: Set<String> = []
    /// LogoutRequests MPass sent, by ID, with the session they end.
    private var outstandingLogouts: [String: (service: String, cookie: String?)] = [:]
    private var previousLogoutRequestID: String?
    private var compatibleIdentityCache: SigningIdentity?
    private var nextSequence = 1

    public static let sessionCookie = "mpass_sim_session"

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
    }

    // MARK: Control (the runner's side)

    public func setResponseSwitches(_ switches: ResponseSwitches) { responseSwitches = switches }
    public func setLogoutSwitches(_ switches: LogoutSwitches) { logoutSwitches = switches }
    public func setLogoutResponseSwitches(_ switches: LogoutResponseSwitches) { logoutResponseSwitches = switches }

    /// Forgets sessions, pending logins, events and switches: a fresh MPass for the next case.
    public func reset() {
        sessions = [:]
        pending = [:]
        events = []
        outstandingLogouts = [:]
        responseSwitches = .none
        logoutSwitches = .none
        logoutResponseSwitches = .none
        nextSequence = 1
    }

    public func clearEvents() { events = [] }

    /// Events since (and excluding) sequence number `after`.
    public func events(after sequence: Int) -> [SimulatorEvent] { events.filter { $0.sequence > sequence } }

    public var lastSequence: Int { nextSequence - 1 }

    // MARK: HTTP

    public func handle(_ request: SimulatorRequest) -> SimulatorResponse {
        let path = normalisedPath(request.path)
        switch (request.method.uppercased(), path) {
        case ("GET", "/login/saml"), ("POST", "/login/saml"): return singleSignOn(request)
        case ("POST", "/login/submit"): return loginSubmitted(request)
        case ("GET", "/login/unsolicited"), ("POST", "/login/unsolicited"): return unsolicitedLogin(request)
        case ("GET", "/logout/saml"), ("POST", "/logout/saml"): return singleLogout(request)
        case ("POST", "/logout/start"), ("GET", "/logout/start"): return startSingleLogout(request)
        case ("GET", "/meta/saml"): return metadata()
        case ("GET", "/"), ("GET", ""):
            let user = sessionFor(request).map(\.user.nameID)
            return .html(SimulatorPages.index(configuration: configuration, loggedInAs: user))
        default:
            return .html(SimulatorPages.error(title: "Not found", lines: ["\(request.method) \(request.path) is not an MPass endpoint"]), status: 404)
        }
    }

    /// The path relative to the base URL's own path (the simulator may live under a prefix).
    private func normalisedPath(_ path: String) -> String {
        let basePath = configuration.baseURL.path
        var relative = path
        if !basePath.isEmpty, basePath != "/", relative.hasPrefix(basePath) { relative = String(relative.dropFirst(basePath.count)) }
        if relative.count > 1, relative.hasSuffix("/") { relative.removeLast() }
        return relative.isEmpty ? "/" : relative
    }

    // MARK: SSO

    private func singleSignOn(_ request: SimulatorRequest) -> SimulatorResponse {
        let decoded: ReceivedMessage
        do {
            decoded = try ReceivedMessage.decode(request, expected: .request)
        } catch {
            return refuse("MPass could not read the AuthnRequest", [error.reason])
        }
        let document: XMLDocument
        do {
            document = try SafeXMLParser().parse(decoded.xml)
        } catch {
            return refuse("MPass could not read the AuthnRequest", [error.reason], xml: decoded.xml)
        }
        let issuer = AuthnRequest(parsing: document.root).issuer
        guard let service = configuration.service(issuer: issuer) else {
            return refuse("Unknown Service", ["no Service is registered with the Issuer \(issuer.map { "\"\($0)\"" } ?? "(absent)")"], xml: decoded.xml)
        }
        let window = TimeWindow(now: configuration.now(), clockSkew: configuration.clockSkew, messageLifetime: configuration.messageLifetime)
        var redirectChecks: [CheckResult] = []
        if let redirect = decoded.redirect {
            redirectChecks = redirect.verifySignature(policy: SignaturePolicy(pinnedCertificates: service.certificates))
        }
        let expectations = RequestExpectations(
            pinnedCertificates: service.certificates, issuer: service.issuer, destination: configuration.singleSignOnURL,
            registeredACSURLs: [service.acsURL], seenIDs: seenRequestIDs,
            signatureVerifiedByBinding: decoded.redirect != nil && redirectChecks.allSatisfy { !$0.isFailure })
        let validation: MessageValidation<AuthnRequest>
        do {
            validation = try RequestValidator(expectations: expectations, window: window).validateAuthnRequest(document)
        } catch {
            return refuse("MPass could not read the AuthnRequest", [error.reason], xml: decoded.xml)
        }
        var report = validation.report
        report.add(contentsOf: redirectChecks)
        let authnRequest = validation.message
        if let id = authnRequest.id { seenRequestIDs.insert(id) }
        record(.authnRequestReceived, binding: decoded.bindingName, id: authnRequest.id, xml: decoded.xml, report: report,
               note: "from \(service.issuer)")
        guard report.isValid else {
            return refuse("MPass refused the AuthnRequest", report.failures.map(\.line))
        }

        let login = PendingLogin(requestID: authnRequest.id, service: service,
                                 acsURL: authnRequest.assertionConsumerServiceURL ?? service.acsURL,
                                 relayState: decoded.relayState, forceAuthn: authnRequest.forceAuthn == true)
        let now = configuration.now()
        if let (cookie, session) = liveSession(request, now: now), !login.forceAuthn {
            record(.ssoSessionReused, note: "SSO: \(session.user.nameID) is already logged in at MPass")
            return respondSuccess(login, cookie: cookie, session: session)
        }
        if authnRequest.isPassive == true {
            return respondFailure(login, status: Status(code: SAMLURI.statusResponder, subcode: SAMLURI.statusNoPassive,
                                                        message: "No MPass session and IsPassive was requested"))
        }
        let key = SAMLIdentifier.make()
        pending[key] = login
        record(.loginPageShown, note: "waiting for the user to log in for \(service.issuer)")
        return .html(SimulatorPages.login(pendingKey: key, serviceIssuer: service.issuer, users: configuration.users,
                                          action: configuration.url("login/submit")))
    }

    private func loginSubmitted(_ request: SimulatorRequest) -> SimulatorResponse {
        guard let key = request.form["pending"], let login = pending.removeValue(forKey: key) else {
            return refuse("Login expired", ["this login page is no longer valid; start again from the Service"])
        }
        if request.form["action"] == "cancel" {
            return respondFailure(login, status: Status(code: SAMLURI.statusResponder, subcode: SAMLURI.statusAuthnFailed,
                                                        message: "The user cancelled the authentication"))
        }
        let nameID = request.form["user"] ?? configuration.users.first?.nameID
        guard let user = configuration.users.first(where: { $0.nameID == nameID }) else {
            return refuse("Unknown user", ["no simulated user has the NameID \(nameID ?? "(none)")"])
        }
        let now = configuration.now()
        let cookie = SAMLIdentifier.make()
        let session = BrowserSession(user: user, authnInstant: now, expires: now.addingTimeInterval(configuration.sessionLifetime))
        sessions[cookie] = session
        return respondSuccess(login, cookie: cookie, session: session)
    }

    private func respondSuccess(_ login: PendingLogin, cookie: String, session: BrowserSession) -> SimulatorResponse {
        var session = session
        let sessionIndex = session.services[login.service.issuer] ?? SAMLIdentifier.make()
        session.services[login.service.issuer] = sessionIndex
        sessions[cookie] = session
        do {
            let (response, xml) = try responseFactory().success(
                .init(requestID: login.requestID, acsURL: login.acsURL, audience: login.service.issuer, user: session.user,
                      sessionIndex: sessionIndex, authnInstant: session.authnInstant),
                switches: responseSwitches)
            record(.responseSent, binding: "POST", id: response.id, xml: xml,
                   note: (["Success for \(session.user.nameID)"] + responseSwitches.summary).joined(separator: "; "))
            return try postPage(xml, field: .response, to: login.acsURL, relayState: login.relayState,
                                extraHeaders: [sessionCookieHeader(cookie)])
        } catch {
            return failed("The simulator failed to build the Response", ["\(error)"])
        }
    }

    private func respondFailure(_ login: PendingLogin, status: Status) -> SimulatorResponse {
        do {
            let (response, xml) = try responseFactory().failure(requestID: login.requestID, acsURL: login.acsURL, status: status,
                                                                switches: responseSwitches)
            record(.responseSent, binding: "POST", id: response.id, xml: xml, note: "non-Success: \(status.summary)")
            return try postPage(xml, field: .response, to: login.acsURL, relayState: login.relayState)
        } catch {
            return failed("The simulator failed to build the Response", ["\(error)"])
        }
    }

    /// IdP-initiated login: a Response nobody asked for (no InResponseTo), posted to the
    /// Service's ACS. MPass's Services must refuse it; the catalogue checks that they do.
    private func unsolicitedLogin(_ request: SimulatorRequest) -> SimulatorResponse {
        let issuer = request.form["service"] ?? queryValue(request.rawQuery, "service")
        guard let service = configuration.service(issuer: issuer) ?? (issuer == nil ? configuration.services.first : nil) else {
            return refuse("Unknown Service", ["no Service is registered with the Issuer \(issuer ?? "(none)")"])
        }
        let now = configuration.now()
        let user = configuration.users.first ?? .ionPopescu
        let cookie = SAMLIdentifier.make()
        sessions[cookie] = BrowserSession(user: user, authnInstant: now, expires: now.addingTimeInterval(configuration.sessionLifetime))
        let login = PendingLogin(requestID: nil, service: service, acsURL: service.acsURL, relayState: nil, forceAuthn: false)
        return respondSuccess(login, cookie: cookie, session: sessions[cookie]!)
    }

    // MARK: SLO

    private func singleLogout(_ request: SimulatorRequest) -> SimulatorResponse {
        let decoded: ReceivedMessage
        do {
            decoded = try ReceivedMessage.decode(request, expected: nil)
        } catch {
            return refuse("MPass could not read the logout message", [error.reason])
        }
        let document: XMLDocument
        let kind: SAMLMessage.Kind
        do {
            document = try SafeXMLParser().parse(decoded.xml)
            kind = try SAMLMessage.kind(of: document)
        } catch {
            return refuse("MPass could not read the logout message", [error.reason], xml: decoded.xml)
        }
        switch kind {
        case .logoutRequest: return serviceLogoutRequest(document, decoded: decoded, request: request)
        case .logoutResponse: return serviceLogoutResponse(document, decoded: decoded)
        default:
            return refuse("Wrong message at the SLO URL", ["a \(kind.rawValue) was sent to \(configuration.singleLogoutURL)"], xml: decoded.xml)
        }
    }

    /// A Service's LogoutRequest (Service-initiated logout, TC_FUNCT_04).
    private func serviceLogoutRequest(_ document: XMLDocument, decoded: ReceivedMessage, request: SimulatorRequest) -> SimulatorResponse {
        let issuer = LogoutRequest(parsing: document.root).issuer
        guard let service = configuration.service(issuer: issuer) else {
            return refuse("Unknown Service", ["no Service is registered with the Issuer \(issuer.map { "\"\($0)\"" } ?? "(absent)")"], xml: decoded.xml)
        }
        let live = liveSession(request, now: configuration.now())
        var redirectChecks: [CheckResult] = []
        if let redirect = decoded.redirect {
            redirectChecks = redirect.verifySignature(policy: SignaturePolicy(pinnedCertificates: service.certificates))
        }
        let expectations = RequestExpectations(
            pinnedCertificates: service.certificates, issuer: service.issuer, destination: configuration.singleLogoutURL,
            nameID: live?.1.user.nameID, sessionIndex: live?.1.services[service.issuer], seenIDs: seenRequestIDs,
            signatureVerifiedByBinding: decoded.redirect != nil && redirectChecks.allSatisfy { !$0.isFailure })
        let window = TimeWindow(now: configuration.now(), clockSkew: configuration.clockSkew, messageLifetime: configuration.messageLifetime)
        guard let validation = try? RequestValidator(expectations: expectations, window: window).validateLogoutRequest(document) else {
            return refuse("MPass could not read the LogoutRequest", [], xml: decoded.xml)
        }
        var report = validation.report
        report.add(contentsOf: redirectChecks)
        if live == nil {
            report.add(.notApplicable(.logoutRequestSession, "the browser has no MPass session; NameID and SessionIndex are compared with nothing"))
        }
        if let id = validation.message.id { seenRequestIDs.insert(id) }
        record(.logoutRequestReceived, binding: decoded.bindingName, id: validation.message.id, xml: decoded.xml,
               report: report, note: "from \(service.issuer)")

        let status: Status
        if report.isValid {
            if let (cookie, _) = live { sessions.removeValue(forKey: cookie) }
            status = .success
        } else {
            status = Status(code: SAMLURI.statusRequester, subcode: SAMLURI.statusRequestDenied,
                            message: "LogoutRequest refused: " + report.failures.map(\.id.rawValue).joined(separator: ", "))
        }
        let destination = service.logoutResponseURL ?? service.singleLogoutURL ?? service.acsURL
        let answerSwitches = logoutResponseSwitches
        let response = LogoutResponse(
            issueInstant: configuration.now().addingTimeInterval(answerSwitches.timeShift), destination: destination,
            inResponseTo: answerSwitches.wrongInResponseTo ? SAMLIdentifier.make() : validation.message.id,
            issuer: configuration.issuer, status: status.isSuccess ? answerSwitches.status : status)
        do {
            let identity = try signingIdentity(doNotSign: answerSwitches.doNotSign, otherKey: answerSwitches.signWithOtherKey)
            let xml = try outgoingXML(response.document(), signedBy: identity, binding: service.logoutBinding)
            record(.logoutResponseSent, binding: service.logoutBinding.eventName, id: response.id, xml: xml, note: status.summary)
            return try send(xml, field: .response, to: destination, relayState: decoded.relayState, binding: service.logoutBinding,
                            signedBy: identity, extraHeaders: report.isValid ? [expiredSessionCookieHeader()] : [])
        } catch {
            return failed("The simulator failed to build the LogoutResponse", ["\(error)"])
        }
    }

    /// A Service's LogoutResponse, answering MPass's LogoutRequest (TC_FUNCT_05).
    private func serviceLogoutResponse(_ document: XMLDocument, decoded: ReceivedMessage) -> SimulatorResponse {
        let parsed = LogoutResponse(parsing: document.root)
        let service = configuration.service(issuer: parsed.issuer)
        var redirectChecks: [CheckResult] = []
        if let redirect = decoded.redirect, let service {
            redirectChecks = redirect.verifySignature(policy: SignaturePolicy(pinnedCertificates: service.certificates))
        }
        let expectations = RequestExpectations(
            pinnedCertificates: service?.certificates ?? [], issuer: service?.issuer, destination: configuration.singleLogoutURL,
            outstandingRequestIDs: Set(outstandingLogouts.keys),
            signatureVerifiedByBinding: decoded.redirect != nil && redirectChecks.allSatisfy { !$0.isFailure })
        let window = TimeWindow(now: configuration.now(), clockSkew: configuration.clockSkew, messageLifetime: configuration.messageLifetime)
        guard let validation = try? RequestValidator(expectations: expectations, window: window).validateLogoutResponse(document) else {
            return refuse("MPass could not read the LogoutResponse", [], xml: decoded.xml)
        }
        var report = validation.report
        report.add(contentsOf: redirectChecks)
        if service == nil {
            report.add(.fail(.logoutResponseRegistered, "no Service is registered with the Issuer \(parsed.issuer ?? "(absent)")"))
        }
        record(.logoutResponseReceived, binding: decoded.bindingName, id: parsed.id, xml: decoded.xml, report: report,
               note: "from \(parsed.issuer ?? "an unknown Service")")
        if let answered = parsed.inResponseTo, let logout = outstandingLogouts.removeValue(forKey: answered),
           report.isValid, let cookie = logout.cookie {
            sessions.removeValue(forKey: cookie)
        }
        return .html(SimulatorPages.loggedOut(detail: report.isValid
            ? "The Service confirmed the logout."
            : "The Service's answer did not pass MPass's checks: " + report.failures.map(\.id.rawValue).joined(separator: ", ")),
            headers: [expiredSessionCookieHeader()])
    }

    /// MPass-initiated logout: a signed LogoutRequest posted to the Service's SLO URL (TC_FUNCT_05).
    private func startSingleLogout(_ request: SimulatorRequest) -> SimulatorResponse {
        guard let (cookie, session) = liveSession(request, now: configuration.now()) else {
            return .html(SimulatorPages.loggedOut(detail: "There was no MPass session to end."))
        }
        let target = request.form["service"] ?? queryValue(request.rawQuery, "service")
        guard let entry = session.services.first(where: { target == nil || $0.key == target }),
              let service = configuration.service(issuer: entry.key), let sloURL = service.singleLogoutURL else {
            sessions.removeValue(forKey: cookie)
            return .html(SimulatorPages.loggedOut(detail: "No Service with a single-logout URL shares this session."),
                         headers: [expiredSessionCookieHeader()])
        }
        do {
            let (logout, xml, identity) = try makeLogoutRequest(to: service, sloURL: sloURL, nameID: session.user.nameID,
                                                                sessionIndex: entry.value)
            outstandingLogouts[logout.id ?? ""] = (service.issuer, cookie)
            return try send(xml, field: .request, to: sloURL, relayState: nil, binding: service.logoutBinding, signedBy: identity)
        } catch {
            return failed("The simulator failed to build the LogoutRequest", ["\(error)"])
        }
    }

    private func makeLogoutRequest(to service: RegisteredService, sloURL: String, nameID: String,
                                   sessionIndex: String) throws -> (LogoutRequest, Data, SigningIdentity?) {
        let switches = logoutSwitches
        let now = configuration.now().addingTimeInterval(switches.timeShift)
        var request = LogoutRequest(issueInstant: now, destination: sloURL, issuer: configuration.issuer,
                                    nameID: NameID(switches.nameIDOverride ?? nameID),
                                    sessionIndex: switches.sessionIndexOverride ?? sessionIndex)
        if switches.reusePreviousID, let previous = previousLogoutRequestID { request.id = previous }
        if switches.omitDestination { request.destination = nil }
        switches.shapeRequest?(&request)
        previousLogoutRequestID = request.id
        let identity = try signingIdentity(doNotSign: switches.doNotSign, otherKey: switches.signWithOtherKey)
        let xml = try outgoingXML(request.document(), signedBy: identity, binding: service.logoutBinding)
        record(.logoutRequestSent, binding: service.logoutBinding.eventName, id: request.id, xml: xml,
               note: "to \(service.issuer) for \(nameID)")
        return (request, xml, identity)
    }

    /// Who signs a logout message under the switches: MPass, the look-alike key, or nobody.
    private func signingIdentity(doNotSign: Bool, otherKey: Bool) throws -> SigningIdentity? {
        if doNotSign { return nil }
        return otherKey ? try compatibleIdentity() : configuration.identity
    }

    /// The message XML for `binding`: with an enveloped signature over HTTP-POST; without
    /// one over HTTP-Redirect, where the query is signed instead (SAML Bindings 3.4.4.1).
    private func outgoingXML(_ document: XMLDocument, signedBy identity: SigningIdentity?, binding: HTTPBinding) throws -> Data {
        if let identity, binding == .post { try XMLSigner(identity: identity).sign(document.root) }
        return document.serialized()
    }

    /// Sends a logout message to the Service by the binding it registered: an auto-submitting
    /// form, or a 302 whose query carries SigAlg and Signature over the exact octets.
    private func send(_ xml: Data, field: SAMLMessageField, to destination: String, relayState: String?, binding: HTTPBinding,
                      signedBy identity: SigningIdentity?, extraHeaders: [(name: String, value: String)] = []) throws -> SimulatorResponse {
        switch binding {
        case .post:
            return try postPage(xml, field: field, to: destination, relayState: relayState, extraHeaders: extraHeaders)
        case .redirect:
            let url = try HTTPRedirectBinding.encode(xml, as: field, destination: destination, relayState: relayState,
                                                     signingKey: identity?.privateKey)
            return .redirect(url.url, headers: extraHeaders)
        }
    }

    // MARK: Metadata

    private func metadata() -> SimulatorResponse {
        do {
            let metadata = IdentityProviderMetadata.mpassLayout(entityID: configuration.issuer, baseURL: configuration.baseURL.absoluteString,
                                                                signingCertificate: configuration.identity.certificate)
            let xml = try metadata.signedDocument(id: SAMLIdentifier.make(), identity: configuration.identity).serializedString()
            return SimulatorResponse(status: 200, headers: [("Content-Type", "application/samlmetadata+xml; charset=utf-8")], body: xml)
        } catch {
            return refuse("The simulator failed to build its metadata", ["\(error)"])
        }
    }

    /// The simulator's metadata document (for `simulator metadata`).
    public func metadataXML() -> String { metadata().body }

    // MARK: Helpers

    private func responseFactory() throws -> ResponseFactory {
        ResponseFactory(configuration: configuration,
                        compatibleIdentity: responseSwitches.useCompatibleCertificate ? try compatibleIdentity() : nil)
    }

    /// The look-alike identity: same subject and issuer as the simulator's certificate, another key.
    private func compatibleIdentity() throws -> SigningIdentity {
        if let compatibleIdentityCache { return compatibleIdentityCache }
        let made = try TestCredentialFactory.make(.init(commonName: "compatible", namesCopiedFrom: configuration.identity.certificate))
        compatibleIdentityCache = made
        return made
    }

    /// Prepares what a switch needs ahead of time (key generation is slow; do it off the hot path).
    public func prepareCompatibleIdentity() throws { _ = try compatibleIdentity() }

    private func sessionFor(_ request: SimulatorRequest) -> BrowserSession? {
        liveSession(request, now: configuration.now())?.1
    }

    private func liveSession(_ request: SimulatorRequest, now: Date) -> (String, BrowserSession)? {
        guard let cookie = request.cookies[Self.sessionCookie], let session = sessions[cookie] else { return nil }
        guard session.expires > now else {
            sessions.removeValue(forKey: cookie)
            return nil
        }
        return (cookie, session)
    }

    private var cookieAttributes: String {
        configuration.baseURL.scheme == "https" ? "; Path=/; HttpOnly; Secure; SameSite=None" : "; Path=/; HttpOnly"
    }

    private func sessionCookieHeader(_ value: String) -> (name: String, value: String) {
        ("Set-Cookie", "\(Self.sessionCookie)=\(value)\(cookieAttributes)")
    }

    private func expiredSessionCookieHeader() -> (name: String, value: String) {
        ("Set-Cookie", "\(Self.sessionCookie)=; Max-Age=0\(cookieAttributes)")
    }

    private func postPage(_ xml: Data, field: SAMLMessageField, to action: String, relayState: String?,
                          extraHeaders: [(name: String, value: String)] = []) throws -> SimulatorResponse {
        let page = try HTTPPostBinding.encode(xml, as: field, action: action, relayState: relayState).page()
        var html = page.html
        if field == .response, let mutate = responseSwitches.mutateEncodedMessage {
            // The page writes base64 as is (its alphabet needs no HTML escaping).
            let encoded = xml.base64EncodedString()
            html = html.replacingOccurrences(of: encoded, with: SimulatorPages.escape(mutate(encoded)))
        }
        return SimulatorResponse(status: 200, headers: page.headers.map { ($0.name, $0.value) } + extraHeaders, body: html)
    }

    /// The simulator's own failure (a message it could not build), not a judgement of the
    /// Service: recorded apart so that a runner ends the case in ERROR instead of reading
    /// the missing message as the Service's refusal.
    private func failed(_ title: String, _ lines: [String]) -> SimulatorResponse {
        record(.failed, note: ([title] + lines).joined(separator: "; "))
        return .html(SimulatorPages.error(title: title, lines: lines), status: 500)
    }

    private func refuse(_ title: String, _ lines: [String], xml: Data? = nil) -> SimulatorResponse {
        record(.refused, xml: xml, note: ([title] + lines).joined(separator: "; "))
        return .html(SimulatorPages.error(title: title, lines: lines), status: 400)
    }

    private func record(_ kind: SimulatorEvent.Kind, binding: String? = nil, id: String? = nil, xml: Data? = nil,
                        report: ValidationReport? = nil, note: String = "") {
        events.append(SimulatorEvent(sequence: nextSequence, time: configuration.now(), kind: kind, binding: binding,
                                     messageID: id, xml: xml.map { String(decoding: $0, as: UTF8.self) }, report: report, note: note))
        nextSequence += 1
    }

    private func queryValue(_ query: String?, _ name: String) -> String? {
        URLComponents(string: "x:?" + (query ?? ""))?.queryItems?.first { $0.name == name }?.value
    }
}
