import Foundation
import Vocabulary

/// Checks any one SAML message the way `verify` does: the validator is chosen by the
/// message's root element, the pinned certificates by who sent it, and what the binding
/// itself says (a Redirect query signature, RelayState's length) is added to the checks.
///
/// MPass sends Responses and may send LogoutRequests and LogoutResponses; a Service sends
/// AuthnRequests and may send LogoutRequests and LogoutResponses (the guide's chapters 4-6).
/// So a Response is always MPass's, an AuthnRequest always the Service's, and a logout
/// message is whoever's certificate was given, or the one `sender` names.
public struct MessageVerifier: Sendable {
    /// Who sent a message: the pinned certificates and the expected Issuer follow from it.
    public enum Sender: String, Sendable, CaseIterable {
        case mpass, service
    }

    /// MPass's signing certificates, pinned.
    public var idpCertificates: [Certificate] = []
    /// The Service's registered certificates, pinned.
    public var spCertificates: [Certificate] = []
    /// Who sent the message, when the kind alone does not say (a logout message with both
    /// kinds of certificate given).
    public var sender: Sender?
    /// The expected Destination (the ACS URL for a Response).
    public var destination: String?
    /// The expected Audience of a Response (the Service's Issuer).
    public var audience: String?
    /// MPass's expected Issuer.
    public var idpIssuer: String?
    /// The Service's expected Issuer.
    public var serviceIssuer: String?
    /// The expected NameID and SessionIndex of a LogoutRequest.
    public var nameID: String?
    public var sessionIndex: String?
    /// The IDs an InResponseTo may answer; nil when any (or none) is accepted.
    public var outstandingRequestIDs: Set<String>?
    /// MPass signs its Response; off, a Response whose Assertion alone is signed passes.
    public var requireSignedResponse = true
    public var requireSignedAssertion = false
    /// Accept RSA-SHA1, SHA-1 digests and RSA keys under 2048 bits.
    public var allowWeakAlgorithms = false
    public var window: TimeWindow

    public init(window: TimeWindow) {
        self.window = window
    }

    /// The checks of one message, and the verified Assertion of a valid Response.
    public struct Verification: Sendable {
        public var report: ValidationReport
        /// Set only when the message is a Response and every check passed.
        public var assertion: Assertion?
    }

    /// Decodes nothing itself: `input` is what `MessageInput.decode` made of the user's bytes.
    ///
    /// - Throws: `HarnessError` when no check could run (not XML, not a SAML message, a
    ///   document the safe parser refuses), and `messageSenderAmbiguous` for a logout message
    ///   given with both kinds of certificate and no `sender`.
    public func verify(_ input: MessageInput.Decoded) throws(HarnessError) -> Verification {
        let document = try SafeXMLParser().parse(input.xml)
        let kind = try SAMLMessage.kind(of: document)
        if kind == .response {
            let expectations = ResponseExpectations(
                pinnedCertificates: idpCertificates, idpIssuer: idpIssuer, acsURL: destination, audience: audience,
                outstandingRequestIDs: outstandingRequestIDs, requireSignedResponse: requireSignedResponse,
                requireSignedAssertion: requireSignedAssertion, allowWeakAlgorithms: allowWeakAlgorithms)
            let validation = try ResponseValidator(expectations: expectations, window: window).validate(document)
            var report = validation.report
            // Bindings 3.4 and the guide: MPass answers by HTTP-POST; a Response in a URL is not MPass's.
            if input.redirect != nil {
                report.add(.fail(.bindingResponseByRedirect, "a Response came by HTTP-Redirect; MPass posts Responses (HTTP-POST binding)"))
            }
            report.add(contentsOf: input.bindingChecks)
            return Verification(report: report, assertion: report.isValid ? validation.assertion : nil)
        }
        let from = try sender(of: kind)
        let pinned = from == .mpass ? idpCertificates : spCertificates
        // Bindings 3.4.4.1: a Redirect message is signed over its query, not inside the XML.
        let bindingChecks = input.redirect?.verifySignature(
            policy: SignaturePolicy(pinnedCertificates: pinned, allowWeakAlgorithms: allowWeakAlgorithms)) ?? []
        let expectations = RequestExpectations(
            pinnedCertificates: pinned, issuer: from == .mpass ? idpIssuer : serviceIssuer, destination: destination,
            nameID: nameID, sessionIndex: sessionIndex, outstandingRequestIDs: outstandingRequestIDs,
            signatureVerifiedByBinding: input.redirect != nil && !bindingChecks.contains(where: \.isFailure),
            allowWeakAlgorithms: allowWeakAlgorithms)
        let validator = RequestValidator(expectations: expectations, window: window)
        var report: ValidationReport = switch kind {
        case .authnRequest: try validator.validateAuthnRequest(document).report
        case .logoutRequest: try validator.validateLogoutRequest(document).report
        default: try validator.validateLogoutResponse(document).report
        }
        report.add(contentsOf: bindingChecks + input.bindingChecks)
        return Verification(report: report, assertion: nil)
    }

    /// Who sent a message that is not a Response.
    func sender(of kind: SAMLMessage.Kind) throws(HarnessError) -> Sender {
        if let sender { return sender }
        switch kind {
        case .response: return .mpass
        case .authnRequest: return .service
        case .logoutRequest, .logoutResponse:
            if !idpCertificates.isEmpty && !spCertificates.isEmpty {
                throw HarnessError(.messageSenderAmbiguous,
                    "a \(kind.rawValue) can come from MPass or from the Service; say which with --from mpass|service")
            }
            return idpCertificates.isEmpty ? .service : .mpass
        }
    }
}
