import BrowserAgent
import Evidence
import Foundation
import HTTPTypes
import MPassSAML
import Testing
import TestSupport
import Vocabulary

/// Shared helpers: fixture files, temporary folders, test identities, and a real recorded
/// login and logout made by the browser agent against two in-process hosts.
enum TestSupport {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func recording(_ name: String) -> String {
        fixtures.appendingPathComponent("recordings").appendingPathComponent(name).path
    }

    /// A new folder inside the running test's own (`.temporaryDirectories`), removed when the test ends.
    static func temporaryDirectory(_ label: String = "evidence") -> URL {
        scopedTemporaryDirectory(label)
    }

    static func identity(_ name: String) throws -> SigningIdentity {
        try TestCredentialFactory.make(.init(commonName: name,
                                             notBefore: Date(timeIntervalSince1970: 1_700_000_000),
                                             notAfter: Date(timeIntervalSince1970: 1_900_000_000)))
    }

    /// The fixed clock of recorded runs: 2026-11-20T09:15:00Z.
    static let recordedAt = Date(timeIntervalSince1970: 1_795_166_100)
}

/// A small login and logout as the harness's browser records them, against an IdP and a
/// Service answered in process. The messages are real SAML (unsigned here; signature
/// tests sign their own), the Service sets a session cookie, and the IdP's login form
/// takes a password, so every redaction rule has something to act on.
enum RecordedRun {
    static let idpBase = "https://idp.test"
    static let serviceBase = "https://sp.test"
    static let password = "correct-horse-battery"
    static let sessionCookie = "sess-4f1e2d3c4b5a69788796a5b4c3d2e1f0"

    static let authnRequestID = "_a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"
    static let responseID = "_f0e1d2c3b4a5968778695a4b3c2d1e0f"
    static let logoutRequestID = "_1234567890abcdef1234567890abcdef"

    static func authnRequestXML() throws -> Data {
        let request = AuthnRequest(id: authnRequestID, issueInstant: TestSupport.recordedAt,
                                   destination: "\(idpBase)/login/saml", issuer: "https://sp.test/metadata",
                                   assertionConsumerServiceURL: "\(serviceBase)/acs")
        return try request.document().serialized()
    }

    static func responseXML() -> Data {
        Data("""
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="\(responseID)" Version="2.0" IssueInstant="2026-11-20T09:15:00Z" Destination="\(serviceBase)/acs" \
        InResponseTo="\(authnRequestID)"><saml:Issuer>https://idp.test/saml</saml:Issuer><samlp:Status>\
        <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>
        """.utf8)
    }

    static func logoutRequestXML() throws -> Data {
        let request = LogoutRequest(id: logoutRequestID, issueInstant: TestSupport.recordedAt,
                                    destination: "\(idpBase)/logout/saml", issuer: "https://sp.test/metadata",
                                    nameID: NameID("2001234567890"), sessionIndex: "_s1")
        return try request.document().serialized()
    }

    /// Runs the flow and returns the browser's log.
    static func record() async throws -> ExchangeLog {
        let authn = try authnRequestXML()
        let response = responseXML()
        let logout = try logoutRequestXML()
        let log = ExchangeLog()
        try await Browser.withBrowser(log: log, now: { TestSupport.recordedAt }) { browser in
            try await browser.register(baseURL: URL(string: serviceBase)!) { request in
                switch (request.method, request.url.path) {
                case ("GET", "/login"):
                    let form = try HTTPPostBinding.encode(authn, as: .request, action: "\(idpBase)/login/saml", relayState: "r1")
                    return .html(form.page().html)
                case ("POST", "/acs"):
                    return .redirect(to: "/", headers: [.setCookie: "session=\(sessionCookie); Path=/; Secure; HttpOnly; SameSite=Lax"])
                case ("GET", "/logout"):
                    let url = try HTTPRedirectBinding.encode(logout, as: .request, destination: "\(idpBase)/logout/saml")
                    return .redirect(to: url.url)
                default:
                    return .html("<html><body>Welcome</body></html>")
                }
            }
            try await browser.register(baseURL: URL(string: idpBase)!) { request in
                switch (request.method, request.url.path) {
                case ("POST", "/login/saml"):
                    return .html("""
                    <html><body><form method="post" action="/login/password">\
                    <input name="username"><input type="password" name="password"></form></body></html>
                    """)
                case ("POST", "/login/password"):
                    let form = try HTTPPostBinding.encode(response, as: .response, action: "\(serviceBase)/acs", relayState: "r1")
                    return .html(form.page().html, headers: [.setCookie: "idp_session=idp-secret-77; Path=/; Secure"])
                default:
                    return .html("<html><body>Logged out</body></html>")
                }
            }
            let start = try await browser.get("\(serviceBase)/login")
            _ = try await browser.followAutoSubmits(after: start)
            let login = try await browser.post(URL(string: "\(idpBase)/login/password")!,
                                               form: [FormField("username", "2001234567890"), FormField("password", password)])
            _ = try await browser.followAutoSubmits(after: login)
            _ = try await browser.get("\(serviceBase)/logout")
        }
        return log
    }
}
