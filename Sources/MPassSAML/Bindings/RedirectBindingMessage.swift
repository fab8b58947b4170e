import Foundation

/// A message received through the HTTP-Redirect binding: inflated, with the query signature
/// still to be checked against pinned certificates (`verifySignature(policy:)`).
public struct RedirectBindingMessage: Sendable {
    public let field: SAMLMessageField
    /// The inflated message XML (hand it to `SafeXMLParser`).
    public let xml: Data
    public let relayState: String?
    /// `SigAlg`, URL-decoded; nil when absent.
    public let signatureAlgorithmURI: String?
    /// `Signature`, URL-decoded (still base64); nil when absent.
    public let signatureText: String?
    /// The octets a query signature covers, rebuilt from the raw received values.
    public let signedOctets: Data
    /// Parameters that are not the binding's (MPass's `lang`), decoded.
    public let otherParameters: [String: String]

    /// `binding.relay-state.length` for the RelayState received.
    public var relayStateCheck: CheckResult { RelayState.check(relayState) }

    /// Checks the query signature with the pinned certificates only:
    /// `redirect.signature.present`, `redirect.signature.algorithm`, `redirect.signature.value`.
    /// Every check is returned, failed or skipped ones included; nothing is thrown.
    public func verifySignature(policy: SignaturePolicy) -> [CheckResult] {
        let presentID = CheckID.redirectSignaturePresent
        let algorithmID = CheckID.redirectSignatureAlgorithm
        let valueID = CheckID.redirectSignatureValue
        var checks: [CheckResult] = []

        // SAML Bindings 3.4.4.1: a signed message carries both SigAlg and Signature.
        switch (signatureAlgorithmURI, signatureText) {
        case (.some, .some):
            checks.append(.pass(presentID, "SigAlg and Signature present"))
        case (nil, nil):
            checks.append(.fail(presentID, "the query carries no SigAlg and no Signature; MPass accepts only signed messages (SAML Bindings 3.4.4.1)"))
        case (.some, nil):
            checks.append(.fail(presentID, "the query carries SigAlg but no Signature"))
        case (nil, .some):
            checks.append(.fail(presentID, "the query carries Signature but no SigAlg, so the algorithm is unknown"))
        }
        guard checks[0].isPass, let uri = signatureAlgorithmURI, let text = signatureText else {
            return checks + [.skip(algorithmID, because: presentID), .skip(valueID, because: presentID)]
        }

        // An unknown SigAlg is a failed check, never mapped to a default.
        guard let algorithm = SignatureAlgorithm(rawValue: uri) else {
            checks.append(.fail(algorithmID, "SigAlg is \(AlgorithmNames.describe(uri)), which this verifier does not accept; allowed: \(SignatureAlgorithm.acceptedNames(allowWeak: policy.allowWeakAlgorithms)) (MPass signs with rsa-sha256)"))
            return checks + [.skip(valueID, because: algorithmID)]
        }
        if algorithm.isWeak {
            guard let check = policy.weakAlgorithmCheck(algorithmID, algorithm.name) else {
                checks.append(.fail(algorithmID, "SigAlg \(algorithm.name) is refused as weak (SHA-1); MPass signs with rsa-sha256"))
                return checks + [.skip(valueID, because: algorithmID)]
            }
            checks.append(check)
        } else {
            checks.append(.pass(algorithmID, algorithm.name))
        }

        let signature: Data
        do {
            signature = try SAMLBase64.decode(text, field: "Signature", maxBytes: 64 * 1024)
        } catch {
            return checks + [.fail(valueID, error.reason)]
        }
        guard !policy.pinnedCertificates.isEmpty else {
            return checks + [.fail(valueID, "no pinned certificate to verify with; give the sender's certificate")]
        }
        for certificate in policy.pinnedCertificates
        where certificate.verify(signature: signature, over: signedOctets, algorithm: algorithm) {
            return checks + [.pass(valueID, "valid, made with the key of \(certificate.subject) over the \(signedOctets.count) octets received")]
        }
        let pinned = policy.pinnedCertificates.map(\.subject).joined(separator: "; ")
        return checks + [.fail(valueID,
            "the Signature does not verify over the received octets with the pinned certificate(s) [\(pinned)]: another key signed it, or a parameter was changed after signing")]
    }

    /// `redirect.xml-signature-absent`. SAML Bindings 3.4.4.1: "Any signature on the SAML
    /// protocol message, including the <ds:Signature> XML element itself, MUST be removed"
    /// before DEFLATE encoding; a sender that leaves it in has a finding.
    public var embeddedSignatureCheck: CheckResult {
        let id = CheckID.redirectXMLSignatureAbsent
        guard let document = try? SafeXMLParser().parse(xml) else {
            return .skip(id, because: "a well-formed message")
        }
        if document.root.child("Signature", .ds) != nil {
            return .fail(id, "the message XML still carries a ds:Signature; over HTTP-Redirect it must be removed and the query signed instead (SAML Bindings 3.4.4.1)")
        }
        return .pass(id, "no ds:Signature in the message XML")
    }
}
