import Foundation
import HTTPTypes
import Testing
import MPassSAML
@testable import MPassSimulator
import Vocabulary

private let idp = try! TestCredentialFactory.make(.init(commonName: "simulator IdP"))
private let service = try! TestCredentialFactory.make(.init(commonName: "simulator test Service"))
private let spIssuer = "https://service.example.md"
private let acs = "https://service.example.md/mpass-login"

private func makeSimulator() throws -> MPassSimulator {
    let registration = RegisteredService(issuer: spIssuer, certificates: [service.certificate], acsURL: acs,
                                         singleLogoutURL: "https://service.example.md/mpass-slo",
                                         logoutResponseURL: "https://service.example.md/mpass-logout")
    return MPassSimulator(configuration: try SimulatorConfiguration(
        baseURL: URL(string: "https://mpass.sim.test")!, identity: idp, services: [registration]))
}

/// The form fields of the first form on a page (hidden inputs), read the simple way.
private func formFields(_ html: String) -> [String: String] {
    var fields: [String: String] = [:]
    let pattern = #"<input type="hidden" name="([^"]+)" value="([^"]*)""#
    let regex = try! NSRegularExpression(pattern: pattern)
    for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
        let name = String(html[Range(match.range(at: 1), in: html)!])
        let value = String(html[Range(match.range(at: 2), in: html)!])
        fields[name] = value.replacingOccurrences(of: "&#43;", with: "+").replacingOccurrences(of: "&#x2B;", with: "+")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
    }
    return fields
}

private func authnRequestForm(id: String = SAMLIdentifier.make(), signer: SigningIdentity? = service) throws -> [String: String] {
    let request = AuthnRequest(id: id, issueInstant: Date(), destination: "https://mpass.sim.test/login/saml", issuer: spIssuer,
                               assertionConsumerServiceURL: acs)
    let document = try signer.map { try request.signedDocument(signer: XMLSigner(identity: $0)) } ?? request.document()
    return ["SAMLRequest": document.serialized().base64EncodedString(), "RelayState": "rs-1"]
}

private func cookie(from response: SimulatorResponse) -> String? {
    response.headers[values: .setCookie].first { $0.hasPrefix(MPassSimulator.sessionCookie + "=") }
        .map { String($0.dropFirst(MPassSimulator.sessionCookie.count + 1).prefix { $0 != ";" }) }
}

private func validate(_ fields: [String: String], requestID: String?) throws -> ResponseValidation {
    let xml = Data(base64Encoded: fields["SAMLResponse"]!)!
    let expectations = ResponseExpectations(pinnedCertificates: [idp.certificate], idpIssuer: "https://mpass.sim.test",
                                            acsURL: acs, audience: spIssuer, outstandingRequestIDs: requestID.map { [$0] })
    return try ResponseValidator(expectations: expectations, window: TimeWindow(now: Date())).validate(SafeXMLParser().parse(xml))
}

/// Logs in through the login page; returns the ACS form fields and the MPass cookie.
private func login(_ simulator: MPassSimulator, requestID: String, action: String = "login", cookies: [String: String] = [:]) async throws -> ([String: String], String?) {
    let page = await simulator.handle(SimulatorRequest(method: "POST", path: "/login/saml", form: try authnRequestForm(id: requestID), cookies: cookies))
    #expect(page.status == 200)
    if page.body.contains("name=\"pending\"") {
        let pending = formFields(page.body)["pending"]!
        let answer = await simulator.handle(SimulatorRequest(method: "POST", path: "/login/submit",
                                                             form: ["pending": pending, "user": "2001234567890", "action": action]))
        return (formFields(answer.body), cookie(from: answer))
    }
    return (formFields(page.body), cookie(from: page))
}

@Suite struct SimulatorTests {
    @Test func loginProducesAResponseTheServiceAccepts() async throws {
        let simulator = try makeSimulator()
        let id = SAMLIdentifier.make()
        let (fields, cookie) = try await login(simulator, requestID: id)
        #expect(fields["RelayState"] == "rs-1")
        #expect(cookie != nil)
        let result = try validate(fields, requestID: id)
        #expect(result.isValid, "\(result.report.failures.map(\.line))")
        #expect(result.assertion?.values(of: "FirstName") == ["Ion"])
        let received = await simulator.events.first { $0.kind == .authnRequestReceived }
        #expect(received?.report?.isValid == true)
    }

    @Test func secondLoginFromTheSameBrowserSkipsTheLoginPage() async throws {
        let simulator = try makeSimulator()
        let (_, cookie) = try await login(simulator, requestID: SAMLIdentifier.make())
        let id = SAMLIdentifier.make()
        let page = await simulator.handle(SimulatorRequest(method: "POST", path: "/login/saml", form: try authnRequestForm(id: id),
                                                           cookies: [MPassSimulator.sessionCookie: cookie!]))
        #expect(!page.body.contains("name=\"pending\""))
        #expect(try validate(formFields(page.body), requestID: id).isValid)
        #expect(await simulator.events.contains { $0.kind == .ssoSessionReused })
    }

    @Test func cancelAnswersASignedFailureWithoutAssertion() async throws {
        let simulator = try makeSimulator()
        let id = SAMLIdentifier.make()
        let (fields, _) = try await login(simulator, requestID: id, action: "cancel")
        let result = try validate(fields, requestID: id)
        #expect(result.report[CheckID.responseSignature.value]?.isPass == true)
        #expect(result.report[CheckID.responseStatus]?.isFailure == true)
        #expect(result.unauthenticatedView.assertions.isEmpty)
    }

    @Test func unsignedOrForeignAuthnRequestIsRefusedLikeMPass() async throws {
        let simulator = try makeSimulator()
        for signer in [nil, idp] as [SigningIdentity?] {
            let answer = await simulator.handle(SimulatorRequest(method: "POST", path: "/login/saml", form: try authnRequestForm(signer: signer)))
            #expect(answer.status == 400)
        }
        let failures = await simulator.events.filter { $0.kind == .authnRequestReceived }.map { $0.report?.isValid }
        #expect(failures == [false, false])
    }

    /// Each of MPass's five SAML Advanced Options makes the Response fail the check it targets.
    @Test(arguments: [
        ("doNotSign", CheckID.messageSigned),
        ("compatible", CheckID.responseSignature.keyInfo),
        ("localTime", CheckID.responseIssueInstant),
        ("noDestination", CheckID.responseDestination),
        ("noInResponseTo", CheckID.responseInResponseTo),
        ("expired", CheckID.assertionConditionsNotOnOrAfter),
    ])
    func advancedOptionsTripTheirChecks(option: String, check: CheckID) async throws {
        let simulator = try makeSimulator()
        var switches = ResponseSwitches()
        switch option {
        case "doNotSign": switches.doNotSign = true
        case "compatible": switches.useCompatibleCertificate = true
        case "localTime": switches.issueInstantInLocalTime = true
        case "noDestination": switches.omitDestination = true
        case "noInResponseTo": switches.omitInResponseTo = true
        default: switches.timeShift = -3 * 3600
        }
        await simulator.setResponseSwitches(switches)
        let id = SAMLIdentifier.make()
        let (fields, _) = try await login(simulator, requestID: id)
        let result = try validate(fields, requestID: id)
        #expect(!result.isValid)
        #expect(result.report[check]?.isFailure == true, "\(result.report.failures.map(\.id))")
    }

    @Test func serviceLogoutIsCheckedAndAnswered() async throws {
        let simulator = try makeSimulator()
        let id = SAMLIdentifier.make()
        let (fields, cookie) = try await login(simulator, requestID: id)
        let assertion = try validate(fields, requestID: id).assertion!
        let logout = LogoutRequest(issueInstant: Date(), destination: "https://mpass.sim.test/logout/saml", issuer: spIssuer,
                                   nameID: assertion.subject!.nameID!, sessionIndex: assertion.authnStatements[0].sessionIndex)
        let xml = try logout.signedDocument(signer: XMLSigner(identity: service)).serialized()
        let answer = await simulator.handle(SimulatorRequest(method: "POST", path: "/logout/saml",
                                                             form: ["SAMLRequest": xml.base64EncodedString()],
                                                             cookies: [MPassSimulator.sessionCookie: cookie!]))
        let received = await simulator.events.last { $0.kind == .logoutRequestReceived }
        #expect(received?.report?.isValid == true, "\(received?.report?.failures.map(\.line) ?? [])")
        let response = try SafeXMLParser().parse(Data(base64Encoded: formFields(answer.body)["SAMLResponse"]!)!)
        let validation = try RequestValidator(expectations: RequestExpectations(
            pinnedCertificates: [idp.certificate], destination: "https://service.example.md/mpass-logout",
            outstandingRequestIDs: [logout.id!]), window: TimeWindow(now: Date())).validateLogoutResponse(response)
        #expect(validation.isValid, "\(validation.report.failures.map(\.line))")
    }

    @Test func mpassInitiatedLogoutPostsASignedLogoutRequest() async throws {
        let simulator = try makeSimulator()
        let (_, cookie) = try await login(simulator, requestID: SAMLIdentifier.make())
        let page = await simulator.handle(SimulatorRequest(method: "POST", path: "/logout/start", form: ["service": spIssuer],
                                                           cookies: [MPassSimulator.sessionCookie: cookie!]))
        #expect(page.body.contains("https://service.example.md/mpass-slo"))
        let document = try SafeXMLParser().parse(Data(base64Encoded: formFields(page.body)["SAMLRequest"]!)!)
        let validation = try RequestValidator(expectations: RequestExpectations(
            pinnedCertificates: [idp.certificate], issuer: "https://mpass.sim.test", destination: "https://service.example.md/mpass-slo",
            nameID: "2001234567890"), window: TimeWindow(now: Date())).validateLogoutRequest(document)
        #expect(validation.isValid, "\(validation.report.failures.map(\.line))")
    }

    @Test func productionBaseURLIsRefused() throws {
        #expect(throws: HarnessError.self) {
            _ = try SimulatorConfiguration(baseURL: URL(string: "https://mpass.gov.md")!, identity: idp, services: [])
        }
    }

    @Test func metadataIsSignedAndNamesTheEndpoints() async throws {
        let simulator = try makeSimulator()
        let xml = await simulator.metadataXML()
        #expect(xml.contains("https://mpass.sim.test/login/saml"))
        let reading = try IdentityProviderMetadataReader(pinnedFingerprints: [idp.certificate.sha256Fingerprint],
                                                         now: Date()).read(Data(xml.utf8))
        #expect(!reading.hasFailures, "\(reading.checks.filter(\.isFailure).map(\.line))")
    }
}
