import Foundation
import HeadlessChromium
import Testing

/// `simulator serve --advanced-option`: MPass's "SAML Advanced Options", switched on from the
/// command line the way AGE switches them on for a registration on staging.
@Suite struct SimulatorCLITests {
    /// A simulator identity and a Service certificate to register, made by the tool itself.
    static func prepared() throws -> (dir: URL, certificate: String) {
        let dir = CLI.temporaryDirectory()
        let keys = try CLI.run(["keys", "generate", "--out", dir.path, "--name", "svc"])
        #expect(keys.status == 0, "\(keys.stderr)")
        return (dir, dir.appendingPathComponent("svc.cert.pem").path)
    }

    @Test func anUnknownOptionIsRefusedWithTheOptionsThereAre() throws {
        let (dir, certificate) = try Self.prepared()
        let result = try CLI.run(["simulator", "serve", "--identity-dir", dir.appendingPathComponent("sim").path,
                                  "--service-issuer", "https://sp.example", "--service-cert", certificate,
                                  "--acs-url", "http://127.0.0.1:1/mpass-login", "--advanced-option", "sign-badly"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("sign-badly"), "\(result.stderr)")
        #expect(result.stderr.contains("do-not-sign") && result.stderr.contains("no-in-response-to"), "\(result.stderr)")
    }

    @Test func theOptionsInForceAreAnnouncedAtStart() throws {
        let (dir, certificate) = try Self.prepared()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["simulator", "serve", "--port", "\(freeLoopbackPort())", "--identity-dir", dir.appendingPathComponent("sim").path,
                             "--service-issuer", "https://sp.example", "--service-cert", certificate,
                             "--acs-url", "http://127.0.0.1:1/mpass-login",
                             "--advanced-option", "do-not-sign", "--advanced-option", "no-destination"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { stopProcess(process) }
        // A reader blocks until output comes; a simulator that never announces itself is
        // stopped after 30 s, which closes the pipe and ends the loop.
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) { if process.isRunning { process.terminate() } }
        var seen = ""
        while !seen.contains("MPass simulator on") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("SAML Advanced Options on: do not sign SAML Response; do not specify Destination"), "\(seen)")
    }
}
