/// URIs of SAML 2.0 that messages carry as values.
public enum SAMLURI {
    public static let version = "2.0"

    public static let bindingHTTPPost = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    public static let bindingHTTPRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"

    public static let statusSuccess = "urn:oasis:names:tc:SAML:2.0:status:Success"
    public static let statusRequester = "urn:oasis:names:tc:SAML:2.0:status:Requester"
    public static let statusResponder = "urn:oasis:names:tc:SAML:2.0:status:Responder"
    public static let statusVersionMismatch = "urn:oasis:names:tc:SAML:2.0:status:VersionMismatch"
    public static let statusAuthnFailed = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"
    public static let statusPartialLogout = "urn:oasis:names:tc:SAML:2.0:status:PartialLogout"
    public static let statusRequestDenied = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied"
    public static let statusNoPassive = "urn:oasis:names:tc:SAML:2.0:status:NoPassive"

    public static let confirmationBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    public static let consentPrior = "urn:oasis:names:tc:SAML:2.0:consent:prior"
    public static let consentExplicit = "urn:oasis:names:tc:SAML:2.0:consent:current-explicit"

    public static let nameIDFormatUnspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
    public static let nameIDFormatPersistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
    public static let attributeNameFormatBasic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
    public static let attributeNameFormatURI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
    public static let authnContextUnspecified = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified"
    public static let authnContextSmartcardPKI = "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"
    public static let logoutReasonUser = "urn:oasis:names:tc:SAML:2.0:logout:user"
}
