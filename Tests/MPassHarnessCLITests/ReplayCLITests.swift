import Foundation
import Testing
import TestSupport

/// `replay`, `run --bundle` and `report verify` as a user meets them: the binary, its output
/// and exit codes, every error path included.
@Suite(.timeLimit(.minutes(20)), .temporaryDirectories) struct ReplayCLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("fixtures/recordings")

    static var firstRunFixture: String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return fixtures.appendingPathComponent(names.filter { $0.hasPrefix("run-pass") }.sorted().first ?? "run-pass.har").path
    }

    /// A test-only signing credential made with openssl: PEM key and certificate, and the
    /// same as a password-protected PKCS#12.
    static func signingCredential(in directory: URL) throws -> (pem: String, key: String, pfx: String) {
        let key = directory.appendingPathComponent("sign.key.pem").path
        let cert = directory.appendingPathComponent("sign.cert.pem").path
        let pfx = directory.appendingPathComponent("sign.pfx").path
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                     "-subj", "/CN=Beneficiary system (test only)"])
        try openssl(["pkcs12", "-export", "-inkey", key, "-in", cert, "-out", pfx, "-passout", "pass:test-only-password"])
        return (cert, key, pfx)
    }

    static func openssl(_ arguments: [String]) throws {
        let result = try ChildProcess.run(try ChildProcess.tool("openssl"), arguments)
        #expect(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    // MARK: replay

    @Test func replayOfARecordedRunWritesTheReports() async throws {
        let out = CLI.temporaryDirectory().appendingPathComponent("reports")
        let result = try await CLI.run(["replay", Self.firstRunFixture, "--out", out.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("replayed "))
        #expect(result.stdout.contains("TC_SEC_07"))
        for name in ["report.json", "junit.xml", "report.html", "summary.md"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
    }

    /// Without --bundle, report.html still draws each case's exchanges from the HAR replayed.
    @Test func replayWithoutBundleDrawsSequenceDiagrams() async throws {
        let out = CLI.temporaryDirectory().appendingPathComponent("reports")
        let result = try await CLI.run(["replay", Self.firstRunFixture, "--out", out.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let cases = (report?["cases"] as? [[String: Any]]) ?? []
        #expect(!cases.isEmpty)
        // One diagram per case, none missing, and nothing written beside the four reports.
        #expect(html.components(separatedBy: "<svg class=\"sd\"").count - 1 == cases.count)
        #expect(!html.contains("No sequence diagram"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["junit.xml", "report.html", "report.json", "summary.md"])
    }

    @Test func replayTwiceGivesTheSameReportBytes() async throws {
        let dir = CLI.temporaryDirectory()
        let first = try await CLI.run(["replay", Self.fixtures.path, "--out", dir.appendingPathComponent("a").path])
        let second = try await CLI.run(["replay", Self.fixtures.path, "--out", dir.appendingPathComponent("b").path, "--sequential"])
        #expect(first.status == second.status)
        let a = try Data(contentsOf: dir.appendingPathComponent("a/report.json"))
        let b = try Data(contentsOf: dir.appendingPathComponent("b/report.json"))
        #expect(a == b)
    }

    @Test func missingRecordingIsNamed() async throws {
        let result = try await CLI.run(["replay", "/nonexistent/run.har"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/run.har: no such file or directory"), "\(result.stderr)")
    }

    @Test func fileThatIsNotARecordingIsRefused() async throws {
        let file = CLI.temporaryDirectory().appendingPathComponent("notes.har")
        try Data("hello, not JSON".utf8).write(to: file)
        let result = try await CLI.run(["replay", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("not JSON, so neither a HAR file nor a SAML-tracer export"), "\(result.stderr)")
    }

    @Test func recordingWithoutSAMLIsRefused() async throws {
        let file = CLI.temporaryDirectory().appendingPathComponent("browsing.har")
        try Data(#"{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[{"startedDateTime":"2026-11-22T10:00:00.000Z","time":1,"request":{"method":"GET","url":"https://example.org/"},"response":{"status":200}}]}}"#.utf8).write(to: file)
        let result = try await CLI.run(["replay", file.path, "--out", CLI.temporaryDirectory().path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no SAML message found in"), "\(result.stderr)")
    }

    @Test func emptyFolderIsNamed() async throws {
        let dir = CLI.temporaryDirectory()
        let result = try await CLI.run(["replay", dir.path])
        #expect(result.status == 66)
        #expect(result.stderr.contains("holds no .har or .json recording"), "\(result.stderr)")
    }

    @Test func replayWithoutPathsIsAUsageError() async throws {
        let result = try await CLI.run(["replay"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("give at least one recording"), "\(result.stderr)")
    }

    @Test func unreadableCertificateIsNamed() async throws {
        let result = try await CLI.run(["replay", Self.firstRunFixture, "--idp-cert", "/nonexistent/idp.pem"])
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains("/nonexistent/idp.pem"))
    }

    /// With the wrong MPass certificate every Response fails its signature check, and the
    /// Service's rejections are no longer proof of anything: the functional cases fail.
    @Test func wrongIdPCertificateChangesTheVerdicts() async throws {
        let dir = CLI.temporaryDirectory()
        let credential = try Self.signingCredential(in: dir)
        let result = try await CLI.run(["replay", Self.firstRunFixture, "--idp-cert", credential.pem, "--out", dir.appendingPathComponent("r").path])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stderr.contains("MPass's certificate from --idp-cert"))
    }

    // MARK: bundles

    @Test func bundleWithoutSigningCertificateIsAUsageError() async throws {
        let result = try await CLI.run(["replay", Self.firstRunFixture, "--bundle", CLI.temporaryDirectory().path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--bundle needs the certificate that signs it"), "\(result.stderr)")
    }

    /// The bundle's evidence is the recordings prepared again, with the target's certificate
    /// read again. A certificate file replaced between the replay and the bundle stops the
    /// bundle: `reason [code]` after `error: `, exit 65, no half bundle.
    ///
    /// The moment is the same on every run: `replay` prints its notes between the replay and
    /// the evidence, and its stderr here is a pipe this test filled, so the first note blocks
    /// the child until the test reads. The file is replaced while the child waits there
    /// (a thread of it in write(2) on fd 2, from /proc/PID/task/*/syscall), then the pipe is drained.
    @Test(.timeLimit(.minutes(5))) func evidenceThatCannotBePreparedStopsTheBundle() async throws {
        try await withTemporaryDirectory("replay-cli") { dir in
            let browser = Self.packageRoot.appendingPathComponent("fixtures/browser")
            let certificate = dir.appendingPathComponent("service.cert.pem")
            try FileManager.default.copyItem(at: browser.appendingPathComponent("service.cert.pem"), to: certificate)
            let target = dir.appendingPathComponent("target.yaml")
            try Data(try String(contentsOf: browser.appendingPathComponent("target.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "certificate: service.cert.pem", with: "certificate: \(certificate.path)").utf8).write(to: target)
            let credential = try Self.signingCredential(in: dir)
            let bundle = dir.appendingPathComponent("bundle")
            let result = try await Self.runBlockedAtFirstNote(
                ["replay", browser.appendingPathComponent("pass.har").path, "--target", target.path,
                 "--idp-cert", browser.appendingPathComponent("simulator.cert.pem").path, "--out", dir.appendingPathComponent("r").path,
                 "--bundle", bundle.path, "--sign-cert", credential.pem, "--sign-key", credential.key],
                in: dir) {
                try Data("replaced: no certificate".utf8).write(to: certificate)
            }
            #expect(result.status == 65, "\(result.stdout)\n\(result.stderr)")
            let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
            #expect(errors == ["error: the bundle could not be written: \(certificate.path) (the target's certificate): \(certificate.path) is neither a PEM nor a DER certificate; give a .cer/.crt/.pem file (or a .pfx with --password) [replay.certificate-unreadable]"],
                    "\(result.stderr)")
            #expect(result.stderr.hasPrefix("note: "), "the first line is the note the child waited at: \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: bundle.appendingPathComponent("manifest.json").path), "no half bundle")
            #expect(!result.stdout.contains("bundle: "), "\(result.stdout)")
        }
    }

    /// Runs the binary with its stderr a full pipe, calls `whileBlocked` once the child waits to
    /// write its first stderr line, then reads stderr to the end. stdout goes to a file in `dir`.
    static func runBlockedAtFirstNote(_ arguments: [String], in dir: URL, whileBlocked: () throws -> Void) async throws -> CLIResult {
        let errors = Pipe()
        let writeEnd = errors.fileHandleForWriting.fileDescriptor
        let flags = fcntl(writeEnd, F_GETFL)
        _ = fcntl(writeEnd, F_SETFL, flags | O_NONBLOCK)
        var filled = 0
        let chunk = [UInt8](repeating: UInt8(ascii: "#"), count: 4096)
        while true {
            let written = chunk.withUnsafeBytes { write(writeEnd, $0.baseAddress!, $0.count) }
            if written <= 0 { break }
            filled += written
        }
        _ = fcntl(writeEnd, F_SETFL, flags)
        let outputFile = dir.appendingPathComponent("stdout.txt")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = dir
        process.standardError = errors
        process.standardOutput = output
        // Process closes the child's end of the pipe in this process once the child runs.
        try process.run()
        try? output.close()
        // Blocked writing its first line to fd 2: one of its threads' /proc/PID/task/TID/syscall
        // reads `N 0x2 …`, N being write's number (1 on x86-64, 64 on aarch64). The command runs
        // on a thread other than the main one. Never found (the child changed how it writes),
        // the wait ends after a minute rather than hanging, and the assertions say what came out.
        let tasks = "/proc/\(process.processIdentifier)/task"
        for _ in 0..<12_000 where process.isRunning {
            let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
            if threads.contains(where: { thread in
                let line = Self.firstBytes(of: "\(tasks)/\(thread)/syscall")
                return line.hasPrefix("1 0x2 ") || line.hasPrefix("64 0x2 ")
            }) { break }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        try whileBlocked()
        let data = try await Task.detached { try errors.fileHandleForReading.readToEnd() ?? Data() }.value
        process.waitUntilExit()
        let stdout = String(decoding: (try? Data(contentsOf: outputFile)) ?? Data(), as: UTF8.self)
        return CLIResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: data.dropFirst(filled), as: UTF8.self))
    }

    /// The start of a /proc file (its size reads as 0, so it is read, not sized).
    static func firstBytes(of path: String) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    @Test func wrongPasswordForTheSigningCredentialIsNamed() async throws {
        let dir = CLI.temporaryDirectory()
        let credential = try Self.signingCredential(in: dir)
        let result = try await CLI.run(["replay", Self.firstRunFixture, "--bundle", dir.appendingPathComponent("b").path,
                                  "--sign-cert", credential.pfx, "--password", "not-the-password"])
        #expect(result.status == 65, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.lowercased().contains("password"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("b").path), "no half bundle")
    }

    /// A bundle folder that is not empty cannot take a bundle (any other file would be an
    /// unsigned extra): `run` and `replay` name the folder and the fix once, with the code
    /// once, exit 65, and still leave the reports.
    @Test(arguments: ["run", "replay"])
    func aBundleFolderThatIsNotEmptyIsNamedOnce(command: String) async throws {
        let dir = CLI.temporaryDirectory()
        let credential = try Self.signingCredential(in: dir)
        let bundle = dir.appendingPathComponent("bundle")
        try FileManager.default.createDirectory(at: bundle, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: bundle.appendingPathComponent("stray.txt"))
        let out = dir.appendingPathComponent("reports")
        let input = command == "run" ? ["--case", "TC_SEC_07"] : [Self.firstRunFixture]
        let result = try await CLI.run([command] + input + ["--out", out.path, "--bundle", bundle.path,
                                                      "--sign-cert", credential.pem, "--sign-key", credential.key])
        #expect(result.status == 65, "\(result.stdout)\n\(result.stderr)")
        let errors = result.stderr.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("error: ") }
        #expect(errors == ["error: the bundle could not be written: \(bundle.path) is not empty (stray.txt…); a bundle is written into a new or empty folder, since any other file would be an unsigned extra [bundle.directory-not-empty]"],
                "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "bundle.directory-not-empty").count == 2, "the code once: \(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path), "the reports come first")
        #expect(!FileManager.default.fileExists(atPath: bundle.appendingPathComponent("manifest.json").path))
    }

    @Test func replayBundleVerifiesAndTamperingIsNamed() async throws {
        let dir = CLI.temporaryDirectory()
        let credential = try Self.signingCredential(in: dir)
        let bundle = dir.appendingPathComponent("bundle")
        let made = try await CLI.run(["replay", Self.firstRunFixture, "--out", dir.appendingPathComponent("r").path,
                                "--bundle", bundle.path, "--sign-cert", credential.pfx],
                               environment: ["MPASS_HARNESS_PASSWORD": "test-only-password"])
        #expect(made.status == 0, "\(made.stdout)\n\(made.stderr)")

        let verified = try await CLI.run(["report", "verify", bundle.path])
        #expect(verified.status == 0, "\(verified.stdout)\n\(verified.stderr)")
        #expect(verified.stdout.contains("signed by: CN = Beneficiary system (test only)") || verified.stdout.contains("Beneficiary system (test only)"))
        #expect(verified.stdout.contains("serial:"))
        #expect(verified.stdout.contains("PASS report.verdict"))
        #expect(verified.stdout.contains("VALID"))
        // What was tested, and what the bundle can and cannot prove.
        #expect(verified.stdout.contains("tested (as the evidence records it):"), "\(verified.stdout)")
        #expect(verified.stdout.contains("  plan:     replay, 12 cases"), "\(verified.stdout)")
        #expect(verified.stdout.contains("  verdict:  PASS"), "\(verified.stdout)")
        #expect(verified.stdout.contains("  MPass:    simulator, "), "\(verified.stdout)")
        #expect(verified.stdout.contains("what it cannot prove:"))
        #expect(verified.stdout.contains("a simulator run on the beneficiary's machine"))

        let wrongSerial = try await CLI.run(["report", "verify", bundle.path, "--expect-serial", "01:02:03"])
        #expect(wrongSerial.status == 1)
        #expect(wrongSerial.stdout.contains("FAIL bundle.signer"))

        // A verdict edited in report.json: the digest and the replayed verdict both say so.
        let reportURL = bundle.appendingPathComponent("report.json")
        let text = try String(contentsOf: reportURL, encoding: .utf8)
        let range = try #require(text.range(of: "\"verdict\" : \"pass\""))
        try text.replacingCharacters(in: range, with: "\"verdict\" : \"fail\"").write(to: reportURL, atomically: true, encoding: .utf8)
        let tampered = try await CLI.run(["report", "verify", bundle.path])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("FAIL bundle.manifest.digest [report.json]"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("the report says fail, the evidence gives pass"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("INVALID"))
    }

    @Test func verifyOfAMissingBundleIsNamed() async throws {
        let result = try await CLI.run(["report", "verify", "/nonexistent/bundle"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("no such bundle folder"), "\(result.stderr)")
    }

    /// `mpass-harness run` with `arguments`, its reports in `reports/` and a bundle in `bundle/`
    /// signed with a fresh test credential (PEM key and certificate), all in a new folder.
    static func runWithBundle(_ arguments: [String]) async throws -> (result: CLIResult, dir: URL, out: URL, bundle: URL) {
        let dir = CLI.temporaryDirectory()
        let credential = try signingCredential(in: dir)
        let out = dir.appendingPathComponent("reports")
        let bundle = dir.appendingPathComponent("bundle")
        let result = try await CLI.run(["run"] + arguments + ["--out", out.path, "--bundle", bundle.path,
                                                        "--sign-cert", credential.pem, "--sign-key", credential.key])
        return (result, dir, out, bundle)
    }

    /// `run --bundle`: the run's own HAR evidence, signed; it verifies, and its verdicts replay.
    @Test func runWritesHAREvidenceAndASignedBundle() async throws {
        let (result, _, out, bundle) = try await Self.runWithBundle([])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let har = try String(contentsOf: out.appendingPathComponent("evidence/run.har"), encoding: .utf8)
        #expect(har.contains("\"_sequence\""))
        #expect(har.contains("\"_case\" : \"TC_SEC_07\""))
        #expect(!har.contains("PRIVATE KEY"))
        let verified = try await CLI.run(["report", "verify", bundle.path])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("  plan:     chapter9, 12 cases"), "\(verified.stdout)")
        #expect(verified.stdout.contains("PASS report.plan: every case of the plan chapter9 (12) is in the evidence"), "\(verified.stdout)")
        #expect(verified.stdout.contains("PASS report.coverage"), "\(verified.stdout)")
    }

    /// A Service whose logins never complete (its state cookie is withheld on MPass's POST):
    /// no refusal passes, the run fails with "not judged", the table names the cookie, and the
    /// bundle's evidence replays to the very same verdicts, so AGE's check agrees.
    @Test func runWithNoWorkingLoginJudgesNoRefusalAndItsBundleAgrees() async throws {
        let (result, dir, out, bundle) = try await Self.runWithBundle(["--weakness", "loginStateInCookieOnly"])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("0 of 12 cases passed, 4 failed, 8 not judged (positive control failed)"), "\(result.stdout)")
        #expect(result.stdout.contains("TC_SEC_01    NOT JUDGED"), "\(result.stdout)")
        #expect(result.stdout.contains("`rs_state` (SameSite=Lax)"), "\(result.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let summary = try #require(report?["summary"] as? [String: Any])
        #expect(summary["notJudged"] as? Int == 8)
        let verified = try await CLI.run(["report", "verify", bundle.path])
        #expect(verified.status == 0, "\(verified.stdout)")
        let replayed = try await CLI.run(["replay", out.appendingPathComponent("evidence/run.har").path, "--out", dir.appendingPathComponent("replayed").path])
        #expect(replayed.stdout.contains("8 not judged"), "\(replayed.stdout)")
    }

    /// evidence/run.har is a link to /etc/hostname: refused, and nothing of the file printed.
    @Test func verifyRefusesASymlinkAndPrintsNothingOfItsTarget() async throws {
        let dir = CLI.temporaryDirectory()
        let credential = try Self.signingCredential(in: dir)
        let bundle = dir.appendingPathComponent("bundle")
        let made = try await CLI.run(["replay", Self.firstRunFixture, "--out", dir.appendingPathComponent("r").path,
                                "--bundle", bundle.path, "--sign-cert", credential.pem, "--sign-key", credential.key])
        #expect(made.status == 0, "\(made.stdout)\n\(made.stderr)")
        let har = bundle.appendingPathComponent("evidence").appendingPathComponent(
            try #require(try FileManager.default.contentsOfDirectory(atPath: bundle.appendingPathComponent("evidence").path).first))
        try FileManager.default.removeItem(at: har)
        try FileManager.default.createSymbolicLink(atPath: har.path, withDestinationPath: "/etc/hostname")
        let hostname = try String(contentsOfFile: "/etc/hostname", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try await CLI.run(["report", "verify", bundle.path])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("INVALID: evidence/\(har.lastPathComponent) is a symbolic link"), "\(result.stdout)")
        #expect(!hostname.isEmpty)
        #expect(!result.stdout.contains(hostname) && !result.stderr.contains(hostname))
    }

    /// `run --case`: the plan is named for what ran (`chapter9-partial`), the bundle holds it to
    /// that case, and AGE must accept a partial bundle knowingly.
    @Test func narrowedRunBundleIsPartial() async throws {
        let (result, _, _, bundle) = try await Self.runWithBundle(["--case", "TC_FUNCT_01"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("report.json"))) as? [String: Any]
        #expect(report?["plan"] as? String == "chapter9-partial")
        let partial = try await Self.verifyPartial(bundle, absent: "TC_FUNCT_02")
        #expect(partial.stdout.contains("PASS report.plan: every case of the plan chapter9-partial (1) is in the evidence"), "\(partial.stdout)")
    }

    /// A replay of one browser recording does not cover chapter 9: refused unless AGE accepts a partial bundle.
    @Test func partialBundleNeedsAllowPartial() async throws {
        let dir = CLI.temporaryDirectory()
        let credential = try Self.signingCredential(in: dir)
        let browser = Self.packageRoot.appendingPathComponent("fixtures/browser")
        let bundle = dir.appendingPathComponent("bundle")
        let made = try await CLI.run(["replay", browser.appendingPathComponent("pass.har").path,
                                "--target", browser.appendingPathComponent("target.yaml").path,
                                "--sp-cert", browser.appendingPathComponent("service.cert.pem").path,
                                "--idp-cert", browser.appendingPathComponent("simulator.cert.pem").path,
                                "--out", dir.appendingPathComponent("r").path,
                                "--bundle", bundle.path, "--sign-cert", credential.pem, "--sign-key", credential.key])
        #expect(made.status == 0, "\(made.stdout)\n\(made.stderr)")
        let partial = try await Self.verifyPartial(bundle, absent: "TC_SEC_01")
        #expect(partial.stdout.contains("chapter 9 is not covered: no evidence for "), "\(partial.stdout)")
    }

    /// A bundle short of chapter 9: refused (exit 1) naming an absent case, VALID with --allow-partial.
    static func verifyPartial(_ bundle: URL, absent: String) async throws -> CLIResult {
        let strict = try await CLI.run(["report", "verify", bundle.path])
        #expect(strict.status == 1, "\(strict.stdout)")
        #expect(strict.stdout.contains("FAIL report.coverage: no evidence for "), "\(strict.stdout)")
        #expect(strict.stdout.contains(absent), "\(strict.stdout)")
        let partial = try await CLI.run(["report", "verify", bundle.path, "--allow-partial"])
        #expect(partial.status == 0, "\(partial.stdout)")
        return partial
    }
}
