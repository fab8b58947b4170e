import Foundation
import HarnessModel
import MPassSAML
@testable import Onboarding
@testable import ReferenceService
import Testing
import TestSupport

/// `live` judges MPass's algorithm without blaming the Service: MPass's Response signed with
/// RSA-SHA1 by the pinned certificate passes with WARN checks (FAIL with
/// `--strict-idp-algorithm`), and the report records the algorithm; the Service's SHA-1
/// AuthnRequest is a FAIL either way.
@Suite(.timeLimit(.minutes(10)), .temporaryDirectories) struct LiveAlgorithmTests {
    static let mpass = try! TestCredentialFactory.make(.init(commonName: "live test MPass"))
    static let service = try! TestCredentialFactory.make(.init(commonName: "live test Service"))
    static let base = "https://localhost:5001"
    /// A loopback stand-in for staging (nothing listens there: the messages are judged offline).
    static let idp = try! LiveIdentityProvider(baseURL: "https://127.0.0.1:7443", issuer: "https://127.0.0.1:7443",
                                               singleSignOnURL: "https://127.0.0.1:7443/login/saml",
                                               singleLogoutURL: "https://127.0.0.1:7443/logout/saml",
                                               certificates: [mpass.certificate])

    static func messages(strict: Bool) -> LiveMessages {
        var messages = LiveMessages(serviceCertificate: service.certificate, serviceIssuer: "https://sp.example", baseURL: base, idp: idp)
        messages.strictAlgorithm = strict
        return messages
    }

    static func exchange(path: String, body: Data = Data(), responseBody: Data = Data(), at now: Date) -> ObservedExchange {
        ObservedExchange(startedAt: now, milliseconds: 1, method: "POST", uri: path, requestHeaders: [:], requestBody: body,
                         status: 200, responseHeaders: [:], responseBody: responseBody)
    }

    static func sha1Response(now: Date, requestID: String) throws -> Data {
        let assertion = Assertion(
            id: SAMLIdentifier.make(), issueInstant: SAMLInstant(now), issuer: idp.issuer,
            subject: Subject(nameID: NameID("2001234567890"), confirmations: [
                SubjectConfirmation(data: SubjectConfirmationData(notOnOrAfter: SAMLInstant(now.addingTimeInterval(300)),
                                                                  recipient: base + "/mpass-login", inResponseTo: requestID)),
            ]),
            conditions: Conditions(notBefore: SAMLInstant(now.addingTimeInterval(-5)), notOnOrAfter: SAMLInstant(now.addingTimeInterval(600)),
                                   audienceRestrictions: [["https://sp.example"]]),
            authnStatements: [AuthnStatement(authnInstant: SAMLInstant(now), sessionIndex: "_s1")])
        let response = MPassSAML.Response(issueInstant: now, destination: base + "/mpass-login", inResponseTo: requestID,
                                          issuer: idp.issuer, assertions: [assertion])
        let signer = XMLSigner(identity: mpass, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1)
        return try response.signedDocument(signer: signer, signResponse: true).serialized()
    }

    static func post(_ xml: Data) -> Data {
        let allowed = CharacterSet.alphanumerics
        return Data("SAMLResponse=\(xml.base64EncodedString().addingPercentEncoding(withAllowedCharacters: allowed) ?? "")".utf8)
    }

    @Test func mpassSHA1IsAWarningAndTheReportNamesIt() throws {
        let now = Date()
        let exchange = Self.exchange(path: "/mpass-login", body: Self.post(try Self.sha1Response(now: now, requestID: "_r1")), at: now)
        let found = try #require(Self.messages(strict: false).fromIdP(exchange, sent: .init(authnRequests: ["_r1": now])))
        let algorithm = try #require(found.evidence.checks[CheckID.responseSignature.algorithm])
        #expect(algorithm.isWarning, "\(algorithm.line)")
        #expect(algorithm.detail.contains("MPass signs with rsa-sha1"))
        #expect(found.evidence.checks.isValid, "\(found.evidence.checks.failures.map(\.line))")
        let result = CaseResult(id: "TC_FUNCT_01", title: "", reference: "", kind: .functional, severity: .required, expected: "",
                                observed: "", verdict: .pass, reason: "", durationMs: 0, steps: [], messages: [found.evidence])
        #expect(LiveSession.signatureAlgorithms(in: [result]) == ["digest sha1", "rsa-sha1"])
    }

    @Test func strictIdPAlgorithmFailsIt() throws {
        let now = Date()
        let exchange = Self.exchange(path: "/mpass-login", body: Self.post(try Self.sha1Response(now: now, requestID: "_r1")), at: now)
        let found = try #require(Self.messages(strict: true).fromIdP(exchange, sent: .init(authnRequests: ["_r1": now])))
        #expect(found.evidence.checks[CheckID.responseSignature.algorithm]?.isFailure == true)
        #expect(!found.evidence.checks.isValid)
    }

    @Test func theServicesSHA1AuthnRequestFails() throws {
        let now = Date()
        let request = AuthnRequest(id: SAMLIdentifier.make(), issueInstant: now, destination: Self.idp.singleSignOnURL,
                                   issuer: "https://sp.example", assertionConsumerServiceURL: Self.base + "/mpass-login")
        let document = try request.document()
        try XMLSigner(identity: Self.service, signatureAlgorithm: .rsaSha1, digestAlgorithm: .sha1).sign(document.root)
        let page = try HTTPPostBinding.encode(document.serialized(), as: .request, action: Self.idp.singleSignOnURL, relayState: nil)
            .page(title: "to MPass")
        let exchange = Self.exchange(path: "/login", responseBody: Data(page.html.utf8), at: now)
        let found = try #require(Self.messages(strict: false).fromService(exchange))
        #expect(found.evidence.checks[CheckID.authnRequestSignature.algorithm]?.isFailure == true,
                "\(found.evidence.checks.checks.map { $0.line })")
    }
}
