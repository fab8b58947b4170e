import Foundation
import MPassSAML
@testable import Onboarding
import Testing
import TestSupport
import Vocabulary

/// `mnotify check` against a local TLS server (openssl s_server, a TLS stack independent of
/// the probe's) that demands a client certificate issued by a CA it trusts.
@Suite(.serialized, .timeLimit(.minutes(3)), .temporaryDirectories) struct MNotifyProbeTests {
    /// `openssl s_server` on 127.0.0.1, demanding a client certificate (`-Verify 1`) it can
    /// verify with `clientCA`. Stopped by `stop()`.
    final class TLSServer {
        let process: BackgroundProcess
        let held: HeldLoopbackPort
        var port: Int { held.port }
        let serverCertificate: Certificate

        init(clientCA: Certificate, directory: URL) throws {
            let server = try TestCredentialFactory.make(.init(commonName: "localhost", keyUsage: "critical,digitalSignature,keyEncipherment",
                                                              subjectAlternativeNames: "DNS:localhost,IP:127.0.0.1"))
            serverCertificate = server.certificate
            try Data(server.certificate.pem.utf8).write(to: directory.appendingPathComponent("server.pem"))
            try Data(try server.privateKey.pkcs8PEM().utf8).write(to: directory.appendingPathComponent("server.key"))
            try Data(clientCA.pem.utf8).write(to: directory.appendingPathComponent("client-ca.pem"))
            // A port held until s_server binds it (s_server binds with SO_REUSEADDR).
            held = try HeldLoopbackPort()
            process = try BackgroundProcess(try ChildProcess.tool("openssl"), [
                "s_server", "-accept", "127.0.0.1:\(held.port)", "-cert", "server.pem", "-key", "server.key",
                "-Verify", "1", "-verify_return_error", "-CAfile", "client-ca.pem", "-www",
            ], in: directory, log: "s_server.log")
            // Listening once a TCP connection is accepted (its output is block-buffered in the log).
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline && process.isRunning {
                if let descriptor = try? TCPConnection.open(host: "127.0.0.1", port: held.port, timeout: 1) {
                    close(descriptor)
                    return
                }
                usleep(50_000)
            }
            process.stop()
            throw TestSupportError("openssl s_server did not listen on 127.0.0.1:\(held.port): \(process.output)")
        }

        /// SIGTERM, then SIGKILL: s_server does not end on SIGTERM while it waits for a connection.
        func stop() { process.stop() }
    }

    static func status(_ readiness: MNotifyReadiness, _ id: String) -> PreflightStatus? {
        readiness.items.first { $0.id == id }?.status
    }

    @Test func acceptedWithTheRightCertificate() async throws {
        let system = try OnboardingFixtures.identity("system.example.md")
        let server = try TLSServer(clientCA: system.certificate, directory: OnboardingFixtures.folder())
        defer { server.stop() }
        let probe = try MNotifyProbe(endpoint: URL(string: "https://127.0.0.1:\(server.port)/api/")!, identity: system,
                                     trustedCertificates: [server.serverCertificate], timeout: 5, verdictWait: 1)
        let readiness = await probe.runOffPool()
        #expect(!readiness.hasFailures, "\(readiness.items)")
        #expect(Self.status(readiness, "mnotify.tls.handshake") == .pass)
        #expect(Self.status(readiness, "mnotify.tls.server-certificate") == .pass)
        #expect(Self.status(readiness, "mnotify.tls.client-certificate-requested") == .pass)
        #expect(Self.status(readiness, "mnotify.tls.client-certificate-accepted") == .pass)
        #expect(readiness.serverCertificate?.subject.contains("CN=localhost") == true)
        #expect(readiness.serverCertificate?.serial == server.serverCertificate.serialHex)
        // The server named the issuers it accepts: the system certificate's own (self-signed) name.
        #expect(readiness.acceptableIssuers.contains { $0.contains("system.example.md") })
    }

    @Test func refusedWithAWrongCertificate() async throws {
        let system = try OnboardingFixtures.identity("system.example.md")
        let stranger = try OnboardingFixtures.identity("stranger.example.md")
        let server = try TLSServer(clientCA: system.certificate, directory: OnboardingFixtures.folder())
        defer { server.stop() }
        let readiness = try await MNotifyProbe(endpoint: URL(string: "https://127.0.0.1:\(server.port)/api/")!, identity: stranger,
                                         trustedCertificates: [server.serverCertificate], timeout: 5, verdictWait: 1).runOffPool()
        #expect(readiness.hasFailures)
        let refused = try #require(readiness.items.first { $0.id == "mnotify.tls.client-certificate-accepted" })
        #expect(refused.status == .fail)
        #expect(refused.detail.contains("refused the client certificate (serial \(stranger.certificate.serialHex))"))
        #expect(refused.detail.lowercased().contains("alert"), "\(refused.detail)")
        #expect(refused.fix?.contains("serial number") == true)
    }

    @Test func refusedWithoutACertificate() async throws {
        let system = try OnboardingFixtures.identity("system.example.md")
        let server = try TLSServer(clientCA: system.certificate, directory: OnboardingFixtures.folder())
        defer { server.stop() }
        let readiness = try await MNotifyProbe(endpoint: URL(string: "https://127.0.0.1:\(server.port)/api/")!, identity: nil,
                                         trustedCertificates: [server.serverCertificate], timeout: 5, verdictWait: 1).runOffPool()
        #expect(Self.status(readiness, "mnotify.tls.client-certificate-requested") == .pass)
        let item = try #require(readiness.items.first { $0.id == "mnotify.tls.client-certificate-accepted" })
        #expect(item.status == .fail)
        #expect(item.detail.contains("no client certificate was sent"))
        #expect(item.fix?.contains("--cert") == true)
    }

    @Test func untrustedServerCertificateIsAWarning() async throws {
        let system = try OnboardingFixtures.identity("system.example.md")
        let server = try TLSServer(clientCA: system.certificate, directory: OnboardingFixtures.folder())
        defer { server.stop() }
        // No --ca: the test server's self-signed certificate is not in the system store.
        let readiness = try await MNotifyProbe(endpoint: URL(string: "https://127.0.0.1:\(server.port)/api/")!, identity: system,
                                         timeout: 5, verdictWait: 1).runOffPool()
        let item = try #require(readiness.items.first { $0.id == "mnotify.tls.server-certificate" })
        #expect(item.status == .warn)
        #expect(item.detail.contains("not trusted here"))
        #expect(Self.status(readiness, "mnotify.tls.client-certificate-accepted") == .pass)
    }

    @Test func nothingListeningIsAConnectFailure() async throws {
        let closed = try HeldLoopbackPort()
        defer { withExtendedLifetime(closed) {} }
        let readiness = try await MNotifyProbe(endpoint: URL(string: "https://127.0.0.1:\(closed.port)/api/")!,
                                         identity: nil, timeout: 2).runOffPool()
        let item = try #require(readiness.items.first { $0.id == "mnotify.tls.connect" })
        #expect(item.status == .fail)
        #expect(item.fix?.contains("IP addresses registered") == true)
        #expect(readiness.items.filter { $0.status == .skip }.count == 4)
    }

    @Test func productionAndFarEndpointsAreRefused() throws {
        for url in ["https://mnotify.gov.md:8443/api/", "https://api.mnotify.gov.md/", "https://mpass.gov.md/"] {
            #expect(throws: HarnessError(.onboardingProductionRefused, "")) {
                try MNotifyProbe(endpoint: URL(string: url)!, identity: nil)
            }
        }
        #expect(throws: HarnessError(.onboardingStandInNotLoopback, "")) {
            try MNotifyProbe(endpoint: URL(string: "https://10.0.0.5:8443/api/")!, identity: nil)
        }
        #expect(throws: HarnessError(.onboardingConnectionFailed, "")) {
            try MNotifyProbe(endpoint: URL(string: "http://127.0.0.1:8443/api/")!, identity: nil)
        }
    }
}
