import Foundation
import Vocabulary

/// The HTTP-POST binding (SAML Bindings 3.5): a message travels base64-encoded in the form
/// field `SAMLRequest` or `SAMLResponse`, with an optional `RelayState`, through an
/// auto-submitting HTML form. Messages carry their own enveloped XML signature.
public enum HTTPPostBinding {
    /// Largest decoded message accepted by default: a signed MPass Response is a few KB.
    public static let defaultMaxMessageBytes = 1 << 20

    // MARK: Sending

    /// Encodes `message` (the XML bytes, already signed) for posting to `action`.
    ///
    /// Throws `bindingRelayStateTooLong` for a RelayState over 80 bytes and `bindingBadURL`
    /// for an action that is not an absolute http(s) URL.
    public static func encode(_ message: Data, as field: SAMLMessageField, action: String,
                              relayState: String? = nil) throws(HarnessError) -> PostBindingForm {
        // SAML Bindings 3.5.3: "The value MUST NOT exceed 80 bytes in length".
        if let relayState { try RelayState.validate(relayState) }
        _ = try EndpointURL.validate(action, what: "form action")
        // SAML Bindings 3.5.4: "the SAML protocol message is encoded ... using base64"; one
        // line, because line breaks are a tolerance receivers grant, not a requirement.
        return PostBindingForm(action: action, field: field,
                               encodedMessage: message.base64EncodedString(), relayState: relayState)
    }

    // MARK: Receiving

    /// Decodes an `application/x-www-form-urlencoded` body (`+` is a space, `%XX` escapes).
    public static func decode(formBody: String, maxMessageBytes: Int = defaultMaxMessageBytes) throws(HarnessError) -> PostBindingMessage {
        var fields: [String: String] = [:]
        for pair in FormURLEncoding.rawPairs(formBody) {
            let name = try URLQueryCoding.percentDecodeString(pair.name, plusAsSpace: true, what: "a form field name")
            let value = try URLQueryCoding.percentDecodeString(pair.value, plusAsSpace: true, what: "the form field \(name)")
            // One value per field: with two SAMLResponse fields, which one the receiver
            // reads is up to its form parser, and that difference is an attack surface.
            if fields[name] != nil, Self.samlFieldNames.contains(name) {
                throw HarnessError(.bindingDuplicateParameter,
                    "the form carries \(name) more than once; a SAML form has each field once")
            }
            fields[name] = value
        }
        return try decode(fields: fields, maxMessageBytes: maxMessageBytes)
    }

    /// Decodes bytes of a form body (must be ASCII, as form encoding makes it).
    public static func decode(formBody: Data, maxMessageBytes: Int = defaultMaxMessageBytes) throws(HarnessError) -> PostBindingMessage {
        guard let text = String(validating: formBody, as: UTF8.self) else {
            throw HarnessError(.bindingBadURL, "the form body is not text; expected application/x-www-form-urlencoded")
        }
        return try decode(formBody: text, maxMessageBytes: maxMessageBytes)
    }

    /// Decodes fields already split and percent-decoded by a web framework.
    public static func decode(fields: [String: String], maxMessageBytes: Int = defaultMaxMessageBytes) throws(HarnessError) -> PostBindingMessage {
        let request = fields[SAMLMessageField.request.parameterName]
        let response = fields[SAMLMessageField.response.parameterName]
        let field: SAMLMessageField
        let encoded: String
        switch (request, response) {
        case (let request?, nil):
            (field, encoded) = (.request, request)
        case (nil, let response?):
            (field, encoded) = (.response, response)
        case (.some, .some):
            throw HarnessError(.bindingDuplicateParameter,
                "the form carries both SAMLRequest and SAMLResponse; a SAML form carries exactly one message")
        case (nil, nil):
            let found = fields.keys.sorted()
            throw HarnessError(.bindingMissingParameter,
                "the form has neither a SAMLRequest nor a SAMLResponse field (SAML Bindings 3.5.4); fields present: \(found.isEmpty ? "none" : found.joined(separator: ", "))")
        }
        let xml = try SAMLBase64.decode(encoded, field: field.parameterName, maxBytes: maxMessageBytes)
        return PostBindingMessage(field: field, xml: xml, relayState: fields["RelayState"])
    }

    private static let samlFieldNames: Set<String> = ["SAMLRequest", "SAMLResponse", "RelayState"]
}
