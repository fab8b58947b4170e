import Foundation
import MPassSAML

/// MSG: what the Service itself sends and serves. Its AuthnRequest is judged by the checks
/// MPass makes on it, one duty per case; its pages and cookies by their headers.
extension Catalogue {
    static let messages: [CatalogueEntry] = {
        let msg = AreaBuilder(area: .messages)
        let authn = "MPass guide, AuthnRequest"
        let signatures = "MPass guide, bindings and signatures (RSA-SHA256, SHA-256; MPass authenticates a Service only by this signature)"
        let noCache = "SAML Bindings 3.5.5.1 (pages carrying SAML forms are not cached); RFC 9111 5.2.2.5 (no-store: no cache may store any part of it); MPass guide, bindings"
        let none = "none: the Service's own behaviour is observed"
        return [
            msg.make(1, "The AuthnRequest is signed",
                     rule: signatures, expect: .messageValid, fault: none, 
                     .authnRequestChecks([.authnRequestSignature.present, .authnRequestSignature.value], logins: 1)),
            msg.make(2, "The AuthnRequest is signed with RSA-SHA256 and a SHA-256 digest",
                     rule: signatures, expect: .messageValid, fault: none, 
                     .authnRequestChecks([.authnRequestSignature.algorithm, .authnRequestSignature.digestAlgorithm], logins: 1)),
            msg.make(3, "The AuthnRequest carries NameIDPolicy AllowCreate=\"true\"",
                     rule: "\(authn): NameIDPolicy required, exactly <saml2p:NameIDPolicy AllowCreate=\"true\"/>", expect: .messageValid,
                     fault: none, .authnRequestChecks([.authnRequestNameIDPolicy], logins: 1)),
            msg.make(4, "The AuthnRequest is addressed to MPass's SSO URL",
                     rule: "\(authn): @Destination the MPass SSO URL; SAML Bindings 3.5.5.2", expect: .messageValid,
                     fault: none, .authnRequestChecks([.authnRequestDestination], logins: 1)),
            msg.make(5, "The AuthnRequest's IssueInstant is fresh and UTC",
                     rule: "\(authn): @IssueInstant required, UTC", expect: .messageValid,
                     fault: none, .authnRequestChecks([.authnRequestIssueInstant], logins: 1)),
            msg.make(6, "AuthnRequest IDs are unique across logins",
                     rule: "\(authn): @ID required, unique (MPass returns it in InResponseTo); SAML Core 1.3.4", expect: .messageValid,
                     fault: none, .authnRequestChecks([.authnRequestID], logins: 2)),
            msg.make(7, "The AuthnRequest names the Service as registered",
                     rule: "\(authn): Issuer the Service's registered issuer; @AssertionConsumerServiceURL registered; Version 2.0",
                     expect: .messageValid, fault: none, 
                     .authnRequestChecks([.authnRequestIssuer, .authnRequestACSURL, .authnRequestVersion, .authnRequestProtocolBinding], logins: 1)),
            msg.make(8, "The page that posts the AuthnRequest is not cached",
                     rule: noCache, expect: .compliantHTTP, fault: none, .observe(.authnRequestPageNotCacheable)),
            msg.make(9, "The page that posts the LogoutRequest is not cached",
                     rule: noCache, expect: .compliantHTTP, fault: none, .observe(.logoutRequestPageNotCacheable)),
            msg.make(10, "The protected page is not stored in caches",
                     rule: "OWASP Session Management Cheat Sheet (no-store on pages with personal data)", severity: .recommended,
                     expect: .compliantHTTP, fault: none, .observe(.protectedPageNotCacheable)),
            msg.make(11, "The session cookie is HttpOnly",
                     rule: "OWASP Session Management Cheat Sheet (HttpOnly); RFC 6265 4.1.2.6", expect: .compliantHTTP,
                     fault: none, .observe(.sessionCookieHttpOnly)),
            msg.make(12, "The session cookie has SameSite",
                     rule: "RFC 6265bis 4.1.2.7 (SameSite); OWASP Cross-Site Request Forgery Prevention", severity: .recommended,
                     expect: .compliantHTTP, fault: none, .observe(.sessionCookieSameSite)),
            msg.make(13, "The session cookie is Secure (over HTTPS)",
                     rule: "MPass guide, security considerations (all browser traffic over HTTPS); RFC 6265 4.1.2.5", severity: .recommended,
                     expect: .compliantHTTP, fault: none, .observe(.sessionCookieSecure)),
            msg.make(14, "The single-logout answer may be framed by MPass only",
                     rule: "MPass guide, LogoutRequest (\"the answer page must allow framing by MPass\"; CSP frame-ancestors)",
                     expect: .compliantHTTP, fault: none, .observe(.singleLogoutAnswerFrameAncestors)),
            msg.make(15, "The Service's URLs are HTTPS",
                     rule: "MPass guide, security considerations (\"all browser traffic of the login and logout flows over HTTPS\")",
                     severity: .recommended, expect: .compliantHTTP, fault: none, .observe(.httpsURLs)),
        ]
    }()
}
