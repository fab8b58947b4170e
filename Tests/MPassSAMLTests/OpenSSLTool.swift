import Foundation
import MPassSAML
import TestSupport

/// The `openssl` command-line tool, an implementation independent of this library's code,
/// used to prove that what the library signs and verifies is standard.
enum OpenSSLTool {
    struct Result {
        let status: Int32
        let output: String
    }

    /// The tool's status, and what it wrote to stdout then stderr.
    static func run(_ arguments: [String]) throws -> Result {
        let result = try ChildProcess.run(try ChildProcess.tool("openssl"), arguments)
        return Result(status: result.status, output: result.stdout + result.stderr)
    }

    /// `openssl dgst -sha256 -verify pubkey.pem -signature sig.bin data.txt`.
    static func verify(signature: Data, over data: Data, with certificate: Certificate) throws -> Result {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificatePath = directory.appendingPathComponent("cert.pem")
        let publicKeyPath = directory.appendingPathComponent("pubkey.pem")
        let signaturePath = directory.appendingPathComponent("sig.bin")
        let dataPath = directory.appendingPathComponent("data.txt")
        try Data(certificate.pem.utf8).write(to: certificatePath)
        try signature.write(to: signaturePath)
        try data.write(to: dataPath)
        let extract = try run(["x509", "-in", certificatePath.path, "-pubkey", "-noout", "-out", publicKeyPath.path])
        guard extract.status == 0 else { return extract }
        return try run(["dgst", "-sha256", "-verify", publicKeyPath.path, "-signature", signaturePath.path, dataPath.path])
    }

    /// `openssl dgst -sha256 -sign key.pem -out sig.bin data.txt`.
    static func sign(_ data: Data, with key: PrivateKey) throws -> Data {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key.pem")
        let signaturePath = directory.appendingPathComponent("sig.bin")
        let dataPath = directory.appendingPathComponent("data.txt")
        try Data(key.pkcs8PEM().utf8).write(to: keyPath)
        try data.write(to: dataPath)
        let result = try run(["dgst", "-sha256", "-sign", keyPath.path, "-out", signaturePath.path, dataPath.path])
        guard result.status == 0 else { throw OpenSSLFailure(output: result.output) }
        return try Data(contentsOf: signaturePath)
    }

    struct OpenSSLFailure: Error { let output: String }
}
