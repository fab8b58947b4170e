import Foundation
import Testing
import TestSupport

/// Hostile and mistaken inputs end in a clear error, quickly and with bounded memory; and the
/// small faults of issue 11 (lost results, wrong exit codes, silently ignored options).
@Suite(.timeLimit(.minutes(10)), .temporaryDirectories) struct InputBoundsCLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file of `count` bytes of `byte`.
    static func file(bytes count: Int, of byte: UInt8 = UInt8(ascii: "A"), in directory: URL = CLI.temporaryDirectory()) throws -> URL {
        let url = directory.appendingPathComponent("big-\(count)")
        try Data(repeating: byte, count: count).write(to: url)
        return url
    }

    @Test func stdinOverTheLimitIsRefused() async throws {
        let big = try Self.file(bytes: 16 * 1024 * 1024 + 1)
        let result = try await CLI.run(["verify", "-"], stdinFile: big)
        #expect(result.status == 65)
        #expect(result.stderr.contains("stdin holds more than 16 MiB"), "\(result.stderr)")
    }

    @Test func aMessageFileOverTheLimitIsRefused() async throws {
        let big = try Self.file(bytes: 16 * 1024 * 1024 + 1)
        let result = try await CLI.run(["verify", big.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(big.path) holds more than 16 MiB"), "\(result.stderr)")
    }

    /// A HAR over the recording limit is refused before it is read (a sparse file: no disk used).
    @Test func aRecordingOverTheLimitIsRefused() async throws {
        let url = CLI.temporaryDirectory().appendingPathComponent("huge.har")
        FileManager.default.createFile(atPath: url.path, contents: Data("{\"log\":".utf8))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 129 * 1024 * 1024)
        try handle.close()
        let result = try await CLI.run(["replay", url.path, "--out", CLI.temporaryDirectory().path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("over the limit of 128 MiB for a recording"), "\(result.stderr)")
    }

    /// SAML Bindings 3.5.3: RelayState "MUST NOT exceed 80 bytes in length".
    @Test func aFormWithATenMebibyteRelayStateFailsTheRelayStateCheck() async throws {
        let dir = CLI.temporaryDirectory()
        let keys = try await CLI.run(["keys", "generate", "--out", dir.path, "--name", "svc"])
        #expect(keys.status == 0, "\(keys.stderr)")
        let cert = dir.appendingPathComponent("svc.cert.pem").path
        let signed = try await CLI.run(["sign", "authn-request", "--cert", cert, "--key", dir.appendingPathComponent("svc.key.pem").path,
                                  "--issuer", "https://sp.example", "--output", "base64"])
        #expect(signed.status == 0, "\(signed.stderr)")
        let encoded = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let form = dir.appendingPathComponent("form.txt")
        try Data(("SAMLRequest=\(encoded)&RelayState=" + String(repeating: "x", count: 10 * 1024 * 1024)).utf8).write(to: form)
        let result = try await CLI.run(["verify", form.path, "--sp-cert", cert])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("FAIL binding.relay-state.length: RelayState is 10485760 bytes; SAML Bindings 3.4.3 and 3.5.3 allow at most 80"), "\(result.stdout.suffix(400))")
        // The same form with a short RelayState passes that check.
        try Data("SAMLRequest=\(encoded)&RelayState=abc".utf8).write(to: form)
        let short = try await CLI.run(["verify", form.path, "--sp-cert", cert])
        #expect(short.stdout.contains("PASS binding.relay-state.length"), "\(short.stdout)")
    }

    /// A recording whose only SAML message is refused (a DOCTYPE): nothing can be judged, and
    /// "0 of 0 cases passed" must not be a pass.
    @Test func replayWithNothingJudgedExitsNonZero() async throws {
        let dir = CLI.temporaryDirectory()
        let message = Data("<!DOCTYPE r [<!ENTITY e \"x\">]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>".utf8)
            .base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let har = dir.appendingPathComponent("refused.har")
        try Data(#"{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[{"startedDateTime":"2026-11-22T10:00:00.000Z","time":1,"request":{"method":"POST","url":"https://sp.example.md/mpass-login","postData":{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse=\#(message)"}},"response":{"status":200}}]}}"#.utf8).write(to: har)
        let result = try await CLI.run(["replay", har.path, "--out", dir.appendingPathComponent("r").path])
        #expect(result.status == 65, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("no case could be judged"), "\(result.stderr)")
    }

    @Test func replayWithAFileAsOutIsAUsageError() async throws {
        let file = try Self.file(bytes: 3)
        let recording = Self.packageRoot.appendingPathComponent("fixtures/recordings/run-pass.har").path
        let result = try await CLI.run(["replay", recording, "--out", file.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--out \(file.path) exists and is not a folder"), "\(result.stderr)")
    }

    @Test func runWithAFileAsOutIsAUsageError() async throws {
        let file = try Self.file(bytes: 3)
        let result = try await CLI.run(["run", "--out", file.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("exists and is not a folder"), "\(result.stderr)")
    }

    @Test func runIntoAFolderHoldingFilesIsRefusedBeforeAnyCaseRuns() async throws {
        let dir = CLI.temporaryDirectory()
        try Data("x".utf8).write(to: dir.appendingPathComponent("report.json"))
        let result = try await CLI.run(["run", "--out", dir.path])
        #expect(result.status == 73)
        #expect(result.stderr.contains("already holds 1 file(s) (report.json)"), "\(result.stderr)")
        #expect(!result.stdout.contains("PASS"), "cases ran: \(result.stdout)")
    }

    @Test func identityCertWithoutTargetIsAUsageError() async throws {
        let result = try await CLI.run(["run", "--identity-cert", "/nonexistent/sim.pfx"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--identity-cert and --identity-key sign as the simulator for a Service given with --target"), "\(result.stderr)")
    }

    /// A run started in a second whose report folder another run already took gets its own
    /// folder (`-2`) and keeps its results; the other folder is left alone.
    @Test func aRunWhoseFolderIsTakenWritesToANewOne() async throws {
        let cwd = CLI.temporaryDirectory()
        let reports = cwd.appendingPathComponent("mpass-reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        // Every second the run may start in is taken, each folder holding a marker.
        let now = Date()
        var taken: Set<String> = []
        for offset in 0..<30 {
            let name = Self.folderName(now.addingTimeInterval(Double(offset)))
            taken.insert(name)
            let folder = reports.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("other run".utf8).write(to: folder.appendingPathComponent("marker"))
        }
        let result = try await CLI.run(["run", "--case", "TC_FUNCT_01"], directory: cwd)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: reports.path)
        let new = folders.filter { !taken.contains($0) }
        #expect(new.count == 1 && new.first?.hasSuffix("-2") == true, "\(folders.sorted())")
        if let new = new.first {
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent(new).appendingPathComponent("report.json").path))
        }
        for name in taken {
            #expect(try FileManager.default.contentsOfDirectory(atPath: reports.appendingPathComponent(name).path) == ["marker"])
        }
    }

    /// The folder name `run` gives a start time: the UTC time without `-` and `:`.
    static func folderName(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
