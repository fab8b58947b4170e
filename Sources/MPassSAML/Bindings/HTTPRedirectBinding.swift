import Foundation
import Vocabulary

/// The HTTP-Redirect binding (SAML Bindings 3.4): the message is raw-DEFLATEd, base64-encoded
/// and URL-encoded into the query parameter `SAMLRequest` or `SAMLResponse`; it is signed not
/// by an enveloped XML signature but over the query itself (`SigAlg`, `Signature`).
///
/// MPass supports this binding but recommends HTTP-POST.
public enum HTTPRedirectBinding {
    /// Cap on inflated output (refuses deflate bombs); a SAML message is a few kilobytes.
    public static let defaultMaxInflatedBytes = 1 << 20

    // MARK: Sending

    /// Encodes `message` for a redirect to `destination`, signing the query when
    /// `signingKey` is given.
    ///
    /// SAML Bindings 3.4.4.1: when the query is signed, "any signature on the SAML protocol
    /// message, including the <ds:Signature> XML element itself, MUST be removed" — give the
    /// XML unsigned. The destination may already carry a query (MPass's SSO URL takes
    /// `lang=ro|ru|en`); the SAML parameters are appended after it with `&`.
    public static func encode(_ message: Data, as field: SAMLMessageField, destination: String,
                              relayState: String? = nil, signingKey: PrivateKey? = nil,
                              signatureAlgorithm: SignatureAlgorithm = .rsaSha256) throws(HarnessError) -> RedirectBindingURL {
        // SAML Bindings 3.4.3: "The value MUST NOT exceed 80 bytes in length".
        if let relayState { try RelayState.validate(relayState) }
        let parts = try EndpointURL.validate(destination, what: "destination")
        for name in ["SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature"]
        where parts.query.map({ Self.hasParameter(named: name, in: $0) }) == true {
            throw HarnessError(.bindingBadURL,
                "the destination \"\(destination)\" already carries a \(name) parameter; the binding adds its own")
        }

        // SAML Bindings 3.4.4.1: DEFLATE (RFC 1951), then base64, then URL-encoding.
        let deflated = try RawDeflate.compress(message)
        var query = "\(field.parameterName)=\(FormURLEncoding.percentEncode(deflated.base64EncodedString()))"
        if let relayState {
            query += "&RelayState=\(FormURLEncoding.percentEncode(relayState))"
        }

        var signedOctets: Data?
        var signature: Data?
        if let signingKey {
            // "SAMLRequest=value&RelayState=value&SigAlg=value", the values URL-encoded, in
            // that order, RelayState left out when absent: exactly the text of `query` so far.
            query += "&SigAlg=\(FormURLEncoding.percentEncode(signatureAlgorithm.uri))"
            let octets = Data(query.utf8)
            let value = try signingKey.sign(octets, algorithm: signatureAlgorithm)
            query += "&Signature=\(FormURLEncoding.percentEncode(value.base64EncodedString()))"
            signedOctets = octets
            signature = value
        }

        let url: String
        switch parts.query {
        case nil: url = "\(destination)?\(query)"
        case let existing? where existing.isEmpty || existing.hasSuffix("&"): url = destination + query
        case .some: url = "\(destination)&\(query)"
        }
        return RedirectBindingURL(url: url, query: query, signedOctets: signedOctets, signature: signature,
                                  signatureAlgorithm: signingKey == nil ? nil : signatureAlgorithm)
    }

    // MARK: Receiving

    /// Decodes the SAML message of a full URL (everything after the first `?`, up to `#`).
    public static func decode(url: String, maxInflatedBytes: Int = defaultMaxInflatedBytes) throws(HarnessError) -> RedirectBindingMessage {
        guard let mark = url.firstIndex(of: "?") else {
            throw HarnessError(.bindingMissingParameter,
                "the URL has no query; an HTTP-Redirect message travels in SAMLRequest or SAMLResponse (SAML Bindings 3.4.4)")
        }
        var query = url[url.index(after: mark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        return try decode(query: String(query), maxInflatedBytes: maxInflatedBytes)
    }

    /// Decodes a raw query string (a leading `?` is allowed), keeping the encoded values
    /// exactly as received for signature verification.
    public static func decode(query: String, maxInflatedBytes: Int = defaultMaxInflatedBytes) throws(HarnessError) -> RedirectBindingMessage {
        let text = query.hasPrefix("?") ? String(query.dropFirst()) : query
        var saml: [String: String] = [:]   // name → raw (still encoded) value
        var others: [String: String] = [:]
        for pair in FormURLEncoding.rawPairs(text) {
            let name = try URLQueryCoding.percentDecodeString(pair.name, plusAsSpace: true, what: "a query parameter name")
            if samlParameterNames.contains(name) {
                // Each SAML parameter once: with two, signer and reader could each pick a
                // different one (HTTP parameter pollution).
                guard saml[name] == nil else {
                    throw HarnessError(.bindingDuplicateParameter,
                        "the query carries \(name) more than once; each SAML parameter may appear once")
                }
                saml[name] = pair.value
            } else if others[name] == nil {
                others[name] = try URLQueryCoding.percentDecodeString(pair.value, plusAsSpace: true, what: "the query parameter \(name)")
            }
        }

        let field: SAMLMessageField
        let rawMessage: String
        switch (saml["SAMLRequest"], saml["SAMLResponse"]) {
        case (let request?, nil): (field, rawMessage) = (.request, request)
        case (nil, let response?): (field, rawMessage) = (.response, response)
        case (.some, .some):
            throw HarnessError(.bindingDuplicateParameter,
                "the query carries both SAMLRequest and SAMLResponse; a redirect carries exactly one message")
        case (nil, nil):
            throw HarnessError(.bindingMissingParameter,
                "the query has neither a SAMLRequest nor a SAMLResponse parameter (SAML Bindings 3.4.4); parameters present: \(Self.describe(saml.keys, others.keys))")
        }

        // Base64 values: a raw '+' is taken as '+', not as a space. RFC 3986 queries give '+'
        // no special meaning, base64 never holds a space, and a sender that forgot to escape
        // '+' is then still read correctly instead of being silently corrupted.
        let base64Text = try URLQueryCoding.percentDecodeString(rawMessage, plusAsSpace: false, what: field.parameterName)
        // Base64 expands 3→4, so a message that inflates within the cap is far smaller.
        let deflated = try SAMLBase64.decode(base64Text, field: field.parameterName, maxBytes: maxInflatedBytes)
        let xml = try RawDeflate.decompress(deflated, maxOutputBytes: maxInflatedBytes)

        let relayState = try saml["RelayState"].map { raw throws(HarnessError) in
            try URLQueryCoding.percentDecodeString(raw, plusAsSpace: true, what: "RelayState")
        }
        let sigAlg = try saml["SigAlg"].map { raw throws(HarnessError) in
            try URLQueryCoding.percentDecodeString(raw, plusAsSpace: true, what: "SigAlg")
        }
        let signatureText = try saml["Signature"].map { raw throws(HarnessError) in
            try URLQueryCoding.percentDecodeString(raw, plusAsSpace: false, what: "Signature")
        }

        // SAML Bindings 3.4.4.1: the signature covers "SAMLRequest=value&RelayState=value&SigAlg=value"
        // (or SAMLResponse), with the values as they appear in the URL: raw, never re-encoded,
        // because encoders differ (case of hex digits, which characters they escape).
        var octets = "\(field.parameterName)=\(rawMessage)"
        if let raw = saml["RelayState"] { octets += "&RelayState=\(raw)" }
        if let raw = saml["SigAlg"] { octets += "&SigAlg=\(raw)" }

        return RedirectBindingMessage(field: field, xml: xml, relayState: relayState,
                                      signatureAlgorithmURI: sigAlg, signatureText: signatureText,
                                      signedOctets: Data(octets.utf8), otherParameters: others)
    }

    static let samlParameterNames: Set<String> = ["SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature"]

    private static func hasParameter(named name: String, in query: String) -> Bool {
        FormURLEncoding.rawPairs(query).contains { pair in
            (try? URLQueryCoding.percentDecodeString(pair.name, plusAsSpace: true, what: "")) == name
        }
    }

    private static func describe(_ a: Dictionary<String, String>.Keys, _ b: Dictionary<String, String>.Keys) -> String {
        let names = (Array(a) + Array(b)).sorted()
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}
