import Foundation
import MPassSAML
@testable import MPassSimulator
import Testing
import TestSupport
import Vocabulary

/// `simulator metadata`'s one library call (`SimulatorTrustExport.make`): the simulator's signed
/// IdP metadata for a base URL, written with its certificate when a folder is given, and a
/// summary that says which way of running the simulator the URLs belong to.
@Suite struct SimulatorTrustExportTests {
    static let identity = Result { try TestCredentialFactory.make(.init(commonName: "exported simulator")) }
    static let runBase = URL(string: "https://mpass.sim.test")!

    /// What a Service's test deployment reads: MPass's layout under the base URL, signed by the
    /// identity whose certificate it carries (read as `idp fetch` reads metadata, pinned).
    static func read(_ metadata: String, identity: SigningIdentity) throws -> IdentityProviderMetadata {
        try IdentityProviderMetadataReader(pinnedFingerprints: [identity.certificate.sha256Fingerprint], now: Date())
            .read(Data(metadata.utf8)).metadata
    }

    @Test func withoutAFolderOnlyTheMetadataIsMade() async throws {
        let identity = try Self.identity.get()
        let export = try await SimulatorTrustExport.make(baseURL: Self.runBase, issuer: nil, identity: identity, out: nil, runBaseURL: Self.runBase)
        #expect(export.directory == nil)
        #expect(export.summary.isEmpty)
        let metadata = try Self.read(export.metadata, identity: identity)
        // No issuer given: the base URL is the Issuer.
        #expect(metadata.entityID == "https://mpass.sim.test")
        #expect(metadata.singleSignOnServices.contains { $0.location == "https://mpass.sim.test/login/saml" })
        #expect(metadata.singleLogoutServices.contains { $0.location == "https://mpass.sim.test/logout/saml" })
        #expect(metadata.signingCertificates == [identity.certificate])
        // Signed: metadata pinned to another certificate is refused.
        let other = try TestCredentialFactory.make(.init(commonName: "not the simulator"))
        #expect(throws: HarnessError.self) { try Self.read(export.metadata, identity: other) }
    }

    @Test func intoAFolderTheMetadataAndCertificateAreWrittenForRun() async throws {
        let identity = try Self.identity.get()
        try await withTemporaryDirectory("simulator-export") { directory in
            let out = directory.appendingPathComponent("sim")
            let export = try await SimulatorTrustExport.make(baseURL: Self.runBase, issuer: "urn:test:mpass", identity: identity,
                                                             out: out, runBaseURL: Self.runBase)
            #expect(export.directory == out)
            let written = try String(contentsOf: out.appendingPathComponent("metadata.xml"), encoding: .utf8)
            #expect(written == export.metadata)
            #expect(try Self.read(written, identity: identity).entityID == "urn:test:mpass")
            let certificate = try CredentialLoader.loadCertificate(path: out.appendingPathComponent("simulator.cert.pem").path)
            #expect(certificate == identity.certificate)

            let summary = export.summary.joined(separator: "\n")
            #expect(summary.contains("SSO URL  https://mpass.sim.test/login/saml"), "\(summary)")
            #expect(summary.contains("SLO URL  https://mpass.sim.test/logout/saml"), "\(summary)")
            #expect(summary.contains("Issuer   urn:test:mpass"), "\(summary)")
            #expect(summary.contains("certificate SHA-256 \(identity.certificate.sha256Fingerprint)"), "\(summary)")
            // The run's own base URL: the summary says these are for `run`, and how to get `serve`'s.
            #expect(summary.contains("Use these with `mpass-harness run`"), "\(summary)")
            #expect(summary.contains("--base-url http://127.0.0.1:PORT"), "\(summary)")
        }
    }

    @Test func aServedPortsURLsAreSaidToBeForSimulatorServe() async throws {
        let identity = try Self.identity.get()
        try await withTemporaryDirectory("simulator-export") { directory in
            let served = URL(string: "http://127.0.0.1:7070")!
            let export = try await SimulatorTrustExport.make(baseURL: served, issuer: nil, identity: identity, out: directory,
                                                             runBaseURL: Self.runBase)
            let summary = export.summary.joined(separator: "\n")
            #expect(summary.contains("SSO URL  http://127.0.0.1:7070/login/saml"), "\(summary)")
            #expect(summary.contains("Use these with `mpass-harness simulator serve` answering at http://127.0.0.1:7070"), "\(summary)")
            #expect(summary.contains("without --base-url: run answers https://mpass.sim.test"), "\(summary)")
            #expect(!summary.contains("Use these with `mpass-harness run`"), "\(summary)")
        }
    }

    @Test func aFolderThatCannotBeWrittenIsNamedWithTheFix() async throws {
        let identity = try Self.identity.get()
        try await withTemporaryDirectory("simulator-export") { directory in
            // A plain file where the folder should be.
            let blocker = directory.appendingPathComponent("taken")
            try Data("a file".utf8).write(to: blocker)
            do throws(HarnessError) {
                _ = try await SimulatorTrustExport.make(baseURL: Self.runBase, issuer: nil, identity: identity, out: blocker,
                                                        runBaseURL: Self.runBase)
                Issue.record("metadata was written into a plain file")
            } catch {
                #expect(error.code == .simulatorExportFailed)
                #expect(error.userMessage.hasPrefix("cannot write into \(blocker.path): "), "\(error.userMessage)")
                #expect(error.userMessage.hasSuffix("; give --out a folder you can write to [simulator.export-failed]"), "\(error.userMessage)")
            }
        }
    }

    @Test func productionMPassAsTheBaseURLIsRefused() async throws {
        let identity = try Self.identity.get()
        do throws(HarnessError) {
            _ = try await SimulatorTrustExport.make(baseURL: URL(string: "https://mpass.gov.md")!, issuer: nil, identity: identity,
                                                    out: nil, runBaseURL: Self.runBase)
            Issue.record("metadata for production MPass's URL was made")
        } catch {
            #expect(error.code == .productionRefused)
            #expect(error.reason.contains("mpass.gov.md"), "\(error.reason)")
        }
    }
}
