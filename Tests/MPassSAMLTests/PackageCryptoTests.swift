import Foundation
import Testing
@testable import MPassSAML
import TestSupport

/// The `package` APIs through which Evidence and Onboarding reach OpenSSL (issue 12: only
/// MPassSAML imports CXMLSec). Expectations come from the standards' test vectors and from
/// `openssl cms`, an implementation independent of this code.
@Suite(.temporaryDirectories, .timeLimit(.minutes(5))) struct PackageCryptoTests {
    // MARK: SHA-256

    /// FIPS 180-2 Appendix B.1 ("abc") and the digest of the empty string.
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesTheStandardsVectors(input: String, expected: String) {
        #expect(MessageDigest.sha256Hex(Data(input.utf8)) == expected)
        #expect(MessageDigest.sha256(Data(input.utf8)).count == 32)
    }

    // MARK: CMS detached SignedData

    static let content = Data(#"{"files":[{"path":"report.json","sha256":"00"}]}"#.utf8)

    @Test func aSignatureVerifiesHereAndWithOpenSSLAndNamesItsSigner() throws {
        let identity = FixtureCredentials.service
        let signature = try CMSDetachedSignedData.sign(Self.content, identity: identity)
        let verification = CMSDetachedSignedData.verify(signature: signature, content: Self.content)
        #expect(verification.isValid, "\(verification.reason ?? "")")
        #expect(verification.isSignedData)
        #expect(verification.signerCount == 1)
        #expect(verification.digestAlgorithm == "SHA256")
        #expect(verification.signer == identity.certificate)

        // RFC 5652 as OpenSSL's command line reads it: detached, binary, DER.
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let signaturePath = directory.appendingPathComponent("manifest.json.p7s").path
        let contentPath = directory.appendingPathComponent("manifest.json").path
        try signature.write(to: URL(fileURLWithPath: signaturePath))
        try Self.content.write(to: URL(fileURLWithPath: contentPath))
        let accepted = try OpenSSLTool.run(["cms", "-verify", "-binary", "-inform", "DER", "-in", signaturePath,
                                            "-content", contentPath, "-noverify", "-out", "/dev/null"])
        #expect(accepted.status == 0, "\(accepted.output)")

        // The same signature over other bytes: refused by both.
        var changed = Self.content
        changed[changed.startIndex] = UInt8(ascii: "[")
        try changed.write(to: URL(fileURLWithPath: contentPath))
        let refused = try OpenSSLTool.run(["cms", "-verify", "-binary", "-inform", "DER", "-in", signaturePath,
                                           "-content", contentPath, "-noverify", "-out", "/dev/null"])
        #expect(refused.status != 0)
        let here = CMSDetachedSignedData.verify(signature: signature, content: changed)
        #expect(!here.isValid)
        #expect(here.reason?.contains("does not match") == true)
        // The signer is still shown when the signature fails (the bundle report names it).
        #expect(here.signer == identity.certificate)
    }

    @Test func theChainTravelsWithTheSignature() throws {
        let identity = FixtureCredentials.service
        let issuer = FixtureCredentials.idp.certificate
        let withChain = try SigningIdentity(privateKey: identity.privateKey, certificate: identity.certificate, chain: [issuer])
        let signature = try CMSDetachedSignedData.sign(Self.content, identity: withChain)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let signaturePath = directory.appendingPathComponent("sig.p7s").path
        try signature.write(to: URL(fileURLWithPath: signaturePath))
        let printed = try OpenSSLTool.run(["pkcs7", "-inform", "DER", "-in", signaturePath, "-print_certs", "-noout"])
        #expect(printed.status == 0, "\(printed.output)")
        #expect(printed.output.contains(identity.certificate.commonName ?? "?"))
        #expect(printed.output.contains(issuer.commonName ?? "?"))
    }

    @Test func bytesThatAreNotCMSAreSaidToBeSo() {
        let verification = CMSDetachedSignedData.verify(signature: Data("not a signature".utf8), content: Self.content)
        #expect(!verification.isValid)
        #expect(!verification.isSignedData)
        #expect(verification.signer == nil)
        #expect(verification.reason?.contains("not a DER CMS structure") == true)
    }

    // MARK: The key for a TLS library

    /// The bytes are a PKCS#8 key OpenSSL's command line reads, and it is the certificate's key.
    @Test func theKeyHandedToATLSLibraryIsThePKCS8OfTheCertificatesKey() throws {
        let identity = FixtureCredentials.service
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key.der").path
        let certificatePath = directory.appendingPathComponent("cert.pem").path
        try identity.privateKey.withPKCS8DER { try Data($0).write(to: URL(fileURLWithPath: keyPath)) }
        try Data(identity.certificate.pem.utf8).write(to: URL(fileURLWithPath: certificatePath))
        let fromKey = try OpenSSLTool.run(["pkey", "-inform", "DER", "-in", keyPath, "-pubout"])
        let fromCertificate = try OpenSSLTool.run(["x509", "-in", certificatePath, "-pubkey", "-noout"])
        #expect(fromKey.status == 0, "\(fromKey.output)")
        #expect(fromKey.output.contains("BEGIN PUBLIC KEY"))
        #expect(fromKey.output == fromCertificate.output)
        // PrivateKeyInfo (RFC 5208): version 0, then the rsaEncryption AlgorithmIdentifier.
        let parsed = try OpenSSLTool.run(["asn1parse", "-inform", "DER", "-in", keyPath])
        #expect(parsed.output.contains("rsaEncryption"))
    }
}
