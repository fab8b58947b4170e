import Foundation
import Synchronization
import HeadlessChromium
import MPassSAML
import MPassSimulator
@testable import Onboarding
import Testing
import TestSupport
import Vocabulary

/// `idp fetch` against the simulator on loopback standing in for staging, and the cache
/// that `verify` and `live` trust.
@Suite(.timeLimit(.minutes(3)), .temporaryDirectories) struct IdPCacheTests {
    /// The simulator serving its metadata on a loopback port. The port is chosen before the
    /// server starts (the metadata names it) and held until the server binds it, so no other
    /// test can take it in between. Ready means this simulator's own metadata is served there.
    static func standIn() async throws -> (url: String, pin: String, task: Task<Void, Error>) {
        let identity = try OnboardingFixtures.identity("stand-in IdP")
        let held = try HeldLoopbackPort()
        let simulator = MPassSimulator(configuration: try SimulatorConfiguration(
            baseURL: URL(string: held.baseURL)!, identity: identity, services: []))
        // The task keeps the hold for as long as the server runs.
        let task = Task {
            defer { withExtendedLifetime(held) {} }
            try await SimulatorServer.run(simulator, port: held.port)
        }
        for _ in 0..<200 {
            if let (status, body) = try? await loopbackRequest(.GET, held.baseURL + "/meta/saml", timeout: 1), status == 200,
               String(decoding: body, as: UTF8.self).contains(identity.certificate.base64) {
                return (held.baseURL, identity.certificate.sha256Fingerprint, task)
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        task.cancel()
        let failure = await task.result
        throw HarnessError(.onboardingFetchFailed, "the stand-in IdP never served its metadata on \(held.baseURL): \(failure)")
    }

    @Test func fetchPinAndCacheThenLoad() async throws {
        let (url, pin, task) = try await Self.standIn()
        defer { task.cancel() }
        let source = try IdPMetadataSource(baseURL: url, pin: pin)
        let (data, reading) = try await IdPMetadataFetcher(timeout: .seconds(5)).fetch(source, now: Date())
        let cache = IdPCache(directory: OnboardingFixtures.folder().appendingPathComponent("idp"))
        let entry = try cache.store(metadata: data, reading: reading, source: source, now: Date())
        #expect(entry.entityID == url)
        let loaded = try cache.load(now: Date())
        #expect(loaded.certificates.first?.sha256Fingerprint == pin)
        #expect(loaded.metadata.singleSignOnServices.contains { $0.location == url + "/login/saml" })
        let idp = try LiveIdentityProvider(cache: loaded)
        #expect(idp.singleSignOnURL == url + "/login/saml")

        // An edited pin no longer matches the metadata: refused, not trusted.
        let index = cache.directory.appendingPathComponent("cache.json")
        let edited = try String(contentsOf: index, encoding: .utf8).replacingOccurrences(of: pin, with: MPassEnvironment.staging.signingCertificateSHA256!)
        try Data(edited.utf8).write(to: index)
        #expect(throws: HarnessError(.onboardingCacheInvalid, "")) { try cache.load(now: Date()) }
    }

    @Test("live takes its report folder before the session: a non-empty --out is refused before anyone logs in, naming the folder and the fix")
    func liveRefusesANonEmptyOutBeforeTheSession() async throws {
        let (url, pin, task) = try await Self.standIn()
        defer { task.cancel() }
        let source = try IdPMetadataSource(baseURL: url, pin: pin)
        let (data, reading) = try await IdPMetadataFetcher(timeout: .seconds(5)).fetch(source, now: Date())
        let work = OnboardingFixtures.folder()
        let cache = IdPCache(directory: work.appendingPathComponent("idp"))
        _ = try cache.store(metadata: data, reading: reading, source: source, now: Date())
        let out = work.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("an earlier session".utf8).write(to: out.appendingPathComponent("report.json"))

        var request = LiveRun.Request(issuer: "https://live.mpass-harness.test", port: 1, idpCache: cache.directory, stepTimeout: 1)
        request.out = out
        let said = Mutex<[String]>([])
        do {
            _ = try await LiveRun.performAndWrite(request, identity: { try OnboardingFixtures.identity("live service") },
                                                  say: { line in said.withLock { $0.append(line) } })
            Issue.record("live ran into a folder that holds an earlier session's report")
        } catch let failure as LiveFailure {
            guard case .artefacts(let error) = failure else { Issue.record("another stage failed: \(failure)"); return }
            #expect(error.code == .reportFolderUnavailable)
            #expect(failure.description.contains("\(out.path) already holds 1 file(s) (report.json); choose a new folder for --out"),
                    "\(failure.description)")
        }
        // Nothing was asked of the person, and the earlier report is untouched.
        #expect(said.withLock { $0 }.isEmpty)
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) == "an earlier session")
    }

    @Test func refreshFetchesAndStoresAndARefusedCopyIsNotStored() async throws {
        let (url, pin, task) = try await Self.standIn()
        defer { task.cancel() }
        let cache = IdPCache(directory: OnboardingFixtures.folder().appendingPathComponent("idp"))
        let wrongPin = try IdPMetadataSource(baseURL: url, pin: MPassEnvironment.staging.signingCertificateSHA256!)
        await #expect(throws: HarnessError(.onboardingMetadataRejected, "")) {
            _ = try await cache.refresh(from: wrongPin, fetcher: IdPMetadataFetcher(timeout: .seconds(5)), now: Date())
        }
        #expect(!cache.exists)
        let (entry, reading) = try await cache.refresh(from: try IdPMetadataSource(baseURL: url, pin: pin),
                                                       fetcher: IdPMetadataFetcher(timeout: .seconds(5)), now: Date())
        #expect(entry.entityID == url)
        #expect(reading.pinnedCertificates.first?.sha256Fingerprint == pin)
        #expect(try cache.load(now: Date()).certificates.first?.sha256Fingerprint == pin)
    }

    @Test func wrongPinIsRefused() async throws {
        let (url, _, task) = try await Self.standIn()
        defer { task.cancel() }
        let source = try IdPMetadataSource(baseURL: url, pin: MPassEnvironment.staging.signingCertificateSHA256!)
        await #expect(throws: HarnessError(.onboardingMetadataRejected, "")) {
            _ = try await IdPMetadataFetcher(timeout: .seconds(5)).fetch(source, now: Date())
        }
    }

    @Test func nothingListeningIsAFetchFailure() async throws {
        let closed = try HeldLoopbackPort()
        defer { withExtendedLifetime(closed) {} }
        let source = try IdPMetadataSource(baseURL: "http://127.0.0.1:\(closed.port)", pin: "AA")
        await #expect(throws: HarnessError(.onboardingFetchFailed, "")) {
            _ = try await IdPMetadataFetcher(timeout: .seconds(2)).fetch(source, now: Date())
        }
    }

    @Test func sourcesRefuseProductionAndFarStandIns() throws {
        #expect(throws: HarnessError(.onboardingProductionRefused, "")) { try IdPMetadataSource(baseURL: "https://mpass.gov.md", pin: "AA") }
        #expect(throws: HarnessError(.onboardingStandInNotLoopback, "")) { try IdPMetadataSource(baseURL: "https://192.168.1.5", pin: "AA") }
        #expect(throws: HarnessError(.onboardingMetadataRejected, "")) { try IdPMetadataSource(baseURL: "http://127.0.0.1:7070", pin: nil) }
        #expect(throws: HarnessError(.onboardingMetadataRejected, "")) { try IdPMetadataSource(baseURL: nil, pin: "AA:BB") }
        #expect(try IdPMetadataSource(baseURL: nil, pin: nil) == .staging)
        #expect(throws: HarnessError(.onboardingCacheMissing, "")) { try IdPCache(directory: OnboardingFixtures.folder()).load(now: Date()) }
        #expect(throws: HarnessError(.onboardingProductionRefused, "")) {
            try LiveIdentityProvider(baseURL: "https://mpass.gov.md", issuer: "x", singleSignOnURL: "https://mpass.gov.md/login/saml",
                                     singleLogoutURL: "https://mpass.gov.md/logout/saml", certificates: [])
        }
    }
}
