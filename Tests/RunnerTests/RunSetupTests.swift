import CaseCatalogue
import Conformance
import Foundation
import HarnessModel
import MPassSAML
import Synchronization
import Testing
import TestSupport

/// `RunSetup.prepare` and `PlanRun.performAndWrite`: what `run` does between reading its
/// options and printing the table (README, "run"): no target means the embedded reference
/// Service; a target must be a Service that trusts the simulator (`idp.kind: simulator`);
/// the report folder is taken before any case runs; the reports land in it with
/// `evidence/run.har`.
@Suite(.serialized, .timeLimit(.minutes(10)), .temporaryDirectories) struct RunSetupTests {
    static let identity = try! TestCredentialFactory.make(.init(commonName: "run setup simulator"))

    /// A folder of its own with the Service's certificate in it, and a target file.
    static func target(_ yaml: String, withCertificate: Bool = true) throws -> String {
        let folder = scopedTemporaryDirectory("run-setup")
        let certificate = folder.appendingPathComponent("service.crt")
        let service = try TestCredentialFactory.make(.init(commonName: "run setup Service"))
        try Data(service.certificate.pem.utf8).write(to: certificate)
        let file = folder.appendingPathComponent("service.yaml")
        try Data((yaml + (withCertificate ? "\ncertificate: \(certificate.path)\n" : "\n")).utf8).write(to: file)
        return file.path
    }

    static let service = """
        base_url: https://service.test
        issuer: https://service.test/metadata
        logged_in:
          url: /account
        """

    /// Counts how often the simulator's key was asked for (or a case started).
    final class IdentityRequests: Sendable {
        let count = Mutex(0)
        func identity() -> SigningIdentity {
            count.withLock { $0 += 1 }
            return RunSetupTests.identity
        }
    }

    @Test func aTargetServiceGetsTheSimulatorItTrusts() async throws {
        let path = try Self.target(Self.service + "\ntimeouts:\n  request_seconds: 3")
        let requests = IdentityRequests()
        let setup = try await RunSetup.prepare(.file(path), simulatorIdentity: requests.identity)
        #expect(requests.count.withLock { $0 } == 1)
        #expect(setup.service.issuer == "https://service.test/metadata")
        #expect(setup.simulator.configuration.baseURL.absoluteString == "https://mpass.sim.test")
        #expect(setup.simulator.configuration.identity.certificate.sha256Fingerprint == Self.identity.certificate.sha256Fingerprint)
        #expect(setup.browserConfiguration.requestTimeout == .seconds(3))
        await setup.stop()
    }

    @Test func aStagingTargetIsRefusedBeforeTheKeyIsAskedFor() async throws {
        let path = try Self.target(Self.service + "\nidp:\n  kind: staging")
        let requests = IdentityRequests()
        do {
            _ = try await RunSetup.prepare(.file(path), simulatorIdentity: requests.identity)
            Issue.record("a staging target was accepted")
        } catch let failure as RunFailure {
            guard case .targetNotForSimulator(let named, let kind) = failure else { throw failure }
            #expect(named == path)
            #expect(kind == "staging")
            #expect(failure.description.contains("`mpass-harness live`"))
        }
        #expect(requests.count.withLock { $0 } == 0)
    }

    @Test func aTargetWithoutCertificateNamesTheField() async throws {
        let path = try Self.target(Self.service, withCertificate: false)
        let requests = IdentityRequests()
        do {
            _ = try await RunSetup.prepare(.file(path), simulatorIdentity: requests.identity)
            Issue.record("a target without certificate was accepted")
        } catch let failure as RunFailure {
            guard case .target(let error) = failure else { throw failure }
            #expect(error.field == "certificate")
        }
        #expect(requests.count.withLock { $0 } == 0)
    }

    @Test func noTargetIsTheEmbeddedServiceWhichNeedsNoKey() async throws {
        let requests = IdentityRequests()
        let setup = try await RunSetup.prepare(.embedded(), simulatorIdentity: requests.identity)
        #expect(setup.service.name == "embedded reference Service")
        #expect(setup.service.baseURL.host() == "127.0.0.1")
        #expect(requests.count.withLock { $0 } == 0)
        await setup.stop()
    }

    @Test func aRunWritesItsReportsAndHARIntoTheFolder() async throws {
        let out = scopedTemporaryDirectory("run-setup").appendingPathComponent("out")
        let plan = try TestPlan.resolve("chapter9").selecting(["TC_SEC_07"])
        let written = try await PlanRun.performAndWrite(PlanRun.Request(plan: plan, target: .embedded(), out: out.path),
                                                        simulatorIdentity: { Self.identity })
        #expect(written.directory.standardizedFileURL == out.standardizedFileURL)
        #expect(written.run.report.cases.map(\.id) == ["TC_SEC_07"])
        for file in ["report.json", "junit.xml", "report.html", "summary.md", "evidence/run.har"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test func aFolderHoldingFilesIsRefusedBeforeAnyCaseRuns() async throws {
        let out = scopedTemporaryDirectory("run-setup-taken")
        try Data("{}".utf8).write(to: out.appendingPathComponent("report.json"))
        let started = IdentityRequests()
        do {
            _ = try await PlanRun.performAndWrite(PlanRun.Request(plan: try TestPlan.resolve("chapter9"), target: .embedded(), out: out.path),
                                                  simulatorIdentity: { Self.identity },
                                                  progress: { _ in started.count.withLock { $0 += 1 } })
            Issue.record("a taken folder was accepted")
        } catch let failure as RunFailure {
            guard case .reportFolder(let error) = failure else { throw failure }
            #expect(error.code.rawValue == "reports.folder-unavailable")
        }
        #expect(started.count.withLock { $0 } == 0)
    }
}
