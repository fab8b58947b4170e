import Foundation
import HTTPTypes
import MPassSAML

/// The SSO endpoint: the AuthnRequest checked as MPass checks it, the login page, the
/// Response (or a non-Success status) posted to the Service's ACS, and unsolicited logins.
extension MPassSimulator {
    func singleSignOn(_ request: SimulatorRequest) -> SimulatorResponse {
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
        let (redirectChecks, verifiedByBinding) = bindingChecks(decoded, service: service)
        let expectations = RequestExpectations(
            pinnedCertificates: service.certificates, issuer: service.issuer, destination: configuration.singleSignOnURL,
            registeredACSURLs: [service.acsURL], seenIDs: seenRequestIDs,
            signatureVerifiedByBinding: verifiedByBinding)
        let validation: MessageValidation<AuthnRequest>
        do {
            validation = try RequestValidator(expectations: expectations, window: window()).validateAuthnRequest(document)
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
            if let mark = restartedLoginHoldMark, events.contains(where: { $0.sequence > mark && $0.kind == .responseSent }) {
                record(.restartedLoginHeld, note: "the Service sent the browser back with a new AuthnRequest right after MPass's Response; held instead of answering from the session")
                return .html(SimulatorPages.restartedLoginHeld(serviceIssuer: service.issuer))
            }
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

    func loginSubmitted(_ request: SimulatorRequest) -> SimulatorResponse {
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

    func respondSuccess(_ login: PendingLogin, cookie: String, session: BrowserSession) -> SimulatorResponse {
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
                                extraHeaders: sessionCookieHeader(cookie))
        } catch {
            return failed("The simulator failed to build the Response", ["\(error)"])
        }
    }

    func respondFailure(_ login: PendingLogin, status: Status) -> SimulatorResponse {
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
    func unsolicitedLogin(_ request: SimulatorRequest) -> SimulatorResponse {
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

    func responseFactory() throws -> ResponseFactory {
        ResponseFactory(configuration: configuration,
                        compatibleIdentity: responseSwitches.useCompatibleCertificate ? try compatibleIdentity() : nil)
    }

    func postPage(_ xml: Data, field: SAMLMessageField, to action: String, relayState: String?,
                  extraHeaders: HTTPFields = [:]) throws -> SimulatorResponse {
        let page = try HTTPPostBinding.encode(xml, as: field, action: action, relayState: relayState).page()
        var html = page.html
        if field == .response, let mutate = responseSwitches.mutateEncodedMessage {
            // The page writes base64 as is (its alphabet needs no HTML escaping).
            let encoded = xml.base64EncodedString()
            html = html.replacingOccurrences(of: encoded, with: SimulatorPages.escape(mutate(encoded)))
        }
        return SimulatorResponse(status: 200, headers: page.headers + extraHeaders, body: html)
    }
}
