import Foundation
import Vocabulary

/// What the receiver of an AuthnRequest, LogoutRequest or LogoutResponse expects: MPass
/// checking a Service's messages, or a Service checking MPass's logout messages.
public struct RequestExpectations: Sendable {
    /// The sender's certificate(s): the Service's registered one, or MPass's.
    public var pinnedCertificates: [Certificate]
    /// The sender's Issuer; nil: not compared.
    public var issuer: String?
    /// The URL the message must be addressed to (MPass's SSO or SLO URL, or the Service's SLO URL).
    /// A `lang` query parameter on either side is ignored. nil: not compared.
    public var destination: String?
    /// AuthnRequest: the ACS URLs registered for the Service; nil: not compared.
    public var registeredACSURLs: [String]?
    /// LogoutRequest: the NameID and SessionIndex of the session being ended; nil: presence only.
    public var nameID: String?
    public var sessionIndex: String?
    /// LogoutResponse: the LogoutRequest IDs outstanding; nil: presence only.
    public var outstandingRequestIDs: Set<String>?
    /// Messages whose ID was already seen (replay); nil: not tracked.
    public var seenIDs: Set<String>?
    /// True when the signature was carried by the Redirect binding's query and already verified.
    public var signatureVerifiedByBinding: Bool
    public var allowWeakAlgorithms: Bool
    /// For messages MPass sent: RSA-SHA1 / SHA-1 from the pinned key is a WARN check, not a
    /// FAIL (`SignaturePolicy`). Never set for the Service's own messages.
    public var warnOnWeakAlgorithms = false

    public init(pinnedCertificates: [Certificate], issuer: String? = nil, destination: String? = nil,
                registeredACSURLs: [String]? = nil, nameID: String? = nil, sessionIndex: String? = nil,
                outstandingRequestIDs: Set<String>? = nil, seenIDs: Set<String>? = nil,
                signatureVerifiedByBinding: Bool = false, allowWeakAlgorithms: Bool = false) {
        self.pinnedCertificates = pinnedCertificates
        self.issuer = issuer
        self.destination = destination
        self.registeredACSURLs = registeredACSURLs
        self.nameID = nameID
        self.sessionIndex = sessionIndex
        self.outstandingRequestIDs = outstandingRequestIDs
        self.seenIDs = seenIDs
        self.signatureVerifiedByBinding = signatureVerifiedByBinding
        self.allowWeakAlgorithms = allowWeakAlgorithms
    }
}

/// A validated request-side message and its report.
public struct MessageValidation<Message: Sendable>: Sendable {
    public let report: ValidationReport
    /// The message as read; use it only when `isValid`.
    public let message: Message
    public var isValid: Bool { report.isValid }
}

/// The checks MPass applies to a Service's AuthnRequest and LogoutRequest, and those either
/// side applies to a LogoutRequest or LogoutResponse it receives (`mpass-saml.md`).
public struct RequestValidator: Sendable {
    public let expectations: RequestExpectations
    public let window: TimeWindow

    public init(expectations: RequestExpectations, window: TimeWindow) {
        self.expectations = expectations
        self.window = window
    }

    public func validateAuthnRequest(_ document: XMLDocument) throws(HarnessError) -> MessageValidation<AuthnRequest> {
        try expectKind(.authnRequest, document)
        let request = AuthnRequest(parsing: document.root)
        var report = header(document, ids: .authnRequest, id: request.id, version: request.version,
                            issueInstant: request.issueInstant, destination: request.destination, issuer: request.issuer)

        // MPass: NameIDPolicy is required, exactly AllowCreate="true".
        switch (request.nameIDPolicyAllowCreate, request.nameIDPolicyAllowCreateText) {
        case (nil, _):
            report.add(.fail(.authnRequestNameIDPolicy, "NameIDPolicy is absent; MPass requires <saml2p:NameIDPolicy AllowCreate=\"true\"/>"))
        case (true, _):
            report.add(.pass(.authnRequestNameIDPolicy, "AllowCreate=\"true\""))
        case (_, let text):
            report.add(.fail(.authnRequestNameIDPolicy, "NameIDPolicy/@AllowCreate is \(text.map { "\"\($0)\"" } ?? "absent"); MPass requires \"true\""))
        }

        if let acs = request.assertionConsumerServiceURL {
            if let registered = expectations.registeredACSURLs {
                report.add(registered.contains(acs)
                    ? .pass(.authnRequestACSURL, acs)
                    : .fail(.authnRequestACSURL, "AssertionConsumerServiceURL \"\(acs)\" is not registered for this Service (registered: \(registered.joined(separator: ", ")))"))
            } else {
                report.add(.notApplicable(.authnRequestACSURL, "\(acs); not compared with a registration"))
            }
        } else {
            report.add(.notApplicable(.authnRequestACSURL, "absent: MPass uses the registered ACS URL"))
        }

        // MPass answers with HTTP-POST; HTTP-Redirect for the Response is not possible.
        switch request.protocolBinding {
        case nil: report.add(.notApplicable(.authnRequestProtocolBinding, "absent: HTTP-POST is the default"))
        case SAMLURI.bindingHTTPPost?: report.add(.pass(.authnRequestProtocolBinding, "HTTP-POST"))
        case let other?: report.add(.fail(.authnRequestProtocolBinding, "ProtocolBinding \"\(other)\"; MPass answers with HTTP-POST"))
        }
        return MessageValidation(report: report, message: request)
    }

    public func validateLogoutRequest(_ document: XMLDocument) throws(HarnessError) -> MessageValidation<LogoutRequest> {
        try expectKind(.logoutRequest, document)
        let request = LogoutRequest(parsing: document.root)
        var report = header(document, ids: .logoutRequest, id: request.id, version: request.version,
                            issueInstant: request.issueInstant, destination: request.destination, issuer: request.issuer)
        // The NameID and SessionIndex "as received in the Assertion".
        if let nameID = request.nameID?.value, !nameID.isEmpty {
            if let expected = expectations.nameID {
                report.add(nameID == expected ? .pass(.logoutRequestNameID, nameID)
                    : .fail(.logoutRequestNameID, "NameID is \"\(nameID)\", but the session is for \"\(expected)\""))
            } else {
                report.add(.pass(.logoutRequestNameID, nameID))
            }
        } else {
            report.add(.fail(.logoutRequestNameID, "NameID is absent or empty; send the NameID received in the Assertion"))
        }
        if let index = request.sessionIndexes.first, !index.isEmpty {
            if let expected = expectations.sessionIndex {
                report.add(request.sessionIndexes.contains(expected) ? .pass(.logoutRequestSessionIndex, index)
                    : .fail(.logoutRequestSessionIndex, "SessionIndex is \"\(request.sessionIndexes.joined(separator: ", "))\", but the session's is \"\(expected)\""))
            } else {
                report.add(.pass(.logoutRequestSessionIndex, index))
            }
        } else {
            report.add(.fail(.logoutRequestSessionIndex, "SessionIndex is absent; send AuthnStatement/@SessionIndex from the Assertion"))
        }
        report.add(CommonChecks.notOnOrAfter(.logoutRequestNotOnOrAfter, request.notOnOrAfter, window: window,
                                             what: "NotOnOrAfter", required: false))
        return MessageValidation(report: report, message: request)
    }

    public func validateLogoutResponse(_ document: XMLDocument) throws(HarnessError) -> MessageValidation<LogoutResponse> {
        try expectKind(.logoutResponse, document)
        let response = LogoutResponse(parsing: document.root)
        var report = header(document, ids: .logoutResponse, id: response.id, version: response.version,
                            issueInstant: response.issueInstant, destination: response.destination, issuer: response.issuer)
        if let value = response.inResponseTo, !value.isEmpty {
            if let outstanding = expectations.outstandingRequestIDs {
                report.add(outstanding.contains(value) ? .pass(.logoutResponseInResponseTo, value)
                    : .fail(.logoutResponseInResponseTo, "InResponseTo \"\(value)\" matches no LogoutRequest that was sent"))
            } else {
                report.add(.notApplicable(.logoutResponseInResponseTo, "\"\(value)\"; not compared (give --in-response-to)"))
            }
        } else {
            report.add(.fail(.logoutResponseInResponseTo, "InResponseTo is absent; it must carry the LogoutRequest's ID"))
        }
        report.add(CommonChecks.status(.logoutResponseStatus, response.status, acceptPartialLogout: true))
        return MessageValidation(report: report, message: response)
    }

    // MARK: Shared

    private func expectKind(_ kind: SAMLMessage.Kind, _ document: XMLDocument) throws(HarnessError) {
        let found = try SAMLMessage.kind(of: document)
        guard found == kind else {
            throw HarnessError(.xmlWrongRoot, "the message is a \(found.rawValue), not a \(kind.rawValue)")
        }
    }

    /// The ids of the checks every request-side message shares, one set per message kind.
    struct HeaderCheckIDs {
        let signature: SignatureCheckIDs
        let version, id, issueInstant, destination, issuer: CheckID

        static let authnRequest = HeaderCheckIDs(
            signature: CheckID.authnRequestSignature, version: .authnRequestVersion, id: .authnRequestID,
            issueInstant: .authnRequestIssueInstant, destination: .authnRequestDestination, issuer: .authnRequestIssuer)
        static let logoutRequest = HeaderCheckIDs(
            signature: CheckID.logoutRequestSignature, version: .logoutRequestVersion, id: .logoutRequestID,
            issueInstant: .logoutRequestIssueInstant, destination: .logoutRequestDestination, issuer: .logoutRequestIssuer)
        static let logoutResponse = HeaderCheckIDs(
            signature: CheckID.logoutResponseSignature, version: .logoutResponseVersion, id: .logoutResponseID,
            issueInstant: .logoutResponseIssueInstant, destination: .logoutResponseDestination, issuer: .logoutResponseIssuer)
    }

    /// Signature, IDs, Version, ID shape and replay, IssueInstant, Destination, Issuer.
    private func header(_ document: XMLDocument, ids: HeaderCheckIDs, id: String?, version: String?, issueInstant: SAMLInstant?,
                        destination: String?, issuer: String?) -> ValidationReport {
        var report = ValidationReport(messageKind: document.root.localName)
        report.add(CommonChecks.uniqueIDs(document))
        if expectations.signatureVerifiedByBinding {
            report.add(.notApplicable(ids.signature.present, "signed by the HTTP-Redirect binding's query signature (checked there)"))
        } else {
            let verifier = SignatureVerifier(policy: SignaturePolicy(
                pinnedCertificates: expectations.pinnedCertificates, allowWeakAlgorithms: expectations.allowWeakAlgorithms,
                warnOnWeakAlgorithms: expectations.warnOnWeakAlgorithms))
            report.add(contentsOf: verifier.verify(document.root, checks: ids.signature).checks)
        }
        report.add(CommonChecks.version(ids.version, version))
        var idCheck = CommonChecks.identifier(ids.id, id)
        if idCheck.isPass, let id, expectations.seenIDs?.contains(id) == true {
            idCheck = .fail(ids.id, "ID \"\(id)\" was already used by an earlier message (replay, or IDs that are not unique)")
        }
        report.add(idCheck)
        report.add(CommonChecks.issueInstant(ids.issueInstant, issueInstant, window: window))
        report.add(destinationCheck(ids.destination, destination))
        report.add(CommonChecks.equals(ids.issuer, issuer, expectations.issuer, what: "Issuer", optionName: "--issuer"))
        return report
    }

    private func destinationCheck(_ id: CheckID, _ destination: String?) -> CheckResult {
        guard let destination, !destination.isEmpty else { return .fail(id, "Destination is absent") }
        guard let expected = expectations.destination else {
            return .notApplicable(id, "Destination is \"\(destination)\"; not compared (give --destination)")
        }
        return URLMatching.sameEndpoint(destination, expected)
            ? .pass(id, destination)
            : .fail(id, "Destination is \"\(destination)\", expected \"\(expected)\"")
    }
}

/// Endpoint comparison that ignores MPass's `lang` query parameter and nothing else.
enum URLMatching {
    static func sameEndpoint(_ a: String, _ b: String) -> Bool {
        strippingLanguage(a) == strippingLanguage(b)
    }

    static func strippingLanguage(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        let kept = components.queryItems?.filter { $0.name != "lang" }
        components.queryItems = (kept?.isEmpty ?? true) ? nil : kept
        return components.string ?? url
    }
}
