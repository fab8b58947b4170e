import Foundation
#if !MPASS_FUZZ_CORE_ONLY
import MPassSAML
#endif

/// The differential oracle: an independent XML-DSig verification by the `xmlsec1` command
/// (Debian package `xmlsec1`), run only when our verifier accepts a signature. It must
/// accept the same bytes, with the key of the same certificate, and the bytes it digested
/// (`--store-references`) must be exactly the element our verifier hands to the reader.
public struct XMLSecOracle: Sendable {
    public let executable: String
    private let directory: URL
    /// How long one xmlsec1 verification may take; a message of a few kilobytes takes milliseconds.
    static let timeout: TimeInterval = 30

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
        guard let signature = signedElement.child("Signature", .ds) else {
            return "the signed element has no ds:Signature child"
        }
        let idAttribute = "--id-attr:ID"
        let qualified = "\(signedElement.namespaceURI ?? ""):\(signedElement.localName)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--verify", "--pubkey-cert-pem", certificate.path, idAttribute, qualified,
                             "--enabled-reference-uris", "same-doc", "--store-references",
                             // This very Signature (xmlsec1 otherwise takes the first in the document).
                             "--node-xpath", Self.positionalPath(signature), message.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            try? out.fileHandleForReading.close()
            try? out.fileHandleForWriting.close()
            return "xmlsec1 could not be started (\(error.localizedDescription))"
        }
        // Foundation keeps the parent's pipe ends open until they are closed by hand: a fuzzing
        // session calls the oracle on every acceptance and would run out of descriptors.
        try? out.fileHandleForWriting.close()
        // A hung xmlsec1 is killed, so the reading below ends and a fuzz run or test never hangs.
        let deadline = DispatchWorkItem { [process] in if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.timeout, execute: deadline)
        let output = Self.readAll(out.fileHandleForReading.fileDescriptor)
        try? out.fileHandleForReading.close()
        process.waitUntilExit()
        deadline.cancel()
        if process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGKILL {
            return "xmlsec1 did not finish within \(Int(Self.timeout)) s and was stopped"
        }
        guard process.terminationStatus == 0 else {
            return "xmlsec1 refuses the signature (exit \(process.terminationStatus))"
        }
        guard let digested = Self.preDigest(output) else {
            return "xmlsec1 accepted but printed no reference data"
        }
        if digested == expected { return nil }
        // Namespace declarations an InclusiveNamespaces PrefixList adds are not content: compare
        // what xmlsec1 digested, canonicalised again the way the element was.
        if let reparsed = try? SafeXMLParser().parse(digested), reparsed.root.envelopedCanonicalForm() == expected {
            return nil
        }
        let offset = zip(digested, expected).prefix { $0 == $1 }.count
        func around(_ data: Data) -> String {
            String(decoding: data.dropFirst(max(0, offset - 40)).prefix(100), as: UTF8.self)
        }
        return "xmlsec1 digested other bytes than the element read (\(digested.count) vs \(expected.count) bytes; from byte \(offset): xmlsec1 \"\(around(digested))\", ours \"\(around(expected))\")"
    }

    /// Everything until end of file. A read interrupted by a signal (libFuzzer's timer) is
    /// retried: Foundation's readDataToEndOfFile traps on EINTR (found by scripts/fuzz).
    static func readAll(_ descriptor: Int32) -> Data {
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return output
            }
        }
    }

    /// `/*[1]/*[3]/*[2]`: the element's place among element siblings, from the root down.
    static func positionalPath(_ element: XMLElement) -> String {
        var steps: [String] = []
        var current: XMLElement? = element
        while let node = current {
            let index = node.parent.map { parent in (parent.children.firstIndex { $0.isSameNode(as: node) } ?? 0) + 1 } ?? 1
            steps.append("*[\(index)]")
            current = node.parent
        }
        return "/" + steps.reversed().joined(separator: "/")
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
