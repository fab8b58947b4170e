import BrowserAgent
@testable import Evidence
import Foundation
import Testing
import Vocabulary
import TestSupport

@Suite("Redaction", .temporaryDirectories)
struct RedactionPolicyTests {
    static let keyBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1+fWIcPm15j9\n"

    /// Every flavour of PEM private key a beneficiary may paste or a tool may print.
    static let privateKeys: [String] = [
        "-----BEGIN PRIVATE KEY-----\n\(keyBody)-----END PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\n\(keyBody)-----END RSA PRIVATE KEY-----",
        "-----BEGIN EC PRIVATE KEY-----\n\(keyBody)-----END EC PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n\(keyBody)-----END ENCRYPTED PRIVATE KEY-----",
        // Cut off by a size limit: still a key.
        "-----BEGIN PRIVATE KEY-----\n\(keyBody)",
    ]

    static func entry(request: HAR.Request, responseText: String = "", responseHeaders: [HAR.NameValue] = [],
                      mimeType: String = "text/html") -> HAR.Entry {
        HAR.Entry(startedDateTime: "2026-11-20T09:15:00.000Z", time: 1, request: request,
                  response: HAR.Response(status: 200, statusText: "OK", headers: responseHeaders,
                                         content: HAR.Content(size: responseText.utf8.count, mimeType: mimeType, text: responseText)),
                  timings: HAR.Timings(send: 0, wait: 1, receive: 0))
    }

    static func encoded(_ entry: HAR.Entry, policy: RedactionPolicy = .default) throws -> String {
        let har = HAR(log: HAR.Log(creator: HAR.Creator(name: "t", version: "1"), entries: [entry]))
        return String(decoding: try HARWriter.encode(policy.apply(to: har)), as: UTF8.self)
    }

    @Test("a private key never survives, wherever it is", arguments: privateKeys)
    func privateKeyNeverSurvives(_ key: String) throws {
        let form = "note=\(FormURLEncoding.encodeComponent(key))&other=1"
        let json = "{\"key\": \(String(decoding: try JSONEncoder().encode(key), as: UTF8.self))}"
        let entries = [
            // In a form body (URL-encoded), its params, a JSON body, a response page, a header.
            Self.entry(request: HAR.Request(method: "POST", url: "https://sp.test/upload",
                                            postData: HAR.PostData(mimeType: "application/x-www-form-urlencoded",
                                                                   params: [HAR.NameValue(name: "note", value: key)], text: form))),
            Self.entry(request: HAR.Request(method: "POST", url: "https://sp.test/api",
                                            postData: HAR.PostData(mimeType: "application/json", params: [], text: json))),
            Self.entry(request: HAR.Request(method: "GET", url: "https://sp.test/debug"), responseText: "<pre>\(key)</pre>"),
            Self.entry(request: HAR.Request(method: "GET", url: "https://sp.test/x",
                                            headers: [HAR.NameValue(name: "X-Debug", value: key.replacingOccurrences(of: "\n", with: " "))])),
            Self.entry(request: HAR.Request(method: "GET", url: "https://sp.test/b64"),
                       responseText: Data("key: \(key)".utf8).base64EncodedString()),
        ]
        for (index, var entry) in entries.enumerated() {
            if index == 4 { entry.response.content.encoding = "base64" }
            let output = try Self.encoded(entry)
            let decodedBodies = RedactionPolicy.default.apply(to: entry).response.content.bodyText ?? ""
            #expect(!output.contains("PRIVATE KEY"), "entry \(index) still shows the key")
            #expect(!output.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"), "entry \(index) still shows key material")
            #expect(!decodedBodies.contains("PRIVATE KEY"), "entry \(index): base64 body still holds the key")
            #expect(output.contains("redacted") || decodedBodies.contains("[redacted]"), "entry \(index) shows no redaction mark")
        }
    }

    @Test("passwords typed into forms, query strings, JSON and multipart bodies are replaced")
    func passwords() throws {
        let secret = "hunter2-Staging!"
        let entries = [
            Self.entry(request: HAR.Request(method: "POST", url: "https://idp.test/login",
                                            postData: HAR.PostData(mimeType: "application/x-www-form-urlencoded",
                                                                   params: [HAR.NameValue(name: "username", value: "ion"),
                                                                            HAR.NameValue(name: "password", value: secret)],
                                                                   text: "username=ion&password=hunter2-Staging%21"))),
            Self.entry(request: HAR.Request(method: "GET", url: "https://idp.test/login?user=ion&pwd=hunter2-Staging%21",
                                            queryString: [HAR.NameValue(name: "pwd", value: secret)])),
            Self.entry(request: HAR.Request(method: "POST", url: "https://idp.test/api/login",
                                            postData: HAR.PostData(mimeType: "application/json", params: [],
                                                                   text: "{\"user\":\"ion\",\"Password\" : \"\(secret)\"}"))),
            Self.entry(request: HAR.Request(method: "POST", url: "https://idp.test/upload",
                                            postData: HAR.PostData(mimeType: "multipart/form-data; boundary=XX", params: [],
                                                                   text: "--XX\r\nContent-Disposition: form-data; name=\"pfx_password\"\r\n\r\n\(secret)\r\n--XX--\r\n"))),
        ]
        for (index, entry) in entries.enumerated() {
            let output = try Self.encoded(entry)
            #expect(!output.contains("hunter2"), "entry \(index) still shows the password")
            #expect(output.contains("ion"), "entry \(index) lost a field that is not secret")
        }
    }

    @Test("a literal secret (the PKCS#12 password the run used) is scrubbed raw and URL-encoded")
    func literalSecrets() throws {
        let policy = RedactionPolicy(literalSecrets: ["QdutCdFE 7z/Ze9"])
        let entry = Self.entry(request: HAR.Request(method: "POST", url: "https://sp.test/x?p=QdutCdFE%207z%2FZe9",
                                                    postData: HAR.PostData(mimeType: "text/plain", params: [], text: "pw QdutCdFE 7z/Ze9")),
                               responseText: "QdutCdFE+7z%2FZe9")
        let output = try Self.encoded(entry, policy: policy)
        #expect(!output.contains("QdutCdFE"))
    }

    @Test("cookies are hashed by default, consistently, and kept when asked")
    func cookies() throws {
        let entry = Self.entry(
            request: HAR.Request(method: "GET", url: "https://sp.test/",
                                 cookies: [HAR.Cookie(name: "session", value: "s3cr3t-session")],
                                 headers: [HAR.NameValue(name: "Cookie", value: "session=s3cr3t-session; lang=ro")]),
            responseHeaders: [HAR.NameValue(name: "Set-Cookie", value: "session=s3cr3t-session; Path=/; HttpOnly")])
        let hashed = RedactionPolicy.default.apply(to: entry)
        let expected = RedactionPolicy.hash("s3cr3t-session")
        #expect(expected.wholeMatch(of: /sha256:[0-9a-f]{16}/) != nil)
        #expect(hashed.request.cookies[0].value == expected)
        #expect(hashed.request.headers[0].value == "session=\(expected); lang=\(RedactionPolicy.hash("ro"))")
        // The attributes are evidence (HttpOnly, Path): only the value changes.
        #expect(hashed.response.headers[0].value == "session=\(expected); Path=/; HttpOnly")
        #expect(!(try Self.encoded(entry)).contains("s3cr3t-session"))

        let kept = RedactionPolicy(cookies: .keep).apply(to: entry)
        #expect(kept.request.cookies[0].value == "s3cr3t-session")
        #expect(kept.response.headers[0].value == "session=s3cr3t-session; Path=/; HttpOnly")
    }

    @Test("Authorization and Proxy-Authorization are redacted whole")
    func authorization() throws {
        let entry = Self.entry(request: HAR.Request(method: "GET", url: "https://sp.test/",
                                                    headers: [HAR.NameValue(name: "authorization", value: "Basic aW9uOmh1bnRlcjI="),
                                                              HAR.NameValue(name: "Proxy-Authorization", value: "Bearer abc.def")]))
        let redacted = RedactionPolicy.default.apply(to: entry)
        #expect(redacted.request.headers.map(\.value) == ["[redacted]", "[redacted]"])
    }

    @Test("SAML messages are kept byte for byte: POST fields, params and signed Redirect queries")
    func samlKeptIntact() throws {
        // '+', '/' and '=' as they travel (%2B, %2F, %3D), lowercase hex in a query, as some encoders write it.
        let form = "SAMLResponse=PHNhbWxwOlJlc3BvbnNl%2BIHg%2F%3D&RelayState=r%201&password=x1234"
        let query = "SAMLRequest=fZJNT%2bMwEIbv&RelayState=r1&SigAlg=http%3a%2f%2fwww.w3.org%2f2001%2f04%2fxmldsig-more%23rsa-sha256&Signature=AbC%2b%2f%3d"
        let entry = Self.entry(request: HAR.Request(
            method: "POST", url: "https://idp.test/logout/saml?\(query)",
            queryString: [HAR.NameValue(name: "Signature", value: "AbC+/=")],
            postData: HAR.PostData(mimeType: "application/x-www-form-urlencoded",
                                   params: [HAR.NameValue(name: "SAMLResponse", value: "PHNhbWxwOlJlc3BvbnNl+IHg/=")], text: form)),
            responseHeaders: [HAR.NameValue(name: "Location", value: "https://sp.test/slo?\(query)")])
        let redacted = RedactionPolicy.default.apply(to: entry)
        #expect(redacted.request.url == "https://idp.test/logout/saml?\(query)")
        #expect(redacted.response.headers[0].value == "https://sp.test/slo?\(query)")
        #expect(redacted.request.postData?.text == "SAMLResponse=PHNhbWxwOlJlc3BvbnNl%2BIHg%2F%3D&RelayState=r%201&password=%5Bredacted%5D")
        #expect(redacted.request.postData?.params == entry.request.postData?.params)
        #expect(redacted.request.queryString == entry.request.queryString)
    }

    @Test("redacting twice changes nothing more")
    func idempotent() async throws {
        let log = try await RecordedRun.record()
        let once = HARBuilder().archive(log)
        #expect(RedactionPolicy.default.apply(to: once) == once)
    }

    @Test("a recorded run's HAR holds no password and no cookie value, and still every SAML message")
    func recordedRunEndToEnd() async throws {
        let log = try await RecordedRun.record()
        let output = String(decoding: try HARWriter.encode(HARBuilder().archive(log)), as: UTF8.self)
        #expect(!output.contains(RecordedRun.password))
        #expect(!output.contains(RecordedRun.sessionCookie))
        #expect(!output.contains("idp-secret-77"))
        #expect(output.contains(RedactionPolicy.hash(RecordedRun.sessionCookie)))

        let recording = try RecordingReader.read(data: Data(output.utf8), source: "run.har")
        let messages = SAMLMessageExtractor(identityProviderBaseURL: RecordedRun.idpBase).messages(in: recording)
        #expect(messages.compactMap(\.kind) == [.authnRequest, .response, .logoutRequest])
        #expect(messages.allSatisfy { $0.problem == nil })
    }
}
