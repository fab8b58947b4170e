import Vocabulary

/// A SAML message encoded for the HTTP-POST binding (SAML Bindings 3.5.4): the form's
/// target and its fields. `page()` renders the auto-submitting HTML page a browser gets;
/// `formBody` is what that browser then posts, for clients that post directly.
public struct PostBindingForm: Sendable, Equatable {
    /// The form's `action`: the receiver's endpoint (ACS URL, SLO URL, MPass SSO URL).
    public let action: String
    public let field: SAMLMessageField
    /// Base64 of the message XML, one line.
    public let encodedMessage: String
    public let relayState: String?

    init(action: String, field: SAMLMessageField, encodedMessage: String, relayState: String?) {
        self.action = action
        self.field = field
        self.encodedMessage = encodedMessage
        self.relayState = relayState
    }

    /// The fields in the order they are written: the message, then RelayState when present.
    public var fields: [FormField] {
        var result = [FormField(name: field.parameterName, value: encodedMessage)]
        if let relayState { result.append(FormField(name: "RelayState", value: relayState)) }
        return result
    }

    /// `application/x-www-form-urlencoded` body, as a browser submits the form.
    public var formBody: String {
        FormURLEncoding.encode(fields, component: FormURLEncoding.percentEncode)
    }

    /// The auto-submitting page, with the headers it must be served with.
    public func page(title: String = "Sending you on") -> PostBindingPage {
        PostBindingPage(form: self, title: title)
    }
}
