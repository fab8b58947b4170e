#if !MPASS_FUZZ_SINGLE_MODULE
import MPassSAML
#endif
import Foundation

/// The differential oracle: an independent XML-DSig verification by the `xmlsec1` command
/// (Debian package `xmlsec1`), run only when our verifier accepts a signature. It must
/// accept the same bytes, with the key of the same certificate, and the bytes it digested
/// (`--store-references`) must be exactly the element our verifier hands to the reader.
public struct XMLSecOracle: Sendable {
    public let executable: String
    private let directory: URL

    /// Nil when `xmlsec1` is not installed (the caller decides whether that is an error).
    public init?(executable: String = "/usr/bin/xmlsec1") {
        guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        self.executable = executable
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mpass-oracle-\(getpid())-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Nil when xmlsec1 agrees; otherwise what differs.
    public func disagreement(input: Data, signedElement: XMLElement, certificatePEM: String) -> String? {
        guard let expected = signedElement.envelopedCanonicalForm() else {
            return "the signed element cannot be canonicalised to compare with what xmlsec1 digested"
        }
        let name = UUID().uuidString
        let message = directory.appendingPathComponent("\(name).xml")
        let certificate = directory.appendingPathComponent("\(name).pem")
        defer {
            try? FileManager.default.removeItem(at: message)
            try? FileManager.default.removeItem(at: certificate)
        }
        do {
            try input.write(to: message)
            try Data(certificatePEM.utf8).write(to: certificate)
        } catch {
            return "the oracle could not write its input (\(error.localizedDescription))"
        }
        let idAttribute = "--id-attr:ID"
        let qualified = "\(signedElement.namespaceURI ?? ""):\(signedElement.localName)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--verify", "--pubkey-cert-pem", certificate.path, idAttribute, qualified,
                             "--enabled-reference-uris", "same-doc", "--store-references", message.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "xmlsec1 could not be started (\(error.localizedDescription))"
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return "xmlsec1 refuses the signature (exit \(process.terminationStatus))"
        }
        guard let digested = Self.preDigest(output) else {
            return "xmlsec1 accepted but printed no reference data"
        }
        guard digested == expected else {
            return "xmlsec1 digested other bytes than the element read (\(digested.count) vs \(expected.count) bytes)"
        }
        return nil
    }

    /// The reference's pre-digest buffer from `--store-references` output: the bytes between
    /// "== PreDigest data - start buffer:\n" and "\n== PreDigest data - end buffer".
    static func preDigest(_ output: Data) -> Data? {
        let start = Data("== PreDigest data - start buffer:\n".utf8)
        let end = Data("\n== PreDigest data - end buffer".utf8)
        guard let from = output.range(of: start), let to = output.range(of: end, in: from.upperBound..<output.endIndex) else { return nil }
        guard output.range(of: start, in: to.upperBound..<output.endIndex) == nil else { return nil }  // exactly one Reference
        return output.subdata(in: from.upperBound..<to.lowerBound)
    }
}
