import Foundation
import Testing
import TestSupport
@testable import MPassSAML
import Vocabulary

/// The credentials made by `Fixtures/credentials/make-credentials.sh`, and what openssl
/// said about them when it made them (`expected-facts.txt`).
enum TestCredentials {
    static let directory = fixturesDirectory.appendingPathComponent("credentials")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static let facts: [String: String] = {
        let text = (try? String(contentsOf: directory.appendingPathComponent("expected-facts.txt"), encoding: .utf8)) ?? ""
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }()

    static func fact(_ key: String) -> String { facts[key] ?? "missing \(key) in expected-facts.txt" }

    static var pfxPassword: String { fact("pfxPassword") }
    static var keyPassphrase: String { fact("keyPassphrase") }

    /// Valid for the leaf (2025-06-01 to 2030-06-01) at the tests' fixed clock.
    static let policy = CredentialPolicy(validAt: testNow)
}

/// The public MPass sample files in `../shared/mpass`, never copied into the repository, so
/// tests read them in place; missing, a test fails saying which file and where.
enum SharedFiles {
    static func samplePFX() throws -> String { try SharedFolder.require("mpass/mpass.localhost.egov.md.pfx").path }
    static let samplePFXPassword = "QdutCdFE7zZe9uybzV3q"
    static func stagingCertificate() throws -> String { try SharedFolder.require("mpass/mpass.staging.egov.md.cer").path }
}

/// The error `body` throws (nil, recorded as an issue, when it throws none).
func samlError(_ body: () throws -> Void) -> HarnessError? {
    do {
        try body()
        Issue.record("expected a HarnessError, got success")
        return nil
    } catch let error as HarnessError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

@Suite(.temporaryDirectories, .timeLimit(.minutes(5))) struct CredentialTests {
    // MARK: Loading each format

    struct Source: Sendable, CustomTestStringConvertible {
        let file: String
        var key: String?
        var password: String?
        var testDescription: String { key.map { "\(file) + \($0)" } ?? file }
    }

    @Test(arguments: [
        Source(file: "leaf-3des.pfx", password: TestCredentials.pfxPassword),
        Source(file: "leaf-aes.pfx", password: TestCredentials.pfxPassword),
        Source(file: "leaf-combined.pem"),
        Source(file: "leaf.cert.pem", key: "leaf.key.pem"),
        Source(file: "leaf.cer", key: "leaf.key.pem"),
        Source(file: "leaf.cert.pem", key: "leaf-encrypted.key.pem", password: TestCredentials.keyPassphrase),
    ])
    func loadsEachFormat(_ source: Source) throws {
        let identity = try CredentialLoader.loadIdentity(
            path: TestCredentials.path(source.file), keyPath: source.key.map(TestCredentials.path),
            password: source.password, policy: TestCredentials.policy)
        #expect(identity.certificate.serialHex == TestCredentials.fact("leaf.serial"))
        #expect(identity.certificate.sha256Fingerprint == TestCredentials.fact("leaf.sha256"))
        #expect(identity.privateKey.matches(identity.certificate))
        #expect(identity.privateKey.algorithm == .rsa(bits: 2048))
        // The loaded key signs, and the certificate verifies what it signed.
        let data = Data("signed by \(source.file)".utf8)
        let signature = try identity.privateKey.sign(data, algorithm: .rsaSha256)
        #expect(identity.certificate.verify(signature: signature, over: data, algorithm: .rsaSha256))
    }

    /// OpenSSL 1.x's (and older Windows') export: certificate bags under RC2-40, which
    /// OpenSSL 3 reads only through the legacy provider that initialisation loads.
    @Test func loadsRC2EncryptedPKCS12WhenTheLegacyProviderIsThere() throws {
        let path = TestCredentials.path("leaf-rc2.pfx")
        // Where this machine's OpenSSL keeps its providers (`MODULESDIR: "/usr/lib/…"`).
        if let modules = try OpenSSLTool.run(["version", "-m"]).output.split(separator: "\"").dropFirst().first,
           FileManager.default.fileExists(atPath: "\(modules)/legacy.so") {
            #expect(CLibraries.legacyProviderLoaded, "\(modules)/legacy.so exists but was not loaded")
        }
        if CLibraries.legacyProviderLoaded {
            let identity = try CredentialLoader.loadIdentity(
                path: path, password: TestCredentials.pfxPassword, policy: TestCredentials.policy)
            #expect(identity.certificate.serialHex == TestCredentials.fact("leaf.serial"))
            #expect(identity.chain.count == 1)
        } else {
            let error = samlError {
                _ = try CredentialLoader.loadIdentity(path: path, password: TestCredentials.pfxPassword, policy: TestCredentials.policy)
            }
            #expect(error?.code == .credentialFormatUnknown)
            #expect(error?.reason.contains("legacy provider") == true)
        }
    }

    @Test(arguments: ["leaf.cer", "leaf.cert.pem", "leaf-combined.pem"])
    func loadsACertificateAlone(_ file: String) throws {
        let certificate = try CredentialLoader.loadCertificate(path: TestCredentials.path(file))
        #expect(certificate.serialHex == TestCredentials.fact("leaf.serial"))
    }

    @Test func combinedPEMCarriesTheChain() throws {
        let certificates = try CredentialLoader.loadCertificates(path: TestCredentials.path("leaf-combined.pem"))
        #expect(certificates.map(\.serialHex) == [TestCredentials.fact("leaf.serial"), TestCredentials.fact("ca.serial")])
        let identity = try CredentialLoader.loadIdentity(path: TestCredentials.path("leaf-combined.pem"), policy: TestCredentials.policy)
        #expect(identity.chain.map(\.serialHex) == [TestCredentials.fact("ca.serial")])
    }

    // MARK: Facts, compared with openssl's own reading

    @Test(arguments: [("ca", "ca.pem"), ("leaf", "leaf.cert.pem"), ("expired", "expired.pem"),
                      ("rsa1024", "rsa1024.pem"), ("ec", "ec.pem")])
    func factsMatchOpenSSL(_ name: String, _ file: String) throws {
        let certificate = try CredentialLoader.loadCertificate(path: TestCredentials.path(file))
        #expect(certificate.subject == TestCredentials.fact("\(name).subject"))
        #expect(certificate.issuer == TestCredentials.fact("\(name).issuer"))
        #expect(certificate.serialHex == TestCredentials.fact("\(name).serial"))
        #expect(SAMLTime.format(certificate.notBefore) == TestCredentials.fact("\(name).notBefore"))
        #expect(SAMLTime.format(certificate.notAfter) == TestCredentials.fact("\(name).notAfter"))
        #expect(certificate.sha1Fingerprint == TestCredentials.fact("\(name).sha1"))
        #expect(certificate.sha256Fingerprint == TestCredentials.fact("\(name).sha256"))
        #expect("\(certificate.keyAlgorithm.bits)" == TestCredentials.fact("\(name).keyBits"))
        let isRSA = TestCredentials.fact("\(name).keyAlgorithm") == "rsaEncryption"
        #expect(certificate.keyAlgorithm.isRSA == isRSA)
    }

    @Test func leafFactsReadAsAPersonExpects() throws {
        let leaf = try CredentialLoader.loadCertificate(path: TestCredentials.path("leaf.cer"))
        // Stored order, C first, as STISC certificates and AGE's forms show them.
        #expect(leaf.subject == "C=MD, CN=test-service.mpass-harness.test")
        #expect(leaf.commonName == "test-service.mpass-harness.test")
        // The leading zero of the serial's first byte is kept, as openssl prints it.
        #expect(leaf.serialHex == "0F1E2D3C4B5A69788796A5B4C3D2E1F001122334")
        #expect(leaf.keyAlgorithm == .rsa(bits: 2048))
        #expect(leaf.keyUsage == ["digitalSignature", "nonRepudiation"])
        #expect(leaf.isValid(at: testNow))
        #expect(leaf.daysLeft(at: testNow) == 1286) // 1286.6 days to 2030-06-01T00:00:00Z
        #expect(leaf.sha1Fingerprint.count == 20 * 3 - 1)
        #expect(leaf.sha256Fingerprint.count == 32 * 3 - 1)
    }

    // MARK: Chain

    @Test func pkcs12CarriesLeafAndCA() throws {
        let identity = try CredentialLoader.loadIdentity(
            path: TestCredentials.path("leaf-3des.pfx"), password: TestCredentials.pfxPassword, policy: TestCredentials.policy)
        let ca = try CredentialLoader.loadCertificate(path: TestCredentials.path("ca.pem"))
        #expect(identity.chain == [ca])
        #expect(identity.certificate.isIssued(by: ca))
        #expect(!ca.isIssued(by: identity.certificate))
        #expect(ca.isSelfSigned)
        #expect(!identity.certificate.isSelfSigned)
        // Same names as the CA, another key: the names match, the signature does not.
        let impostor = try TestCredentialFactory.make(.init(commonName: "x", bits: 1024, namesCopiedFrom: ca))
        #expect(!identity.certificate.isIssued(by: impostor.certificate))
    }

    // MARK: Errors, each with its code and a reason that names the problem

    enum File: Sendable, CustomTestStringConvertible {
        case fixture(String)
        case missing
        case folder
        case temporary(String, [UInt8])

        var testDescription: String {
            switch self {
            case .fixture(let name): name
            case .missing: "a missing file"
            case .folder: "a folder"
            case .temporary(let name, let bytes): "\(name) (\(bytes.count) bytes)"
            }
        }
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let name: String
        let file: File
        var key: String?
        var password: String?
        var validAt: Date? = testNow
        let code: HarnessError.Code
        /// Something the reason must say so a person knows what is wrong.
        let mentions: String
        var testDescription: String { name }
    }

    static let garbage: [UInt8] = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 29) }

    static let failures: [Failure] = [
        Failure(name: "wrong pfx password (3DES)", file: .fixture("leaf-3des.pfx"), password: "not-the-password",
                code: .credentialWrongPassword, mentions: "password"),
        Failure(name: "wrong pfx password (AES)", file: .fixture("leaf-aes.pfx"), password: "not-the-password",
                code: .credentialWrongPassword, mentions: "password"),
        Failure(name: "wrong PEM key passphrase", file: .fixture("leaf.cert.pem"), key: "leaf-encrypted.key.pem",
                password: "not-the-passphrase", code: .credentialWrongPassword, mentions: "passphrase"),
        Failure(name: "pfx without password", file: .fixture("leaf-3des.pfx"),
                code: .credentialPasswordRequired, mentions: "password-protected"),
        Failure(name: "pfx with empty password", file: .fixture("leaf-aes.pfx"), password: "",
                code: .credentialPasswordRequired, mentions: "password-protected"),
        Failure(name: "encrypted PEM key without passphrase", file: .fixture("leaf.cert.pem"), key: "leaf-encrypted.key.pem",
                code: .credentialPasswordRequired, mentions: "encrypted"),
        Failure(name: "key of another certificate", file: .fixture("leaf.cert.pem"), key: "other.key.pem",
                code: .credentialKeyMismatch, mentions: "CN=test-service.mpass-harness.test"),
        Failure(name: "expired certificate", file: .fixture("expired.pem"),
                code: .credentialExpired, mentions: "expired on 2021-01-01T00:00:00Z"),
        Failure(name: "not yet valid", file: .fixture("leaf-combined.pem"), validAt: SAMLTime.parse("2025-01-01T00:00:00Z")!.date,
                code: .credentialNotYetValid, mentions: "2025-06-01T00:00:00Z"),
        Failure(name: "EC key", file: .fixture("ec.pem"), code: .credentialNotRSA, mentions: "RSA"),
        Failure(name: "RSA 1024", file: .fixture("rsa1024.pem"), code: .credentialKeyTooSmall, mentions: "RSA 1024"),
        Failure(name: "missing file", file: .missing, code: .credentialFileUnreadable, mentions: "no such file"),
        Failure(name: "a folder", file: .folder, code: .credentialFileUnreadable, mentions: "folder"),
        Failure(name: "empty file", file: .temporary("empty.pem", []), code: .credentialFormatUnknown, mentions: "empty"),
        Failure(name: "garbage", file: .temporary("garbage.bin", garbage), code: .credentialFormatUnknown, mentions: "garbage.bin"),
        Failure(name: "garbage named .pfx", file: .temporary("garbage.pfx", garbage), password: "x",
                code: .credentialFormatUnknown, mentions: "PKCS#12"),
        Failure(name: "text that is no PEM", file: .temporary("notes.pem", Array("just some notes\n".utf8)),
                code: .credentialFormatUnknown, mentions: "notes.pem"),
        Failure(name: "key file only", file: .fixture("leaf.key.pem"),
                code: .credentialNoCertificate, mentions: "CERTIFICATE"),
        Failure(name: "certificate without key", file: .fixture("leaf.cert.pem"),
                code: .credentialNoPrivateKey, mentions: "PRIVATE KEY"),
    ]

    @Test(arguments: failures)
    func failsWithItsCode(_ failure: Failure) throws {
        let folder = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path: String
        switch failure.file {
        case .fixture(let name): path = TestCredentials.path(name)
        case .missing: path = folder.appendingPathComponent("no-such.pfx").path
        case .folder: path = TestCredentials.directory.path
        case .temporary(let name, let bytes):
            path = folder.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let error = samlError {
            _ = try CredentialLoader.loadIdentity(
                path: path, keyPath: failure.key.map(TestCredentials.path), password: failure.password,
                policy: CredentialPolicy(validAt: failure.validAt))
        }
        #expect(error?.code == failure.code, "\(String(describing: error))")
        #expect(error?.reason.contains(failure.mentions) == true, "\(String(describing: error?.reason))")
    }

    @Test func inspectOnlyPolicyLoadsWhatSigningRefuses() throws {
        for file in ["expired.pem", "ec.pem", "rsa1024.pem"] {
            let identity = try CredentialLoader.loadIdentity(path: TestCredentials.path(file), policy: .inspectOnly)
            #expect(identity.privateKey.matches(identity.certificate))
        }
    }

    @Test func certificateErrorsHaveCodes() {
        #expect(samlError { _ = try CredentialLoader.loadCertificate(path: "/nonexistent/idp.cer") }?.code == .credentialFileUnreadable)
        #expect(samlError { _ = try CredentialLoader.loadCertificate(path: TestCredentials.path("leaf.key.pem")) }?.code == .credentialNoCertificate)
        #expect(samlError { _ = try Certificate(derEncoded: Data(Self.garbage)) }?.code == .credentialFormatUnknown)
        #expect(samlError { _ = try Certificate(base64Encoded: "%%%") }?.code == .credentialFormatUnknown)
    }

    // MARK: The public MPass sample files, read where they are

    @Test func loadsThePublicSampleServicePFX() throws {
        let samplePFX = try SharedFiles.samplePFX()
        let identity = try CredentialLoader.loadIdentity(
            path: samplePFX, password: SharedFiles.samplePFXPassword, policy: TestCredentials.policy)
        let certificate = identity.certificate
        #expect(certificate.serialHex == "1C1A0D18AA2816D83D67A55BFCA59EBF77C08FA3")
        #expect(certificate.subject == "C=MD, CN=mpass-localhost.egov.pki.egov.md")
        #expect(certificate.issuer == "C=MD, O=E-Governance Agency, CN=pki.egov.md")
        #expect(certificate.keyAlgorithm.isRSA && certificate.keyAlgorithm.bits >= 2048)
        #expect(SAMLTime.format(certificate.notBefore).hasPrefix("2026-02-19"))
        #expect(SAMLTime.format(certificate.notAfter).hasPrefix("2028-02-19"))
        // Two certificate bags: the leaf and the issuing CA.
        #expect(identity.chain.count == 1)
        #expect(identity.chain.first?.subject == "C=MD, O=E-Governance Agency, CN=pki.egov.md")
        if let issuer = identity.chain.first { #expect(certificate.isIssued(by: issuer)) }

        #expect(samlError {
            _ = try CredentialLoader.loadIdentity(path: samplePFX, password: "wrong", policy: TestCredentials.policy)
        }?.code == .credentialWrongPassword)
        #expect(samlError {
            _ = try CredentialLoader.loadIdentity(path: samplePFX, policy: TestCredentials.policy)
        }?.code == .credentialPasswordRequired)
    }

    @Test func readsTheStagingIdPCertificate() throws {
        let stagingCertificate = try SharedFiles.stagingCertificate()
        let certificate = try CredentialLoader.loadCertificate(path: stagingCertificate)
        #expect(certificate.serialHex == "65090BB28EA933B54820C757A2C5984D")
        #expect(certificate.sha256Fingerprint
            == "B9:F2:2D:BF:C9:37:B6:06:B1:42:9C:B4:EE:2A:6B:03:20:73:E7:C3:33:AA:70:49:CF:F6:2B:A9:9D:24:F4:73")
        #expect(certificate.subject == "CN=testmpass.gov.md")
        #expect(certificate.issuer == "CN=testmpass.gov.md")
        #expect(certificate.isSelfSigned)
        #expect(certificate.keyAlgorithm == .rsa(bits: 2048))
        #expect(SAMLTime.format(certificate.notBefore) == "2014-07-16T11:09:55Z")
        #expect(SAMLTime.format(certificate.notAfter) == "2039-12-31T23:59:59Z")
        // openssl's own reading of the file, as an independent check of the fingerprint.
        let sha1 = try ChildProcess.run(try ChildProcess.tool("openssl"),
                                        ["x509", "-inform", "DER", "-in", stagingCertificate, "-noout", "-fingerprint", "-sha1"])
        #expect(sha1.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("Fingerprint=\(certificate.sha1Fingerprint)"),
                "\(sha1.stdout)\(sha1.stderr)")
    }
}

@Suite(.temporaryDirectories) struct TestCredentialFactoryTests {
    static let notBefore = testNow.addingTimeInterval(-86_400)
    static let notAfter = testNow.addingTimeInterval(365 * 86_400)

    @Test func madeCertificateIsMarkedForTestingAndHasTheAskedValidity() throws {
        let identity = try TestCredentialFactory.make(.init(
            commonName: "factory check", notBefore: Self.notBefore, notAfter: Self.notAfter))
        let certificate = identity.certificate
        #expect(certificate.subject == "C=MD, O=\(TestCredentialFactory.testOnlyMarker), CN=factory check")
        #expect(certificate.subject.contains("TEST ONLY"))
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.isSelfSigned)
        #expect(certificate.notBefore == Self.notBefore)
        #expect(certificate.notAfter == Self.notAfter)
        #expect(certificate.isValid(at: testNow))
        #expect(certificate.keyAlgorithm == .rsa(bits: 2048))
        #expect(certificate.keyUsage == ["digitalSignature"])
        #expect(identity.privateKey.matches(certificate))
        try CredentialLoader.check(identity, policy: TestCredentials.policy, source: "factory")
    }

    @Test func defaultValidityCoversNow() throws {
        let certificate = TestIdentities.service.certificate
        #expect(certificate.isValid(at: Date()))
        #expect(certificate.daysLeft(at: Date()) >= 3 * 365 - 1)
    }

    @Test func copiedNamesKeepSubjectAndIssuerButNotTheKey() throws {
        let original = TestIdentities.idp.certificate
        let copy = try TestCredentialFactory.make(.init(commonName: "ignored", namesCopiedFrom: original)).certificate
        #expect(copy.subject == original.subject)
        #expect(copy.issuer == original.issuer)
        #expect(!copy.hasSamePublicKey(as: original))
        #expect(copy.sha256Fingerprint != original.sha256Fingerprint)
        #expect(copy != original)
        // Names alone do not make an issuer: the signature must verify too.
        #expect(!copy.isIssued(by: original))
        #expect(copy.isIssued(by: copy))
    }

    @Test func policyRefusesWhatTheFactoryCanMake() throws {
        let small = try TestCredentialFactory.make(.init(commonName: "small", bits: 1024,
                                                         notBefore: Self.notBefore, notAfter: Self.notAfter))
        #expect(samlError { try CredentialLoader.check(small, policy: TestCredentials.policy, source: "small") }?.code
            == .credentialKeyTooSmall)
        let expired = try TestCredentialFactory.make(.init(commonName: "old", bits: 1024,
            notBefore: testNow.addingTimeInterval(-2 * 86_400), notAfter: testNow.addingTimeInterval(-86_400)))
        #expect(samlError {
            try CredentialLoader.check(expired, policy: CredentialPolicy(minimumRSABits: 1024, validAt: testNow), source: "old")
        }?.code == .credentialExpired)
    }
}
