import Foundation
import HarnessModel
import MPassSAML
import ReferenceService

/// Reads the SAML messages out of the Service's exchanges and checks each: MPass's (in the
/// bodies the browser posted to the ACS and SLO URLs) with the pinned certificate only; the
/// Service's own (in the auto-submitting pages it answered with) with its certificate.
struct LiveMessages {
    let serviceCertificate: Certificate
    let serviceIssuer: String
    let baseURL: String
    let idp: LiveIdentityProvider
    /// False: MPass's RSA-SHA1 / SHA-1 from the pinned certificate is a WARN check; true: a FAIL.
    var strictAlgorithm = false
    let clockSkew: TimeInterval = 180
    let messageLifetime: TimeInterval = 600

    private var acsURL: String { baseURL + "/mpass-login" }
    private var sloURL: String { baseURL + "/mpass-slo" }
    private var logoutResponseURL: String { baseURL + "/mpass-logout" }

    /// IDs of the requests the Service sent, so that MPass's answers can be matched.
    struct Sent {
        var authnRequests: [String: Date] = [:]
        var logoutRequests: Set<String> = []
    }

    /// One message found, with its checks; `response`/`logout` carry what the judges need.
    struct Found {
        var evidence: MessageEvidence
        var responseStatus: Status?
        var assertion: Assertion?
        var messageID: String?
        var inResponseTo: String?

        /// A request found (AuthnRequest or LogoutRequest), posted, with its checks.
        static func request<Message: RequestAbstractMessage>(_ direction: MessageEvidence.Direction, _ kind: String, xml: String,
                                                            _ validation: MessageValidation<Message>) -> Found {
            let id = validation.message.id
            return Found(evidence: MessageEvidence(direction: direction, kind: kind, binding: .post, id: id ?? "", xml: xml,
                                                   checks: validation.report),
                         messageID: id)
        }

        /// A LogoutResponse found, posted, with its checks, status and InResponseTo.
        static func logoutResponse(_ direction: MessageEvidence.Direction, xml: String, _ validation: MessageValidation<LogoutResponse>) -> Found {
            let response = validation.message
            return Found(evidence: MessageEvidence(direction: direction, kind: "LogoutResponse", binding: .post, id: response.id ?? "",
                                                   xml: xml, checks: validation.report),
                         responseStatus: response.status, messageID: response.id, inResponseTo: response.inResponseTo)
        }
    }

    /// The message MPass sent in this exchange's request body, checked.
    func fromIdP(_ exchange: ObservedExchange, sent: Sent) -> Found? {
        guard exchange.method == "POST", let message = try? HTTPPostBinding.decode(formBody: exchange.requestBody),
              let document = try? SafeXMLParser().parse(message.xml),
              let kind = try? SAMLMessage.kind(of: document) else { return nil }
        let window = TimeWindow(now: exchange.startedAt, clockSkew: clockSkew, messageLifetime: messageLifetime)
        let xml = String(decoding: message.xml, as: UTF8.self)
        switch kind {
        case .response:
            var expectations = ResponseExpectations(
                pinnedCertificates: idp.certificates, idpIssuer: idp.issuer, acsURL: acsURL, audience: serviceIssuer,
                outstandingRequestIDs: Set(sent.authnRequests.keys))
            expectations.warnOnWeakAlgorithms = !strictAlgorithm
            guard let validation = try? ResponseValidator(expectations: expectations, window: window).validate(document) else { return nil }
            let view = validation.unauthenticatedView
            return Found(evidence: MessageEvidence(direction: .idpToService, kind: "Response", binding: .post, id: view.id ?? "",
                                                   xml: xml, checks: validation.report),
                         responseStatus: view.status, assertion: validation.assertion, messageID: view.id, inResponseTo: view.inResponseTo)
        case .logoutRequest:
            var expectations = RequestExpectations(pinnedCertificates: idp.certificates, issuer: idp.issuer, destination: sloURL)
            expectations.warnOnWeakAlgorithms = !strictAlgorithm
            guard let validation = try? RequestValidator(expectations: expectations, window: window).validateLogoutRequest(document) else { return nil }
            return .request(.idpToService, "LogoutRequest", xml: xml, validation)
        case .logoutResponse:
            var expectations = RequestExpectations(pinnedCertificates: idp.certificates, issuer: idp.issuer, destination: logoutResponseURL,
                                                   outstandingRequestIDs: sent.logoutRequests)
            expectations.warnOnWeakAlgorithms = !strictAlgorithm
            guard let validation = try? RequestValidator(expectations: expectations, window: window).validateLogoutResponse(document) else { return nil }
            return .logoutResponse(.idpToService, xml: xml, validation)
        default:
            return nil
        }
    }

    /// The message the Service sent in this exchange's answer (an auto-submitting form).
    func fromService(_ exchange: ObservedExchange, inResponseTo: String? = nil) -> Found? {
        let fields = Self.hiddenFields(String(decoding: exchange.responseBody, as: UTF8.self))
        guard !fields.isEmpty, let message = try? HTTPPostBinding.decode(fields: fields),
              let document = try? SafeXMLParser().parse(message.xml),
              let kind = try? SAMLMessage.kind(of: document) else { return nil }
        let window = TimeWindow(now: exchange.startedAt, clockSkew: clockSkew, messageLifetime: messageLifetime)
        let xml = String(decoding: message.xml, as: UTF8.self)
        let validator = { (destination: String, outstanding: Set<String>?) in
            RequestValidator(expectations: RequestExpectations(pinnedCertificates: [serviceCertificate], issuer: serviceIssuer,
                                                               destination: destination, outstandingRequestIDs: outstanding),
                             window: window)
        }
        switch kind {
        case .authnRequest:
            guard let validation = try? validator(idp.singleSignOnURL, nil).validateAuthnRequest(document) else { return nil }
            return .request(.serviceToIdP, "AuthnRequest", xml: xml, validation)
        case .logoutRequest:
            guard let validation = try? validator(idp.singleLogoutURL, nil).validateLogoutRequest(document) else { return nil }
            return .request(.serviceToIdP, "LogoutRequest", xml: xml, validation)
        case .logoutResponse:
            guard let validation = try? validator(idp.singleLogoutURL, inResponseTo.map { [$0] }).validateLogoutResponse(document) else { return nil }
            return .logoutResponse(.serviceToIdP, xml: xml, validation)
        default:
            return nil
        }
    }

    /// `name → value` of the hidden inputs of an auto-submitting SAML page.
    static func hiddenFields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        let pattern = #"<input type="hidden" name="([^"]*)" value="([^"]*)">"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [:] }
        let range = NSRange(html.startIndex..., in: html)
        for match in expression.matches(in: html, range: range) {
            guard let name = Range(match.range(at: 1), in: html), let value = Range(match.range(at: 2), in: html) else { continue }
            fields[unescape(String(html[name]))] = unescape(String(html[value]))
        }
        return fields
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
