import Foundation
import HTTPTypes
import MPassSAML

/// The SLO endpoint: a Service's LogoutRequest or LogoutResponse checked as MPass checks
/// them, and MPass-initiated logout sent by the binding the Service registered.
extension MPassSimulator {
    func singleLogout(_ request: SimulatorRequest) -> SimulatorResponse {
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
    func serviceLogoutRequest(_ document: XMLDocument, decoded: ReceivedMessage, request: SimulatorRequest) -> SimulatorResponse {
        let issuer = LogoutRequest(parsing: document.root).issuer
        guard let service = configuration.service(issuer: issuer) else {
            return refuse("Unknown Service", ["no Service is registered with the Issuer \(issuer.map { "\"\($0)\"" } ?? "(absent)")"], xml: decoded.xml)
        }
        let live = liveSession(request, now: configuration.now())
        let (redirectChecks, verifiedByBinding) = bindingChecks(decoded, service: service)
        let expectations = RequestExpectations(
            pinnedCertificates: service.certificates, issuer: service.issuer, destination: configuration.singleLogoutURL,
            nameID: live?.1.user.nameID, sessionIndex: live?.1.services[service.issuer], seenIDs: seenRequestIDs,
            signatureVerifiedByBinding: verifiedByBinding)
        guard let validation = try? RequestValidator(expectations: expectations, window: window()).validateLogoutRequest(document) else {
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
                            signedBy: identity, extraHeaders: report.isValid ? expiredSessionCookieHeader() : [:])
        } catch {
            return failed("The simulator failed to build the LogoutResponse", ["\(error)"])
        }
    }

    /// A Service's LogoutResponse, answering MPass's LogoutRequest (TC_FUNCT_05).
    func serviceLogoutResponse(_ document: XMLDocument, decoded: ReceivedMessage) -> SimulatorResponse {
        let parsed = LogoutResponse(parsing: document.root)
        let service = configuration.service(issuer: parsed.issuer)
        let (redirectChecks, verifiedByBinding) = bindingChecks(decoded, service: service)
        let expectations = RequestExpectations(
            pinnedCertificates: service?.certificates ?? [], issuer: service?.issuer, destination: configuration.singleLogoutURL,
            outstandingRequestIDs: Set(outstandingLogouts.keys),
            signatureVerifiedByBinding: verifiedByBinding)
        guard let validation = try? RequestValidator(expectations: expectations, window: window()).validateLogoutResponse(document) else {
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
            headers: expiredSessionCookieHeader())
    }

    /// MPass-initiated logout: a signed LogoutRequest posted to the Service's SLO URL (TC_FUNCT_05).
    func startSingleLogout(_ request: SimulatorRequest) -> SimulatorResponse {
        guard let (cookie, session) = liveSession(request, now: configuration.now()) else {
            return .html(SimulatorPages.loggedOut(detail: "There was no MPass session to end."))
        }
        let target = request.form["service"] ?? queryValue(request.rawQuery, "service")
        guard let entry = session.services.first(where: { target == nil || $0.key == target }),
              let service = configuration.service(issuer: entry.key), let sloURL = service.singleLogoutURL else {
            sessions.removeValue(forKey: cookie)
            return .html(SimulatorPages.loggedOut(detail: "No Service with a single-logout URL shares this session."),
                         headers: expiredSessionCookieHeader())
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

    func makeLogoutRequest(to service: RegisteredService, sloURL: String, nameID: String,
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
    func signingIdentity(doNotSign: Bool, otherKey: Bool) throws -> SigningIdentity? {
        if doNotSign { return nil }
        return otherKey ? try compatibleIdentity() : configuration.identity
    }

    /// The message XML for `binding`: with an enveloped signature over HTTP-POST; without
    /// one over HTTP-Redirect, where the query is signed instead (SAML Bindings 3.4.4.1).
    func outgoingXML(_ document: XMLDocument, signedBy identity: SigningIdentity?, binding: HTTPBinding) throws -> Data {
        if let identity, binding == .post { try XMLSigner(identity: identity).sign(document.root) }
        return document.serialized()
    }

    /// Sends a logout message to the Service by the binding it registered: an auto-submitting
    /// form, or a 302 whose query carries SigAlg and Signature over the exact octets.
    func send(_ xml: Data, field: SAMLMessageField, to destination: String, relayState: String?, binding: HTTPBinding,
              signedBy identity: SigningIdentity?, extraHeaders: HTTPFields = [:]) throws -> SimulatorResponse {
        switch binding {
        case .post:
            return try postPage(xml, field: field, to: destination, relayState: relayState, extraHeaders: extraHeaders)
        case .redirect:
            let url = try HTTPRedirectBinding.encode(xml, as: field, destination: destination, relayState: relayState,
                                                     signingKey: identity?.privateKey)
            return .redirect(url.url, headers: extraHeaders)
        }
    }
}
