import Foundation
import Testing
import TestSupport

/// `simulator serve --advanced-option`: MPass's "SAML Advanced Options", switched on from the
/// command line the way AGE switches them on for a registration on staging.
@Suite(.timeLimit(.minutes(5)), .temporaryDirectories) struct SimulatorCLITests {
    /// A simulator identity and a Service certificate to register, made by the tool itself.
    static func prepared() async throws -> (dir: URL, certificate: String) {
        let dir = CLI.temporaryDirectory()
        let keys = try await CLI.run(["keys", "generate", "--out", dir.path, "--name", "svc"])
        #expect(keys.status == 0, "\(keys.stderr)")
        return (dir, dir.appendingPathComponent("svc.cert.pem").path)
    }

    @Test func anUnknownOptionIsRefusedWithTheOptionsThereAre() async throws {
        let (dir, certificate) = try await Self.prepared()
        let result = try await CLI.run(["simulator", "serve", "--identity-dir", dir.appendingPathComponent("sim").path,
                                  "--service-issuer", "https://sp.example", "--service-cert", certificate,
                                  "--acs-url", "http://127.0.0.1:1/mpass-login", "--advanced-option", "sign-badly"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("sign-badly"), "\(result.stderr)")
        #expect(result.stderr.contains("do-not-sign") && result.stderr.contains("no-in-response-to"), "\(result.stderr)")
    }

    @Test(.timeLimit(.minutes(2)))
    func theOptionsInForceAreAnnouncedAtStart() async throws {
        let (dir, certificate) = try await Self.prepared()
        let port = try HeldLoopbackPort()
        let simulator = try BackgroundProcess(CLI.binary, [
            "simulator", "serve", "--port", "\(port.port)", "--identity-dir", dir.appendingPathComponent("sim").path,
            "--service-issuer", "https://sp.example", "--service-cert", certificate,
            "--acs-url", "http://127.0.0.1:1/mpass-login",
            "--advanced-option", "do-not-sign", "--advanced-option", "no-destination",
        ], in: dir, log: "simulator.log")
        defer { simulator.stop() }
        try await simulator.waitForOutput("MPass simulator on", timeout: 60)
        #expect(simulator.output.contains("SAML Advanced Options on: do not sign SAML Response; do not specify Destination"), "\(simulator.output)")
        withExtendedLifetime(port) {}
    }
}
