import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MPassSAML
import NIOConcurrencyHelpers
@testable import ReferenceService

/// Keys made in code for this test run (swift-certificates style): the simulated MPass,
/// the Service, and a "compatible certificate" copying MPass's names on another key.
enum TestIdentities {
    static let idp = try! TestCredentialFactory.make(.init(commonName: "reference-service tests: MPass IdP"))
    static let service = try! TestCredentialFactory.make(.init(commonName: "reference-service tests: Service"))
    static let foreign = try! TestCredentialFactory.make(.init(commonName: "ignored", namesCopiedFrom: idp.certificate))
}

/// A clock a test can move.
final class TestClock: Sendable {
    private let box: NIOLockedValueBox<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) { box = NIOLockedValueBox(start) }
    var now: Date { box.withLockedValue { $0 } }
    func advance(_ seconds: TimeInterval) { box.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
}

/// The Service's and the simulated MPass's names in every test.
enum Names {
    static let baseURL = "http://127.0.0.1:8080"
    static let issuer = "https://reference-service.test"
    static let idpIssuer = "https://mpass.sim.test"
    static let idpSSOURL = "https://mpass.sim.test/login/saml"
    static let idpSLOURL = "https://mpass.sim.test/logout/saml"
    static let idpOrigin = "https://mpass.sim.test"
    static let acsURL = baseURL + "/mpass-login"
    static let nameID = "2001234567890"
}

func makeConfiguration(weaknesses: Set<ServiceWeakness> = [], clock: TestClock = TestClock(),
                       baseURL: String? = Names.baseURL) -> ReferenceServiceConfiguration {
    ReferenceServiceConfiguration(
        baseURL: baseURL, issuer: Names.issuer, identity: TestIdentities.service, idpIssuer: Names.idpIssuer,
        idpCertificates: [TestIdentities.idp.certificate], idpSSOURL: Names.idpSSOURL, idpSLOURL: Names.idpSLOURL,
        weaknesses: weaknesses, now: { clock.now })
}

/// Runs `body` against the Service's router in-process (no socket), with a cookie jar.
func withService<T: Sendable>(weaknesses: Set<ServiceWeakness> = [], clock: TestClock = TestClock(),
                              baseURL: String = Names.baseURL,
                              _ body: @escaping @Sendable (ServiceClient) async throws -> T) async throws -> T {
    let core = try ServiceCore(configuration: makeConfiguration(weaknesses: weaknesses, clock: clock, baseURL: baseURL))
    let app = Application(router: ReferenceService.buildRouter(core: core))
    return try await app.test(.router) { client in
        try await body(ServiceClient(client: client, core: core, clock: clock))
    }
}

/// What a test sees of one answer.
struct Page: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: String

    var location: String? { headers[.location] }
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
    var setCookies: [String] { headers[values: .setCookie] }

    /// The hidden fields of the page's form, unescaped.
    var formFields: [String: String] {
        var fields: [String: String] = [:]
        let pattern = #/<input type="hidden" name="([^"]*)" value="([^"]*)">/#
        for match in body.matches(of: pattern) {
            fields[Self.unescape(String(match.1))] = Self.unescape(String(match.2))
        }
        return fields
    }

    var formAction: String? {
        body.firstMatch(of: #/<form method="post" action="([^"]*)">/#).map { Self.unescape(String($0.1)) }
    }

    /// The check ids a "Login failed" page lists as failed.
    var failedCheckIDs: Set<String> {
        guard let list = body.firstMatch(of: #/<ul id="failed-checks">(?s)(.*?)</ul>/#) else { return [] }
        return Set(String(list.1).matches(of: #/<li><code>([^<]*)</code>/#).map { String($0.1) })
    }

    /// The XML carried in the form's SAMLRequest or SAMLResponse.
    var samlXML: Data? {
        (formFields["SAMLRequest"] ?? formFields["SAMLResponse"]).flatMap { Data(base64Encoded: $0) }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// A browser's view of the in-process Service: a cookie jar (name → value) and helpers
/// for the login and logout flows. Cross-site POSTs from MPass can be sent with or without
/// cookies, as browsers differ there (SameSite=Lax cookies are not sent).
final class ServiceClient: Sendable {
    let client: any TestClientProtocol
    let core: ServiceCore
    let clock: TestClock
    private let jar = NIOLockedValueBox<[String: String]>([:])

    init(client: any TestClientProtocol, core: ServiceCore, clock: TestClock) {
        self.client = client
        self.core = core
        self.clock = clock
    }

    var cookies: [String: String] { jar.withLockedValue { $0 } }
    func dropCookies() { jar.withLockedValue { $0 = [:] } }

    func get(_ uri: String) async throws -> Page {
        try await send(uri, method: .get, body: nil, withCookies: true)
    }

    func post(_ uri: String, fields: [String: String], withCookies: Bool = true) async throws -> Page {
        let body = fields.sorted { $0.key < $1.key }
            .map { "\(Self.formEncode($0.key))=\(Self.formEncode($0.value))" }.joined(separator: "&")
        return try await send(uri, method: .post, body: body, withCookies: withCookies)
    }

    private func send(_ uri: String, method: HTTPRequest.Method, body: String?, withCookies: Bool) async throws -> Page {
        var headers = HTTPFields()
        let cookies = self.cookies
        if withCookies, !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: uri, method: method, headers: headers,
                                                body: body.map { ByteBuffer(string: $0) })
        let page = Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        for line in page.setCookies {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            let expired = line.contains("Max-Age=0")
            jar.withLockedValue { jar in
                if expired || value.isEmpty { jar.removeValue(forKey: name) } else { jar[name] = value }
            }
        }
        return page
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+")
    }

    // MARK: Flows

    /// `GET /login`: the AuthnRequest's ID and the RelayState the page carries.
    func startLogin(returnTo: String? = nil) async throws -> (requestID: String, relayState: String, page: Page) {
        let page = try await get("/login" + (returnTo.map { "?returnTo=" + Self.formEncode($0) } ?? ""))
        let request = AuthnRequest(parsing: try SafeXMLParser().parse(page.samlXML!).root)
        return (request.id!, page.formFields["RelayState"]!, page)
    }

    /// MPass's answer, posted to the ACS the way a browser does after MPass's page.
    func postResponse(_ xml: Data, relayState: String?, withCookies: Bool = true) async throws -> Page {
        var fields = ["SAMLResponse": xml.base64EncodedString()]
        if let relayState { fields["RelayState"] = relayState }
        return try await post("/mpass-login", fields: fields, withCookies: withCookies)
    }

    /// A full login with a valid Response; returns the session's SessionIndex.
    @discardableResult
    func logIn(sessionIndex: String = "_session-1") async throws -> Page {
        let (requestID, relayState, _) = try await startLogin()
        var factory = ResponseFactory(now: clock.now, requestID: requestID)
        factory.sessionIndex = sessionIndex
        return try await postResponse(try factory.signed(factory.response()), relayState: relayState)
    }

    func isLoggedIn() async throws -> Bool {
        let page = try await get("/protected")
        return page.status == .ok && page.body.contains("Logged in as")
    }
}

/// The simulated MPass's messages, built with the library and signed by the test IdP.
struct ResponseFactory: Sendable {
    var now: Date
    var requestID: String?
    var acsURL = Names.acsURL
    var nameID = Names.nameID
    var sessionIndex = "_session-1"
    var signer = XMLSigner(identity: TestIdentities.idp)
    var signResponse = true

    func assertion(id: String = SAMLIdentifier.make()) -> Assertion {
        Assertion(
            id: id, issueInstant: SAMLInstant(now), issuer: Names.idpIssuer,
            subject: Subject(nameID: NameID(nameID), confirmations: [
                SubjectConfirmation(data: SubjectConfirmationData(
                    notOnOrAfter: SAMLInstant(now.addingTimeInterval(300)), recipient: acsURL, inResponseTo: requestID)),
            ]),
            conditions: Conditions(notBefore: SAMLInstant(now.addingTimeInterval(-5)),
                                   notOnOrAfter: SAMLInstant(now.addingTimeInterval(600)),
                                   audienceRestrictions: [[Names.issuer]]),
            authnStatements: [AuthnStatement(authnInstant: SAMLInstant(now.addingTimeInterval(-2)), sessionIndex: sessionIndex,
                                             sessionNotOnOrAfter: SAMLInstant(now.addingTimeInterval(8 * 3600)))],
            attributes: [Attribute(name: "FirstName", values: ["Ion"]), Attribute(name: "LastName", values: ["Popescu"])])
    }

    func response() -> MPassSAML.Response {
        MPassSAML.Response(issueInstant: now, destination: acsURL, inResponseTo: requestID, issuer: Names.idpIssuer,
                 assertions: [assertion()])
    }

    /// MPass's answer to a cancelled login: signed, non-Success, no Assertion.
    func cancelled() -> MPassSAML.Response {
        MPassSAML.Response(issueInstant: now, destination: Names.acsURL, inResponseTo: requestID, issuer: Names.idpIssuer,
                 status: Status(code: SAMLURI.statusRequester, subcode: SAMLURI.statusAuthnFailed, message: "cancelled by the user"))
    }

    func signed(_ response: MPassSAML.Response) throws -> Data {
        try response.signedDocument(signer: signer, signResponse: signResponse).serialized()
    }

    func logoutRequest(id: String = SAMLIdentifier.make(), sessionIndex: String? = nil) -> LogoutRequest {
        LogoutRequest(id: id, issueInstant: now, destination: Names.baseURL + "/mpass-slo", issuer: Names.idpIssuer,
                      nameID: NameID(nameID), sessionIndex: sessionIndex ?? self.sessionIndex)
    }

    func logoutResponse(inResponseTo: String?) -> LogoutResponse {
        LogoutResponse(issueInstant: now, destination: Names.baseURL + "/mpass-logout", inResponseTo: inResponseTo,
                       issuer: Names.idpIssuer)
    }
}
