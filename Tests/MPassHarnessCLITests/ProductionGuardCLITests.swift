import Foundation
import HostGuard
import Testing
import TestSupport

/// The spellings of AGE's production hosts in fixtures/hosts/production-spellings.txt, with
/// their escapes (`\t`, `\n`, `\r`, `\\`, `\u{HEX}`) turned into the characters they name.
enum ProductionSpellings {
    static let all: [String] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "fixtures/hosts/production-spellings.txt")
        let text = try! String(contentsOf: file, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
            .map { unescaped(String($0)) }
    }()

    static func unescaped(_ line: String) -> String {
        var result = ""
        var rest = Substring(line)
        while let first = rest.first {
            rest = rest.dropFirst()
            guard first == "\\", let next = rest.first else { result.append(first); continue }
            switch next {
            case "t": result.append("\t"); rest = rest.dropFirst()
            case "n": result.append("\n"); rest = rest.dropFirst()
            case "r": result.append("\r"); rest = rest.dropFirst()
            case "\\": result.append("\\"); rest = rest.dropFirst()
            case "u":
                let body = rest.dropFirst(2).prefix { $0 != "}" }
                result.unicodeScalars.append(Unicode.Scalar(UInt32(body, radix: 16)!)!)
                rest = rest.dropFirst(2 + body.count + 1)
            default: result.append("\\")
            }
        }
        return result
    }
}

/// One guard for every connection and printed URL: each spelling of production is refused by
/// `ProductionGuard` itself and by every command that prints or embeds a URL.
// Serialized: its hundreds of CLI runs go one at a time rather than hundreds of processes at
// once (waiting for them no longer holds the cooperative pool: `CLI.run` awaits off it).
@Suite(.serialized, .timeLimit(.minutes(10)), .temporaryDirectories) struct ProductionGuardCLITests {
    @Test func theTableIsLargeAndCoversBothHosts() {
        #expect(ProductionSpellings.all.count >= 40)
        #expect(ProductionSpellings.all.contains("https://mpass.gov.md%00.staging.egov.md/"))
        #expect(ProductionSpellings.all.contains("https://mpass\u{3002}gov\u{3002}md/login/saml"))
        #expect(ProductionSpellings.all.contains("https://mpass.g\tov.md/login/saml"))
        #expect(ProductionSpellings.all.contains { $0.contains("mnotify") })
    }

    @Test(arguments: ProductionSpellings.all)
    func theGuardRefusesProduction(spelling: String) {
        #expect(ProductionGuard.isProduction(spelling), "\(ProductionGuard.displayable(spelling))")
        #expect(throws: ProductionGuard.Refusal.self) { try ProductionGuard.check(spelling) }
        do {
            try ProductionGuard.check(spelling, what: "base_url")
        } catch {
            #expect(error.kind == .production)
            #expect(error.reason.contains("the base_url"))
            #expect(error.reason.contains("a production host of AGE"))
            // The message never carries a raw control character.
            #expect(!error.reason.unicodeScalars.contains { $0.properties.generalCategory == .control })
        }
    }

    @Test(arguments: [
        "https://mpass.staging.egov.md/login/saml",
        "https://mnotify.staging.egov.md:8443/api/",
        "http://localhost:5001/mpass-login",
        "https://localhost:5001/",
        "http://127.0.0.1:7070/login/saml",
        "https://[::1]:8443/mpass-login",
        "https://sp.example.md/mpass-login",
        "https://mpass.gov.md.evil.example/",
        "https://evilmpass.gov.md/",
        "https://example.com/?next=https://mpass.gov.md/login/saml",
        "https://sp.example.md/#mpass.gov.md",
    ])
    func legitimateHostsPass(url: String) throws {
        #expect(!ProductionGuard.isProduction(url))
        try ProductionGuard.check(url)
    }

    /// Hosts no reader can be trusted to read the same way are refused as unreadable.
    @Test(arguments: [
        "https://sp.example%00.md/",
        "https://sp.exa\u{1}mple.md/",
        "https://sp%FF.example.md/",
        "https://[mpass.staging.egov.md]/",
    ])
    func unreadableHostsAreRefused(url: String) {
        do {
            try ProductionGuard.check(url, what: "base_url")
            Issue.record("\(ProductionGuard.displayable(url)) passed")
        } catch {
            #expect(error.kind == .unreadableHost)
            #expect(error.reason.contains("cannot be read safely"))
        }
    }

    // MARK: Commands that print or embed URLs

    /// Each command line, with the spelling in the URL option; credentials are not needed,
    /// because the refusal comes before anything is loaded or printed.
    static let commands: [(name: String, arguments: [String])] = [
        ("sign authn-request --destination", ["sign", "authn-request", "--cert", "c.pem", "--key", "k.pem", "--issuer", "https://sp.example", "--destination", "URL"]),
        ("sign authn-request --acs-url", ["sign", "authn-request", "--cert", "c.pem", "--key", "k.pem", "--issuer", "https://sp.example", "--acs-url", "URL"]),
        ("sign logout-request --destination", ["sign", "logout-request", "--cert", "c.pem", "--key", "k.pem", "--issuer", "https://sp.example", "--name-id", "x", "--session-index", "s", "--destination", "URL"]),
        ("sign response --destination", ["sign", "response", "--cert", "c.pem", "--key", "k.pem", "--issuer", "https://idp.example", "--audience", "https://sp.example", "--destination", "URL"]),
        ("simulator serve --acs-url", ["simulator", "serve", "--service-issuer", "https://sp.example", "--service-cert", "c.pem", "--acs-url", "URL"]),
        ("simulator metadata --base-url", ["simulator", "metadata", "--base-url", "URL"]),
        ("metadata sp --service-root", ["metadata", "sp", "--cert", "c.pem", "--key", "k.pem", "--entity-id", "https://sp.example", "--service-root", "URL"]),
    ]

    @Test(arguments: 0..<commands.count)
    func everyPrintingCommandRefusesEverySpelling(command index: Int) async throws {
        let (name, arguments) = Self.commands[index]
        for spelling in ProductionSpellings.all {
            let result = try await CLI.run(arguments.map { $0 == "URL" ? spelling : $0 })
            let shown = ProductionGuard.displayable(spelling)
            #expect(result.status == 64, "\(name) \(shown): \(result.stderr)")
            #expect(result.stderr.contains("a production host of AGE"), "\(name) \(shown): \(result.stderr)")
            #expect(!result.stdout.contains("gov.md"), "\(name) \(shown) printed: \(result.stdout)")
        }
    }

    /// Target files: every spelling in `base_url` and in `logged_in.url` is refused at
    /// loading (YAML double-quoted strings take the JSON escapes for tab, newline and the rest).
    @Test(arguments: ["base_url", "logged_in.url"])
    func targetFilesRefuseEverySpelling(field: String) async throws {
        let dir = CLI.temporaryDirectory()
        for (index, spelling) in ProductionSpellings.all.enumerated() {
            let quoted = String(decoding: try JSONEncoder().encode(spelling), as: UTF8.self)
            let baseURL = field == "base_url" ? quoted : "https://service.example.md"
            let loggedIn = field == "logged_in.url" ? quoted : "/protected"
            let file = dir.appendingPathComponent("target-\(index).yaml")
            try Data("""
                base_url: \(baseURL)
                logged_in:
                  url: \(loggedIn)
                issuer: https://service.example.md
                idp:
                  kind: simulator
                """.utf8).write(to: file)
            let result = try await CLI.run(["run", "--target", file.path, "--out", dir.appendingPathComponent("out-\(index)").path])
            let shown = ProductionGuard.displayable(spelling)
            #expect(result.status == 65, "\(field) \(shown): \(result.stderr)")
            #expect(result.stderr.contains("an AGE production host"), "\(field) \(shown): \(result.stderr)")
        }
    }

    // MARK: No DNS query for production leaves the process

    /// A loopback "Service" (python3's http.server) that answers every request with a 302 to
    /// `location`; returns the process and its port (written to a file, read back).
    static func redirectingService(to location: String, in directory: URL) async throws -> (BackgroundProcess, Int) {
        let script = """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(302); self.send_header("Location", sys.argv[1])
                    self.send_header("Content-Length", "0"); self.end_headers()
                do_POST = do_GET
                def log_message(self, *args): pass
            server = http.server.HTTPServer(("127.0.0.1", 0), H)
            open(sys.argv[2] + ".tmp", "w").write(str(server.server_address[1]))
            __import__("os").rename(sys.argv[2] + ".tmp", sys.argv[2])
            server.serve_forever()
            """
        let portFile = directory.appendingPathComponent("port")
        let process = try BackgroundProcess(try ChildProcess.tool("python3"), ["-c", script, location, portFile.path],
                                            in: directory, log: "redirecting-service.log")
        for _ in 0..<100 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) { return (process, port) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return (process, 0)
    }

    /// `run` against a Service that sends the browser to production, under strace: the
    /// process's every connect(2) and send is logged, and none goes to a DNS server (port 53).
    /// The control: the log shows the connection to the loopback Service, so strace did see
    /// the process's network calls, and a resolver query for production would be there too.
    @Test(arguments: ["https://mpass.gov.md/login/saml", "https://MNOTIFY.GOV.MD./api/"])
    func aRunSentToProductionMakesNoDNSQuery(location: String) async throws {
        let strace = "/usr/bin/strace"
        try #require(FileManager.default.isExecutableFile(atPath: strace), "strace is needed to watch the process's network calls")
        let dir = CLI.temporaryDirectory()
        let (service, port) = try await Self.redirectingService(to: location, in: dir)
        defer { service.stop() }
        try #require(port > 0, "the loopback Service did not start: \(service.output)")
        let keys = try await CLI.run(["keys", "generate", "--out", dir.path, "--name", "svc"])
        try #require(keys.status == 0, "\(keys.stderr)")
        let target = dir.appendingPathComponent("service.yaml")
        try Data("""
            base_url: http://127.0.0.1:\(port)
            certificate: \(dir.appendingPathComponent("svc.cert.pem").path)
            logged_in:
              url: /protected
            issuer: https://service.example.md
            idp:
              kind: simulator
            """.utf8).write(to: target)
        let log = dir.appendingPathComponent("strace.log")
        _ = try await ChildProcess.runOffPool(URL(fileURLWithPath: strace), [
            "-f", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", log.path,
            CLI.binary.path, "run", "--target", target.path, "--case", "TC_FUNCT_01",
            "--out", dir.appendingPathComponent("out").path, "--identity-dir", dir.appendingPathComponent("sim").path,
        ], timeout: 300)
        let calls = try String(contentsOf: log, encoding: .utf8)
        #expect(calls.contains("htons(\(port))"), "the connection to the loopback Service is not in the log")
        #expect(!calls.contains("htons(53)"), "a DNS query left the process")
        let report = try String(contentsOf: dir.appendingPathComponent("out/report.json"), encoding: .utf8)
        #expect(report.contains("production-refused") || report.contains("a production host of AGE"), "\(report.prefix(2000))")
    }
}
