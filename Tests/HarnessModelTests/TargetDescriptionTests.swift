@testable import HarnessModel
import Foundation
import MPassSAML
import Testing

/// A scratch folder with a target file and, when asked, a real certificate beside it.
struct TargetFolder: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-target-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url.appendingPathComponent("keys"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ yaml: String, name: String = "service.yaml") throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(yaml.utf8).write(to: file)
        return file
    }

    /// A test certificate at keys/service.crt.
    func writeCertificate() throws {
        let identity = try TestCredentialFactory.make(.init(commonName: "service.test", bits: 2048))
        try Data(identity.certificate.pem.utf8).write(to: url.appendingPathComponent("keys/service.crt"))
    }
}

@Suite("Target: the description of the Service under test")
struct TargetDescriptionTests {
    static let minimal = """
    base_url: https://service.test
    issuer: https://service.test/metadata
    logged_in:
      url: /account
    """

    @Test("A minimal file gets every default, resolved against base_url")
    func defaults() throws {
        let target = try TargetDescription.parse(yaml: Self.minimal)
        #expect(target.name == "service.test")
        #expect(target.baseURL.absoluteString == "https://service.test")
        #expect(target.loginURL.absoluteString == "https://service.test/login")
        #expect(target.logoutURL.absoluteString == "https://service.test/logout")
        #expect(target.acsURL.absoluteString == "https://service.test/mpass-login")
        #expect(target.sloURL.absoluteString == "https://service.test/mpass-slo")
        #expect(target.logoutResponseURL.absoluteString == "https://service.test/mpass-logout")
        #expect(target.loggedIn == .init(url: URL(string: "https://service.test/account")!, marker: nil, status: 200))
        #expect(target.errorMarkers == [])
        #expect(target.issuer == "https://service.test/metadata")
        #expect(target.certificate == nil)
        #expect(target.headers == [:] && target.cookies == [:])
        #expect(target.idp == .init(kind: .simulator, simulatorBaseURL: URL(string: "https://mpass.sim.test")!, issuer: nil))
        #expect(target.idp.baseURL.absoluteString == "https://mpass.sim.test")
        #expect(target.timeouts.requestSeconds == 10)
        #expect(target.logoutBinding == .post)
        #expect(target.reportTarget == RunReport.Target(name: "service.test", baseURL: "https://service.test", issuer: "https://service.test/metadata"))
    }

    @Test("A full file: relative URLs from base_url as a folder, absolute ones kept, certificate beside the file")
    func fullFile() throws {
        let folder = try TargetFolder()
        try folder.writeCertificate()
        let file = try folder.write("""
        name: "Primăria Demo: test"
        base_url: https://service.test/app/
        login_url: auth/start
        logout_url: /global-logout
        acs_url: https://sso.service.test/saml/acs
        slo_url: saml/slo?x=1
        logout_response_url: saml/logout
        logged_in:
          url: me
          marker: "Bine ați venit"
          status: 200
        error_markers: ["Internal Server Error", 'Eroare']
        issuer: urn:service:test
        certificate: keys/service.crt
        headers:
          X-Test-Access: abc123
          X-Number: 42
        cookies:
          consent: accepted
        idp:
          kind: staging
          simulator_base_url: http://127.0.0.1:9999
          issuer: https://mpass.staging.egov.md/meta/saml
        timeouts:
          request_seconds: 2.5
        """)
        let target = try TargetDescription.load(contentsOf: file)
        #expect(target.name == "Primăria Demo: test")
        #expect(target.baseURL.absoluteString == "https://service.test/app")
        #expect(target.loginURL.absoluteString == "https://service.test/app/auth/start")
        #expect(target.logoutURL.absoluteString == "https://service.test/global-logout")
        #expect(target.acsURL.absoluteString == "https://sso.service.test/saml/acs")
        #expect(target.sloURL.absoluteString == "https://service.test/app/saml/slo?x=1")
        #expect(target.loggedIn.url.absoluteString == "https://service.test/app/me")
        #expect(target.loggedIn.marker == "Bine ați venit")
        #expect(target.errorMarkers == ["Internal Server Error", "Eroare"])
        #expect(target.issuer == "urn:service:test")
        #expect(target.certificate?.path == folder.url.appendingPathComponent("keys/service.crt").standardizedFileURL.path)
        #expect(target.headers == ["X-Test-Access": "abc123", "X-Number": "42"])
        #expect(target.cookies == ["consent": "accepted"])
        #expect(target.idp.kind == .staging)
        #expect(target.idp.baseURL.absoluteString == "https://mpass.staging.egov.md")
        #expect(target.timeouts.requestSeconds == 2.5)
        #expect(target.reportIdentityProvider.kind == .staging)
    }

    /// One bad input per case: the code, the field named, and words of the fix.
    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let code: TargetError.Code
        let field: String?
        let line: Int?
        let fixMentions: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "missing base_url", yaml: """
            issuer: x
            logged_in:
              url: /account
            """, code: .targetMissingField, field: "base_url", line: nil, fixMentions: "base_url: http://"),
        BadInput(name: "base_url without scheme", yaml: """
            base_url: localhost:8080
            issuer: x
            logged_in: {url: /account}
            """, code: .targetInvalidURL, field: "base_url", line: 1, fixMentions: "http://localhost:8080"),
        BadInput(name: "base_url not http(s)", yaml: """
            issuer: x
            base_url: ftp://service.test
            logged_in: {url: /account}
            """, code: .targetInvalidURL, field: "base_url", line: 2, fixMentions: "https://service.test"),
        BadInput(name: "logged_in.url missing", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in:
              marker: Welcome
            """, code: .targetMissingField, field: "logged_in.url", line: 4, fixMentions: "url: /account"),
        BadInput(name: "logged_in missing altogether", yaml: """
            base_url: https://service.test
            issuer: x
            """, code: .targetMissingField, field: "logged_in.url", line: nil, fixMentions: "logged_in:"),
        BadInput(name: "issuer missing", yaml: """
            base_url: https://service.test
            logged_in: {url: /account}
            """, code: .targetMissingField, field: "issuer", line: nil, fixMentions: "entity ID"),
        BadInput(name: "typo at the top level", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            login_ulr: /signin
            """, code: .targetUnknownKey, field: "login_ulr", line: 4, fixMentions: "did you mean `login_url`?"),
        BadInput(name: "camelCase key", yaml: """
            baseURL: https://service.test
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            """, code: .targetUnknownKey, field: "baseURL", line: 1, fixMentions: "did you mean `base_url`?"),
        BadInput(name: "key in the wrong section", yaml: """
            base_url: https://service.test
            issuer: x
            marker: Welcome
            logged_in: {url: /account}
            """, code: .targetUnknownKey, field: "marker", line: 3, fixMentions: "did you mean `logged_in.marker`?"),
        BadInput(name: "typo in a section", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in:
              url: /account
              stauts: 200
            """, code: .targetUnknownKey, field: "logged_in.stauts", line: 5, fixMentions: "did you mean `logged_in.status`?"),
        BadInput(name: "unknown key with no look-alike", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            colour: blue
            """, code: .targetUnknownKey, field: "colour", line: 4, fixMentions: "remove it"),
        BadInput(name: "duplicate key", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            base_url: https://other.test
            """, code: .targetDuplicateKey, field: "base_url", line: 4, fixMentions: "keep one"),
        BadInput(name: "certificate file missing", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            certificate: keys/nope.crt
            """, code: .targetCertificateMissing, field: "certificate", line: 4, fixMentions: "relative to this file's folder"),
        BadInput(name: "certificate is not a certificate", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            certificate: service.yaml
            """, code: .targetCertificateInvalid, field: "certificate", line: 4, fixMentions: "PEM"),
        BadInput(name: "production base_url", yaml: """
            base_url: https://mpass.gov.md/app
            issuer: x
            logged_in: {url: /account}
            """, code: .targetProductionRefused, field: "base_url", line: 1, fixMentions: "staging"),
        BadInput(name: "production simulator URL", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            idp:
              simulator_base_url: https://MPASS.gov.md./login/saml
            """, code: .targetProductionRefused, field: "idp.simulator_base_url", line: 5, fixMentions: "simulator"),
        BadInput(name: "production URL hidden in a header", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            headers:
              Referer: https://login.mpass.gov.md/
            """, code: .targetProductionRefused, field: "headers.Referer", line: 5, fixMentions: "staging"),
        BadInput(name: "production as IdP kind", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            idp: {kind: production}
            """, code: .targetInvalidValue, field: "idp.kind", line: 4, fixMentions: "production is never allowed"),
        BadInput(name: "a list where a URL belongs", yaml: """
            base_url: [https://service.test]
            issuer: x
            logged_in: {url: /account}
            """, code: .targetWrongType, field: "base_url", line: 1, fixMentions: "one value"),
        BadInput(name: "status is not a number", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in:
              url: /account
              status: ok
            """, code: .targetWrongType, field: "logged_in.status", line: 5, fixMentions: "status: 200"),
        BadInput(name: "status out of range", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account, status: 999}
            """, code: .targetInvalidValue, field: "logged_in.status", line: 3, fixMentions: "200"),
        BadInput(name: "error_markers as one text", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            error_markers: Internal Server Error
            """, code: .targetWrongType, field: "error_markers", line: 4, fixMentions: "error_markers: ["),
        BadInput(name: "header with a line break", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            headers:
              X-Test: "a\\r\\nSet-Cookie: evil=1"
            """, code: .targetInvalidValue, field: "headers.X-Test", line: 5, fixMentions: "one line"),
        BadInput(name: "cookie as a header", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            headers: {Cookie: "a=b"}
            """, code: .targetInvalidValue, field: "headers.Cookie", line: 4, fixMentions: "cookies:"),
        BadInput(name: "timeout of zero", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            timeouts: {request_seconds: 0}
            """, code: .targetInvalidValue, field: "timeouts.request_seconds", line: 4, fixMentions: "at most 300"),
        BadInput(name: "logout binding MPass does not send by", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            logout_binding: soap
            """, code: .targetInvalidValue, field: "logout_binding", line: 4, fixMentions: "`redirect`"),
        BadInput(name: "relative URL that is not a URL", yaml: """
            base_url: https://service.test
            issuer: x
            logged_in: {url: /account}
            login_url: "javascript:alert(1)"
            """, code: .targetInvalidURL, field: "login_url", line: 4, fixMentions: "path"),
        BadInput(name: "YAML syntax error", yaml: """
            base_url: https://service.test
            issuer: x
              logged_in: [
            """, code: .targetYamlSyntax, field: nil, line: 3, fixMentions: "indentation"),
        // Found by scripts/fuzz (target): libyaml places a problem at the end of a file without
        // a final line break on the line after the last one; the file has 3 lines.
        BadInput(name: "YAML syntax error on the last line, no final line break",
                 yaml: "base_url: https://service.test\nissuer: x\nThe root of the Servic",
                 code: .targetYamlSyntax, field: nil, line: 3, fixMentions: "indentation"),
        BadInput(name: "empty file", yaml: "", code: .targetNotAMapping, field: nil, line: nil, fixMentions: "mpass-harness init"),
        BadInput(name: "not a mapping", yaml: "- base_url\n- issuer\n", code: .targetNotAMapping, field: nil, line: 1, fixMentions: "base_url:"),
    ]

    @Test("Each bad input is refused with its code, the field, the line and a fix", arguments: badInputs)
    func badInput(_ input: BadInput) throws {
        let folder = try TargetFolder()
        let file = try folder.write(input.yaml)
        do {
            _ = try TargetDescription.load(contentsOf: file)
            Issue.record("\(input.name) was accepted")
        } catch {
            #expect(error.code == input.code, "\(error)")
            #expect(error.field == input.field)
            #expect(error.line == input.line)
            #expect(error.file == file.path)
            #expect(error.fix.contains(input.fixMentions), "fix was: \(error.fix)")
            #expect(error.description.hasPrefix(file.path))
        }
    }

    @Test("logout_binding names the binding the Service registered for logout", arguments: [
        ("redirect", HTTPBinding.redirect), ("post", .post), ("HTTP-Redirect", .redirect),
        ("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", .redirect),
    ])
    func logoutBinding(text: String, binding: HTTPBinding) throws {
        let target = try TargetDescription.parse(yaml: Self.minimal + "\nlogout_binding: \"\(text)\"\n")
        #expect(target.logoutBinding == binding)
    }

    @Test("Every problem of a file is reported at once, in file order")
    func allProblemsAtOnce() {
        let yaml = """
        base_url: localhost
        logged_in:
          urll: /account
        issuer: x
        idp:
          kind: simulater
        timeouts: {request_secs: 5}
        """
        do {
            _ = try TargetDescription.parse(yaml: yaml)
            Issue.record("accepted")
        } catch {
            #expect(error.allProblems.map(\.code) == [.targetUnknownKey, .targetUnknownKey])
            #expect(error.allProblems.map(\.field) == ["logged_in.urll", "timeouts.request_secs"])
            #expect(error.description.split(separator: "\n").count == 2)
        }
        // Once the keys are right, the values are checked, all of them.
        do {
            _ = try TargetDescription.parse(yaml: """
            base_url: localhost
            logged_in: {status: 42}
            idp: {kind: simulater}
            """)
            Issue.record("accepted")
        } catch {
            let found = error.allProblems.map { "\($0.code) \($0.field ?? "-")" }
            // In file order (logged_in.url is missing from the section on line 2); the
            // missing top-level key, which has no line, last.
            #expect(found == ["target.invalid-url base_url", "target.invalid-value logged_in.status",
                              "target.missing-field logged_in.url", "target.invalid-value idp.kind", "target.missing-field issuer"])
            #expect(error.allProblems.first?.field == "base_url")
        }
    }

    @Test("Did-you-mean suggestions", arguments: [
        ("base-url", "", "base_url"), ("BaseUrl", "", "base_url"), ("acs_ur", "", "acs_url"),
        ("loggedin", "", "logged_in"), ("sim_base_url", "idp", nil), ("simulator_baseurl", "idp", "idp.simulator_base_url"),
        ("request_seconds", "", "timeouts.request_seconds"), ("url", "", "logged_in.url"), ("kidn", "idp", "idp.kind"),
    ] as [(String, String, String?)])
    func suggestions(unknown: String, section: String, expected: String?) {
        let schema = section.isEmpty ? TargetSchema.root : TargetSchema.root.shape(of: section)!
        #expect(TargetSchema.suggestion(for: unknown, in: schema, sectionPath: section) == expected)
    }

    @Test("The YAML decoding is Codable through Yams: a resolved description encodes back with snake_case keys")
    func encodesSnakeCase() throws {
        let target = try TargetDescription.parse(yaml: Self.minimal)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(target), as: UTF8.self)
        for key in ["base_url", "login_url", "logged_in", "error_markers", "simulator_base_url", "request_seconds", "logout_response_url"] {
            #expect(json.contains("\"\(key)\""), "\(key) missing in \(json)")
        }
        #expect(try JSONDecoder().decode(TargetDescription.self, from: Data(json.utf8)) == target)
    }
}

@Suite("Target: the commented template that init writes")
struct TargetTemplateTests {
    @Test("The template is valid as written and describes the reference Service on loopback")
    func templateParses() throws {
        let target = try TargetDescription.parse(yaml: TargetTemplate.commented())
        #expect(target.name == "Reference Service (mpass-harness)")
        // `mpass-harness service serve` as it starts with no options.
        #expect(target.baseURL.absoluteString == "http://127.0.0.1:5001")
        #expect(target.loginURL.absoluteString == "http://127.0.0.1:5001/login")
        #expect(target.acsURL.absoluteString == "http://127.0.0.1:5001/mpass-login")
        #expect(target.loggedIn.url.absoluteString == "http://127.0.0.1:5001/protected")
        #expect(target.loggedIn.marker == "Logged in as")
        #expect(target.issuer == "https://reference-service.mpass-harness.test")
        #expect(target.idp.kind == .simulator)
        #expect(target.timeouts.requestSeconds == 10)
    }

    @Test("Given values land in the file quoted, whatever they hold, and a certificate path is used")
    func templateWithValues() throws {
        let folder = try TargetFolder()
        try folder.writeCertificate()
        let values = TargetTemplate.Values(name: "yes: \"quoted\" # not a comment \\ ș", baseURL: "https://service.test/app",
                                           issuer: "@entity", loggedInURL: "/me", certificate: "keys/service.crt")
        let file = try folder.write(TargetTemplate.commented(values))
        let target = try TargetDescription.load(contentsOf: file)
        #expect(target.name == values.name)
        #expect(target.baseURL.absoluteString == "https://service.test/app")
        #expect(target.issuer == "@entity")
        #expect(target.loggedIn.url.absoluteString == "https://service.test/me")
        #expect(target.certificate != nil)
    }

    @Test("Every key of the description appears in the template, with a comment above it")
    func templateCoversEveryKey() {
        let lines = TargetTemplate.commented().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for path in TargetSchema.allPaths {
            let key = String(path.split(separator: ".").last!)
            let index = lines.firstIndex { line in
                let text = line.trimmingCharacters(in: .whitespaces)
                return text.hasPrefix("\(key):") || text.hasPrefix("# \(key):")
            }
            #expect(index != nil, "\(path) is not in the template")
            if let index, index > 0 {
                #expect(lines[index - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#"), "\(path) has no comment above it")
            }
        }
    }

    @Test("YAML quoting keeps any string a string", arguments: ["yes", "1.0", "null", "~", "@x", "a: b", "# c", "\"q\"", "back\\slash", "tab\there", "nl\nhere", "\u{7}bell"])
    func quoting(value: String) throws {
        let target = try TargetDescription.parse(yaml: """
        base_url: https://service.test
        issuer: \(TargetTemplate.quoted(value))
        logged_in: {url: /account}
        """)
        #expect(target.issuer == value.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
