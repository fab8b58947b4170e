@testable import Evidence
import Foundation
import MPassSAML
import Testing
import TestSupport

@Suite("SAML message extraction", .temporaryDirectories)
struct SAMLMessageExtractorTests {
    static let staging = SAMLMessageExtractor(identityProviderBaseURL: "https://mpass.staging.egov.md")

    @Test("Chrome login: the AuthnRequest posted to MPass, the Response seen on MPass's page and posted to the ACS, once")
    func chromeLogin() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("chrome-login.har"))
        let messages = Self.staging.messages(in: recording)
        #expect(messages.count == 2)

        let request = messages[0]
        #expect(request.kind == .authnRequest)
        #expect(request.binding == .post)
        #expect(request.field == .request)
        #expect(request.direction == .toIdentityProvider)
        #expect(request.url == "https://mpass.staging.egov.md/login/saml")
        #expect(request.messageID == "_3f1c2a9e4b7d4e0f9a1b2c3d4e5f6071")
        #expect(request.issuer == "https://mpass.localhost.egov.md")
        #expect(request.relayState == "_3f1c2a9e4b7d4e0f9a1b2c3d4e5f6071")
        #expect(abs(try #require(request.recordedAt).timeIntervalSince1970 - 1_795_166_101.020) < 0.0005)
        #expect(request.sightings.map(\.place) == [.requestBody])

        let response = messages[1]
        #expect(response.kind == .response)
        #expect(response.direction == .toService)
        #expect(response.url == "https://localhost:5001/mpass-login")
        #expect(response.inResponseTo == request.messageID)
        // First seen in MPass's auto-submit page, then in the browser's POST: one message.
        #expect(response.sightings.map(\.place) == [.responsePage, .requestBody])
        #expect(response.sightings.map(\.entry) == [1, 2])
        #expect(abs(try #require(response.recordedAt).timeIntervalSince1970 - 1_795_166_119.870) < 0.0005)
    }

    @Test("Firefox: Redirect AuthnRequest in the URL, LogoutRequest in a Location and the next GET, LogoutResponse in a base64 page and in params")
    func firefoxRedirect() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("firefox-redirect-logout.har"))
        let messages = Self.staging.messages(in: recording)
        #expect(messages.map(\.kind) == [.authnRequest, .logoutRequest, .logoutResponse])

        let authn = messages[0]
        #expect(authn.binding == .redirect)
        #expect(authn.direction == .toIdentityProvider)
        #expect(authn.rawQuery?.hasPrefix("SAMLRequest=") == true)
        #expect(authn.redirect?.signatureAlgorithmURI == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        #expect(authn.redirect?.signatureText != nil)

        let logout = messages[1]
        #expect(logout.binding == .redirect)
        #expect(logout.sightings.map(\.place) == [.responseLocation, .requestURL])
        #expect(logout.relayState == "logout-1")
        // The raw query is kept exactly, escapes and all, for the query signature.
        let entry = recording.har.log.entries[2]
        #expect(entry.request.url.hasSuffix("?" + (logout.rawQuery ?? "-")))

        let logoutResponse = messages[2]
        #expect(logoutResponse.binding == .post)
        #expect(logoutResponse.direction == .toService)
        #expect(logoutResponse.inResponseTo == logout.messageID)
        #expect(logoutResponse.sightings.map(\.place) == [.responsePage, .requestBody])
    }

    @Test("SAML-tracer: messages from the forms and URLs, all at the export time")
    func samlTracer() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("saml-tracer-export.json"))
        let messages = Self.staging.messages(in: recording)
        #expect(messages.map(\.kind) == [.authnRequest, .response, .logoutRequest])
        #expect(messages.map(\.direction) == [.toIdentityProvider, .toService, .toIdentityProvider])
        #expect(messages.allSatisfy { $0.problem == nil })
        #expect(messages.allSatisfy { $0.recordedAt == SAMLTime.parse("2026-11-20T09:25:00.000Z")?.date })
        #expect(messages[2].rawQuery != nil)
    }

    @Test("a message posted to an empty or query-only URL is found, with an empty URL (a crash before, found reading the fuzz target)")
    func messageWithoutURL() throws {
        let har = #"{"log": {"entries": [{"request": {"method": "POST", "url": "", "postData": {"mimeType": "application/x-www-form-urlencoded", "text": "SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D"}}}]}}"#
        let fromHAR = Self.staging.messages(in: try RecordingReader.read(data: Data(har.utf8), source: "empty-url.har"))
        #expect(fromHAR.map(\.url) == [""])
        #expect(fromHAR.first?.field == .response)
        let tracer = #"{"requests": [{"method": "GET", "url": "?", "saml": "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"}]}"#
        let fromTracer = Self.staging.messages(in: try RecordingReader.read(data: Data(tracer.utf8), source: "query-only.json"))
        #expect(fromTracer.map(\.url) == [""])
        #expect(fromTracer.first?.sightings.map(\.place) == [.samlTracerDecoded])
    }

    @Test("SAML-tracer with hashed form values: the decoded copy stands in, and says so")
    func samlTracerHashed() throws {
        let recording = try RecordingReader.read(file: TestSupport.recording("saml-tracer-legacy-hashed.json"))
        let messages = Self.staging.messages(in: recording)
        #expect(messages.count == 1)
        #expect(messages[0].kind == .authnRequest)
        #expect(messages[0].sightings.map(\.place) == [.samlTracerDecoded])
        #expect(messages[0].problem == nil)
    }

    @Test("the harness's own run: both directions, every binding, in order")
    func recordedRun() async throws {
        let log = try await RecordedRun.record()
        let recording = Recording(source: "run.har", format: .harness, har: HARBuilder().archive(log))
        let messages = SAMLMessageExtractor(identityProviderBaseURL: RecordedRun.idpBase).messages(in: recording)
        #expect(messages.map(\.kind) == [.authnRequest, .response, .logoutRequest])
        #expect(messages.map(\.binding) == [.post, .post, .redirect])
        #expect(messages.map(\.direction) == [.toIdentityProvider, .toService, .toIdentityProvider])
        #expect(messages.map(\.messageID) == [RecordedRun.authnRequestID, RecordedRun.responseID, RecordedRun.logoutRequestID])
        #expect(messages.map(\.index) == [0, 1, 2])
        #expect(messages[0].recordedAt == TestSupport.recordedAt)
        #expect(messages[0].xml == (try RecordedRun.authnRequestXML()))
    }

    @Test("direction follows the IdP base URL: scheme, host, port and path prefix")
    func direction() {
        let extractor = SAMLMessageExtractor(identityProviderBaseURL: "https://idp.test:8443/mpass")
        #expect(extractor.direction(of: "https://idp.test:8443/mpass/login") == .toIdentityProvider)
        #expect(extractor.direction(of: "https://IDP.test:8443/mpass") == .toIdentityProvider)
        #expect(extractor.direction(of: "https://idp.test:8443/mpassword") == .toService)
        #expect(extractor.direction(of: "https://idp.test/mpass/login") == .toService)
        #expect(extractor.direction(of: "http://idp.test:8443/mpass/login") == .toService)
        #expect(SAMLMessageExtractor(identityProviderBaseURL: "https://idp.test").direction(of: "https://idp.test:443/x") == .toIdentityProvider)
    }

    @Test("a message that does not decode is kept, with why")
    func undecodable() throws {
        let entry = HAR.Entry(startedDateTime: "2026-11-20T09:15:00.000Z", time: 1,
                              request: HAR.Request(method: "POST", url: "https://sp.test/acs",
                                                   postData: HAR.PostData(mimeType: "application/x-www-form-urlencoded", params: [],
                                                                          text: "SAMLResponse=not*base64")),
                              response: HAR.Response(status: 500, statusText: "", content: HAR.Content(size: 0, mimeType: "")),
                              timings: HAR.Timings(send: 0, wait: 0, receive: 0))
        let notSAML = HAR.Entry(startedDateTime: "2026-11-20T09:15:01.000Z", time: 1,
                                request: HAR.Request(method: "POST", url: "https://sp.test/acs",
                                                     postData: HAR.PostData(mimeType: "application/x-www-form-urlencoded", params: [],
                                                                            text: "SAMLResponse=" + Data("<html/>".utf8).base64EncodedString())),
                                response: HAR.Response(status: 500, statusText: "", content: HAR.Content(size: 0, mimeType: "")),
                                timings: HAR.Timings(send: 0, wait: 0, receive: 0))
        let recording = Recording(source: "x.har", format: .har,
                                  har: HAR(log: HAR.Log(creator: HAR.Creator(name: "x", version: ""), entries: [entry, notSAML])))
        let messages = Self.staging.messages(in: recording)
        #expect(messages.count == 2)
        #expect(messages[0].kind == nil)
        #expect(messages[0].problem?.contains("not base64") == true)
        #expect(messages[1].kind == nil)
        #expect(messages[1].problem?.contains("not a SAML protocol message") == true)
    }
}
