@testable import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Testing
import TestSupport
import Vocabulary

/// Identities made once per test process (RSA key generation is the slow part).
enum BundleIdentities {
    static let beneficiary = try! TestSupport.identity("beneficiary-system")
    static let attacker = try! TestSupport.identity("someone-else")
}

@Suite("Compliance bundle", .timeLimit(.minutes(10)), .temporaryDirectories)
struct BundleTests {
    static let createdAt = Date(timeIntervalSince1970: 1_795_166_700) // 2026-11-20T09:25:00Z

    static let reportFiles: [String: Data] = [
        "report.json": Data("{\"cases\":[{\"id\":\"TC_FUNCT_01\",\"verdict\":\"pass\"}]}\n".utf8),
        "junit.xml": Data("<testsuites><testsuite name=\"chapter9\" tests=\"1\"/></testsuites>\n".utf8),
        "report.html": Data("<html><body>TC_FUNCT_01 pass</body></html>\n".utf8),
        "summary.md": Data("# 1 case, 1 passed\n".utf8),
    ]

    /// A person's Chrome export, redacted as the harness does before bundling it.
    static func harFiles() throws -> [String: Data] {
        let recording = try RecordingReader.read(file: TestSupport.recording("chrome-login.har"))
        return ["run.har": try HARWriter.encode(RedactionPolicy.default.apply(to: recording.har))]
    }

    /// A freshly written bundle in a new folder.
    static func writtenBundle() throws -> URL {
        let directory = TestSupport.temporaryDirectory("bundle").appendingPathComponent("bundle")
        try BundleWriter(createdAt: createdAt).write(reportFiles: reportFiles, harFiles: try harFiles(),
                                                     identity: BundleIdentities.beneficiary, to: directory)
        return directory
    }

    static var beneficiarySerial: String { BundleIdentities.beneficiary.certificate.serialHex }

    @Test("a written bundle verifies, shows its signer and every file's digest")
    func writeAndVerify() throws {
        let directory = try Self.writtenBundle()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["evidence", "junit.xml", "manifest.json", "manifest.json.p7s", "report.html", "report.json", "summary.md"])

        let result = try BundleVerifier.verify(directory, expectSerial: Self.beneficiarySerial)
        #expect(result.isValid, "\(result.failures.map(\.line))")
        #expect(result.signer?.serialHex == Self.beneficiarySerial)
        #expect(result.signer?.subject == BundleIdentities.beneficiary.certificate.subject)
        #expect(result.checks(CheckID.bundleManifestDigest).compactMap(\.file)
                == ["evidence/run.har", "junit.xml", "report.html", "report.json", "summary.md"])
        #expect(result.checks.map(\.id.rawValue).filter { !$0.hasPrefix("bundle.manifest.digest") }
                == ["bundle.manifest", "bundle.signature", "bundle.signer", "bundle.signer.validity",
                    "bundle.files.missing", "bundle.files.extra"])
        #expect(result.manifest?.createdAt == "2026-11-20T09:25:00Z")
        #expect(result.manifest?.tool == BundleManifest.Tool(name: "mpass-harness", version: ToolInfo.version))
    }

    @Test("the manifest and its signature are deterministic: same files, same time, same bytes")
    func deterministic() throws {
        let first = try Self.writtenBundle()
        let second = try Self.writtenBundle()
        defer {
            try? FileManager.default.removeItem(at: first.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: second.deletingLastPathComponent())
        }
        for name in ["manifest.json", "manifest.json.p7s"] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)))
        }
        let manifest = String(decoding: try Data(contentsOf: first.appendingPathComponent("manifest.json")), as: UTF8.self)
        let sha = SHA256Digest.hex(of: Self.reportFiles["report.json"]!)
        #expect(manifest.contains("\"path\" : \"report.json\""))
        #expect(manifest.contains("\"sha256\" : \"\(sha)\""))
    }

    struct Tampering: CustomTestStringConvertible, Sendable {
        let name: String
        let expectSerial: Bool
        let tamper: @Sendable (URL) throws -> Void
        /// The failures verification must report, exactly: (check id, file).
        let failures: [String]
        var testDescription: String { name }
    }

    static func edit(_ url: URL, _ change: (inout Data) -> Void) throws {
        var data = try Data(contentsOf: url)
        change(&data)
        try data.write(to: url)
    }

    static let tamperings: [Tampering] = [
        Tampering(name: "one byte changed in a HAR file", expectSerial: true, tamper: { dir in
            try edit(dir.appendingPathComponent("evidence/run.har")) { $0[200] ^= 0x01 }
        }, failures: ["bundle.manifest.digest evidence/run.har"]),
        Tampering(name: "a verdict edited in report.json", expectSerial: true, tamper: { dir in
            let url = dir.appendingPathComponent("report.json")
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self).replacingOccurrences(of: "\"pass\"", with: "\"fail\"")
            try Data(text.utf8).write(to: url)
        }, failures: ["bundle.manifest.digest report.json"]),
        Tampering(name: "a file added", expectSerial: true, tamper: { dir in
            try Data("{}".utf8).write(to: dir.appendingPathComponent("evidence/extra.har"))
        }, failures: ["bundle.files.extra evidence/extra.har"]),
        Tampering(name: "a hidden file added", expectSerial: false, tamper: { dir in
            try Data("x".utf8).write(to: dir.appendingPathComponent(".notes"))
        }, failures: ["bundle.files.extra .notes"]),
        Tampering(name: "a file removed", expectSerial: true, tamper: { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("summary.md"))
        }, failures: ["bundle.files.missing summary.md"]),
        Tampering(name: "the manifest signed by another key", expectSerial: true, tamper: { dir in
            let manifest = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
            try CMSDetachedSignature.sign(manifest, identity: BundleIdentities.attacker)
                .write(to: dir.appendingPathComponent("manifest.json.p7s"))
        }, failures: ["bundle.signer"]),
        Tampering(name: "a file changed and the manifest's digest updated to match", expectSerial: true, tamper: { dir in
            let report = dir.appendingPathComponent("report.json")
            try Data("{\"cases\":[]}".utf8).write(to: report)
            let manifestURL = dir.appendingPathComponent("manifest.json")
            var manifest = try JSONDecoder().decode(BundleManifest.self, from: Data(contentsOf: manifestURL))
            let index = manifest.files.firstIndex { $0.path == "report.json" }!
            manifest.files[index].sha256 = SHA256Digest.hex(of: try Data(contentsOf: report))
            manifest.files[index].size = 12
            try manifest.encoded().write(to: manifestURL)
        }, failures: ["bundle.signature"]),
        Tampering(name: "the signature removed", expectSerial: true, tamper: { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("manifest.json.p7s"))
        }, failures: ["bundle.signature"]),
        Tampering(name: "the signature replaced by garbage", expectSerial: false, tamper: { dir in
            try Data("not a signature".utf8).write(to: dir.appendingPathComponent("manifest.json.p7s"))
        }, failures: ["bundle.signature"]),
        Tampering(name: "the manifest removed", expectSerial: true, tamper: { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("manifest.json"))
        }, failures: ["bundle.manifest"]),
        Tampering(name: "a manifest path leaving the folder, re-signed with the right key", expectSerial: true, tamper: { dir in
            let manifestURL = dir.appendingPathComponent("manifest.json")
            var manifest = try JSONDecoder().decode(BundleManifest.self, from: Data(contentsOf: manifestURL))
            manifest.files.append(BundleManifest.File(path: "../outside.txt", sha256: String(repeating: "0", count: 64), size: 0))
            let data = try manifest.encoded()
            try data.write(to: manifestURL)
            try CMSDetachedSignature.sign(data, identity: BundleIdentities.beneficiary)
                .write(to: dir.appendingPathComponent("manifest.json.p7s"))
        }, failures: ["bundle.manifest.digest ../outside.txt"]),
    ]

    @Test("tampering makes verification fail and name exactly what is wrong", arguments: tamperings)
    func tampering(_ tampering: Tampering) throws {
        let directory = try Self.writtenBundle()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try tampering.tamper(directory)
        let result = try BundleVerifier.verify(directory, expectSerial: tampering.expectSerial ? Self.beneficiarySerial : nil)
        #expect(!result.isValid)
        let named = result.failures.map { check in check.file.map { "\(check.id) \($0)" } ?? check.id.rawValue }
        #expect(named == tampering.failures, "\(result.failures.map(\.line))")
    }

    @Test("another key's bundle passes without an expected serial, and shows whose it is")
    func signerShownWithoutExpectation() throws {
        let directory = TestSupport.temporaryDirectory("bundle").appendingPathComponent("b")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try BundleWriter(createdAt: Self.createdAt).write(reportFiles: Self.reportFiles, harFiles: [:],
                                                          identity: BundleIdentities.attacker, to: directory)
        let open = try BundleVerifier.verify(directory)
        #expect(open.isValid)
        #expect(open.signer?.subject.contains("someone-else") == true)
        let pinned = try BundleVerifier.verify(directory, expectSerial: Self.beneficiarySerial)
        #expect(pinned.failures.map(\.id) == [CheckID.bundleSigner])
        #expect(pinned.failures.first?.result.detail.contains(SignerFacts.normalizeSerial(Self.beneficiarySerial)) == true)
    }

    @Test("an expected serial is compared as a number: case, colons, 0x and leading zeros do not matter")
    func serialForms() throws {
        let directory = try Self.writtenBundle()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let serial = Self.beneficiarySerial
        var pairs: [String] = []
        var index = serial.startIndex
        while index < serial.endIndex {
            let next = serial.index(index, offsetBy: 2, limitedBy: serial.endIndex) ?? serial.endIndex
            pairs.append(String(serial[index..<next]))
            index = next
        }
        for form in [serial.lowercased(), pairs.joined(separator: ":"), "0x00" + serial] {
            #expect(try BundleVerifier.verify(directory, expectSerial: form).isValid, "\(form)")
        }
    }

    @Test("a signer certificate expired when the bundle was made fails bundle.signer.validity")
    func expiredSigner() throws {
        let expired = try TestCredentialFactory.make(.init(commonName: "expired",
                                                           notBefore: Date(timeIntervalSince1970: 1_600_000_000),
                                                           notAfter: Date(timeIntervalSince1970: 1_700_000_000)))
        let directory = TestSupport.temporaryDirectory("bundle").appendingPathComponent("b")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try BundleWriter(createdAt: Self.createdAt).write(reportFiles: Self.reportFiles, harFiles: [:], identity: expired, to: directory)
        let result = try BundleVerifier.verify(directory)
        #expect(result.failures.map(\.id) == [CheckID.bundleSignerValidity])
    }

    struct BadName: CustomTestStringConvertible, Sendable {
        let report: String?
        let har: String?
        var testDescription: String { report ?? har ?? "" }
    }

    @Test("file names that could escape or collide are refused before anything is written",
          arguments: [BadName(report: "../report.json", har: nil), BadName(report: ".hidden", har: nil),
                      BadName(report: "a/b.json", har: nil), BadName(report: "manifest.json", har: nil),
                      BadName(report: nil, har: "manifest.json.p7s"), BadName(report: nil, har: "run har.har"),
                      BadName(report: "evidence", har: nil), BadName(report: "", har: nil)])
    func badNames(_ bad: BadName) throws {
        let directory = TestSupport.temporaryDirectory("bundle").appendingPathComponent("b")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let error = #expect(throws: HarnessError.self) {
            try BundleWriter(createdAt: Self.createdAt).write(
                reportFiles: bad.report.map { [$0: Data("x".utf8)] } ?? [:],
                harFiles: bad.har.map { [$0: Data("x".utf8)] } ?? [:],
                identity: BundleIdentities.beneficiary, to: directory)
        }
        #expect(error?.code == .bundleBadFileName)
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test("a HAR file that still holds a password is refused, naming the file and the entry")
    func unredactedEvidence() throws {
        let directory = TestSupport.temporaryDirectory("bundle").appendingPathComponent("b")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let raw = try Data(contentsOf: URL(fileURLWithPath: TestSupport.recording("chrome-login.har")))
        let error = #expect(throws: HarnessError.self) {
            try BundleWriter(createdAt: Self.createdAt).write(reportFiles: Self.reportFiles, harFiles: ["chrome.har": raw],
                                                              identity: BundleIdentities.beneficiary, to: directory)
        }
        #expect(error?.code == .bundleSecretInEvidence)
        #expect(error?.reason.hasPrefix("evidence/chrome.har: entry 1 (POST https://mpass.staging.egov.md/login/saml/password)") == true,
                "\(error?.reason ?? "")")
        #expect(!FileManager.default.fileExists(atPath: directory.path))

        let key = Data("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n".utf8)
        let keyError = #expect(throws: HarnessError.self) {
            try BundleWriter(createdAt: Self.createdAt).write(reportFiles: Self.reportFiles, harFiles: ["notes.har": key],
                                                              identity: BundleIdentities.beneficiary, to: directory)
        }
        #expect(keyError?.code == .bundleSecretInEvidence)
    }

    @Test("a folder that is not empty is refused (its files would be unsigned extras)")
    func nonEmptyFolder() throws {
        let directory = TestSupport.temporaryDirectory("bundle")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("old".utf8).write(to: directory.appendingPathComponent("old-report.json"))
        let error = #expect(throws: HarnessError.self) {
            try BundleWriter(createdAt: Self.createdAt).write(reportFiles: Self.reportFiles, harFiles: [:],
                                                              identity: BundleIdentities.beneficiary, to: directory)
        }
        #expect(error?.code == .bundleDirectoryNotEmpty)
        #expect(error?.reason.contains("old-report.json") == true)
    }

    @Test("verifying a folder that does not exist is an error, not a verdict")
    func missingFolder() {
        let error = #expect(throws: HarnessError.self) {
            try BundleVerifier.verify(URL(fileURLWithPath: "/nonexistent/bundle"))
        }
        #expect(error?.code == .bundleUnreadable)
    }

    // MARK: The standard tool

    @Test("openssl cms -verify accepts the bundle's signature, and the signer it writes out has our serial")
    func opensslVerifies() throws {
        let directory = try Self.writtenBundle()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let signerPEM = directory.deletingLastPathComponent().appendingPathComponent("signer.pem").path
        let verify = try OpenSSL.run(["cms", "-verify", "-binary", "-inform", "DER", "-in", "manifest.json.p7s",
                                      "-content", "manifest.json", "-noverify", "-out", "/dev/null", "-signer", signerPEM],
                                     in: directory)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("Verification successful"))
        let serial = try OpenSSL.run(["x509", "-in", signerPEM, "-noout", "-serial"], in: directory)
        #expect(serial.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "serial=\(Self.beneficiarySerial)")
    }

    @Test("openssl cms -verify refuses a manifest changed after signing")
    func opensslRefusesTamperedManifest() throws {
        let directory = try Self.writtenBundle()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try Self.edit(directory.appendingPathComponent("manifest.json")) { data in
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "report.json", with: "report.jsom")
            data = Data(text.utf8)
        }
        let verify = try OpenSSL.run(["cms", "-verify", "-binary", "-inform", "DER", "-in", "manifest.json.p7s",
                                      "-content", "manifest.json", "-noverify", "-out", "/dev/null"], in: directory)
        #expect(verify.status != 0)
        #expect(verify.stderr.contains("Verification failure"))
    }
}

/// Runs the system's `openssl` (the tool AGE is told to use).
enum OpenSSL {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL) throws -> Output {
        let result = try ChildProcess.run(try ChildProcess.tool("openssl"), arguments, directory: directory)
        return Output(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}
