import BrowserAgent
import Foundation
import MPassSAML
@testable import ReferenceService
import Testing
import TestSupport
import Vocabulary

/// `service serve`'s one library call (`ReferenceService.launch`): the pinned IdP certificate
/// and the Service's identity read (the identity made on first use), then served on loopback,
/// with an announcement of where it answers, its Issuer and certificate, and what is switched on.
@Suite(.timeLimit(.minutes(3))) struct LaunchTests {
    /// A request for a free port, trusting `TestIdentities.idp`, its identity kept in `directory`.
    static func request(in directory: URL) throws -> ReferenceService.LaunchRequest {
        let idpCertificate = directory.appendingPathComponent("idp.cert.pem")
        try Data(TestIdentities.idp.certificate.pem.utf8).write(to: idpCertificate)
        return ReferenceService.LaunchRequest(port: 0, issuer: Names.issuer, identityDirectory: directory.appendingPathComponent("identity").path,
                                              idpCertificatePath: idpCertificate.path, idpIssuer: Names.idpIssuer,
                                              idpSSOURL: Names.idpSSOURL, idpSLOURL: Names.idpSLOURL)
    }

    /// What `launch` throws for `request`; nil (and the Service stopped again) when it started.
    static func failure(_ request: ReferenceService.LaunchRequest) async -> HarnessError? {
        do throws(HarnessError) {
            let launched = try await ReferenceService.launch(request)
            try? await launched.running.shutdown()
            return nil
        } catch {
            return error
        }
    }

    @Test func theIdentityIsMadeOnceAndTheServiceAnswersWithIt() async throws {
        try await withTemporaryDirectory("reference-launch") { directory in
            let request = try Self.request(in: directory)
            let first = try await ReferenceService.launch(request)
            #expect(first.identityCreated)
            let certificateFile = "\(request.identityDirectory)/service.cert.pem"
            let made = try CredentialLoader.loadCertificate(path: certificateFile)
            #expect(first.running.port > 0)
            #expect(first.announcement == [
                "reference Service on http://127.0.0.1:\(first.running.port)  (login /login, ACS /mpass-login, SLO /mpass-slo, /mpass-logout, /protected, /metadata)",
                "Issuer \(Names.issuer); certificate \(certificateFile)",
            ])
            // Its metadata publishes the Issuer and the certificate just made.
            try await Browser.withBrowser { browser in
                let metadata = try await browser.get(first.running.baseURL + "/metadata")
                #expect(metadata.response.status == 200)
                let root = try SafeXMLParser().parse(Data(metadata.response.text.utf8)).root
                #expect(root.attribute("entityID") == Names.issuer)
                #expect(metadata.response.text.contains(made.base64))
            }
            try await first.running.shutdown()

            // Launched again from the same folder: the same identity, not a new one.
            let second = try await ReferenceService.launch(request)
            #expect(!second.identityCreated)
            #expect(second.running.core.configuration.identity.certificate == made)
            try await second.running.shutdown()
        }
    }

    @Test func theAnnouncementNamesTheRedirectBindingAndTheWeaknessesInOrder() async throws {
        try await withTemporaryDirectory("reference-launch") { directory in
            var request = try Self.request(in: directory)
            request.requestBinding = .redirect
            request.weaknesses = [.skipDestination, .skipSignature]
            let launched = try await ReferenceService.launch(request)
            #expect(launched.announcement.contains("AuthnRequest and LogoutRequest sent with HTTP-Redirect (signed query)"))
            #expect(launched.announcement.last == "WEAKNESSES ON: skipDestination, skipSignature")
            #expect(launched.running.core.configuration.weaknesses == [.skipDestination, .skipSignature])
            try await launched.running.shutdown()
        }
    }

    @Test func aMissingIdPCertificateIsNamedWithTheFix() async throws {
        try await withTemporaryDirectory("reference-launch") { directory in
            var request = try Self.request(in: directory)
            request.idpCertificatePath = directory.appendingPathComponent("absent.pem").path
            let error = try #require(await Self.failure(request), "the Service started without MPass's certificate")
            #expect(error.code == .credentialFileUnreadable)
            #expect(error.userMessage == "\(request.idpCertificatePath): no such file; check the path [credential.file-unreadable]")
            // Nothing was made: the certificate is read first.
            #expect(!FileManager.default.fileExists(atPath: request.identityDirectory))
        }
    }

    @Test func aPortInUseIsAServerFailureNamingThePort() async throws {
        try await withTemporaryDirectory("reference-launch") { directory in
            let first = try await ReferenceService.launch(try Self.request(in: directory))
            var request = try Self.request(in: directory)
            request.port = first.running.port
            let error = try #require(await Self.failure(request), "a second Service bound port \(request.port)")
            #expect(error.code == .serverFailed)
            #expect(error.reason.contains("\(request.port)"), "\(error.reason)")
            try await first.running.shutdown()
        }
    }

    @Test func productionMPassIsRefusedBeforeAnythingIsServed() async throws {
        try await withTemporaryDirectory("reference-launch") { directory in
            var request = try Self.request(in: directory)
            request.idpSSOURL = "https://mpass.gov.md/login/saml"
            let error = try #require(await Self.failure(request), "a Service sending its logins to production MPass was served")
            #expect(error.code == .configurationProductionRefused)
            #expect(error.reason.contains("mpass.gov.md"), "\(error.reason)")
        }
    }
}
