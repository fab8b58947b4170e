import Foundation
import HarnessModel
import MPassSAML
@testable import Onboarding
import Testing
import TestSupport
import Vocabulary

/// MPass staging's metadata fetched from the simulator standing in for it on loopback, pinned
/// and cached in `directory/idp` as `idp fetch` does; the stand-in stops once it is cached.
func pinnedStandInCache(in directory: URL) async throws -> (cache: URL, baseURL: String, pin: String) {
    let (url, pin, task) = try await IdPCacheTests.standIn()
    defer { task.cancel() }
    let source = try IdPMetadataSource(baseURL: url, pin: pin)
    let (data, reading) = try await IdPMetadataFetcher(timeout: .seconds(5)).fetch(source, now: Date())
    let cache = directory.appendingPathComponent("idp")
    _ = try IdPCache(directory: cache).store(metadata: data, reading: reading, source: source, now: Date())
    return (cache, url, pin)
}

/// `preflight`'s one library call (`Preflight.run(files:)`): the target file, the IdP cache and
/// a live report read from disk, then every check; a file that cannot serve is a failure naming it.
@Suite(.timeLimit(.minutes(3)), .temporaryDirectories) struct PreflightFilesTests {
    static func target(in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("service.yaml")
        try Data(OnboardingFixtures.yaml().utf8).write(to: file)
        return file.path
    }

    @Test func theFilesAreReadAndTheChecksRun() async throws {
        let directory = try OnboardingFixtures.goodFolder()
        var request = Preflight.FileRequest(targetPath: try Self.target(in: directory),
                                            idpCache: directory.appendingPathComponent("no-cache"), now: OnboardingFixtures.now)
        request.offline = true
        let report = try await Preflight.run(files: request)
        #expect(report.file == request.targetPath)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.items.contains { $0.id == "certificate.key-matches" && $0.status == .pass })
        // Offline: no URL is probed, and the item says why.
        #expect(report.items.filter { $0.id == "url.reachable" }.allSatisfy { $0.status == .skip && $0.detail.contains("--offline") })
        // No cache: the pinning step is not done yet, and the fix says how.
        let pinned = try #require(report.items.first { $0.id == "idp.metadata-pinned" })
        #expect(pinned.status == .warn)
        #expect(pinned.fix == "run `mpass-harness idp fetch --env staging` (needs access to mpass.staging.egov.md)")
    }

    @Test func aCachedMetadataAndALiveReportMarkTheirStepsDone() async throws {
        let directory = try OnboardingFixtures.goodFolder()
        let (cache, baseURL, pin) = try await pinnedStandInCache(in: directory)
        let live = directory.appendingPathComponent("live-report.json")
        try ReportJSON.encode(OnboardingProgressTests.liveReport(verdicts: Array(repeating: .pass, count: 5))).write(to: live)
        var request = Preflight.FileRequest(targetPath: try Self.target(in: directory), idpCache: cache, now: Date())
        request.offline = true
        request.liveReportPath = live.path
        let report = try await Preflight.run(files: request)
        let pinned = try #require(report.items.first { $0.id == "idp.metadata-pinned" })
        #expect(pinned.status == .pass)
        #expect(pinned.detail.contains(baseURL) && pinned.detail.contains(pin), "\(pinned.detail)")
        // A passing live run confirms the staging steps (README: `--live-report` marks them confirmed).
        #expect(report.progress.mpass.first { $0.number == 5 }?.state == .confirmed)
        #expect(report.progress.mpass.first { $0.number == 6 }?.state == .confirmed)
    }

    @Test func aMissingTargetIsNamedWithTheFix() async throws {
        try await withTemporaryDirectory("preflight-files") { directory in
            let path = directory.appendingPathComponent("absent.yaml").path
            do throws(PreflightFailure) {
                _ = try await Preflight.run(files: .init(targetPath: path, idpCache: directory))
                Issue.record("preflight ran without its target file")
            } catch {
                #expect(error.description == "\(path): no such file; give the target description with --target (`mpass-harness init` writes one)")
            }
        }
    }

    @Test func anInvalidTargetNamesTheField() async throws {
        try await withTemporaryDirectory("preflight-files") { directory in
            let file = directory.appendingPathComponent("service.yaml")
            try Data("base_url: not a url\nlogged_in:\n  url: /protected\n".utf8).write(to: file)
            do throws(PreflightFailure) {
                _ = try await Preflight.run(files: .init(targetPath: file.path, idpCache: directory))
                Issue.record("preflight ran on an invalid target file")
            } catch {
                guard case .target = error else { Issue.record("not a target failure: \(error)"); return }
                #expect(error.description.contains("base_url"), "\(error.description)")
                #expect(error.description.contains(file.path), "\(error.description)")
            }
        }
    }

    @Test func aLiveReportThatIsMissingOrNotAReportIsNamed() async throws {
        let directory = try OnboardingFixtures.goodFolder()
        var request = Preflight.FileRequest(targetPath: try Self.target(in: directory), idpCache: directory)
        request.offline = true
        request.liveReportPath = directory.appendingPathComponent("absent.json").path
        do throws(PreflightFailure) {
            _ = try await Preflight.run(files: request)
            Issue.record("preflight ran without its live report")
        } catch {
            guard case .liveReportUnreadable = error else { Issue.record("not an unreadable live report: \(error)"); return }
            #expect(error.description == "\(request.liveReportPath!): no such file; check the path")
        }

        let other = directory.appendingPathComponent("other.json")
        try Data(#"{"hello": "world"}"#.utf8).write(to: other)
        request.liveReportPath = other.path
        do throws(PreflightFailure) {
            _ = try await Preflight.run(files: request)
            Issue.record("preflight took a JSON file that is no run report")
        } catch {
            guard case .liveReportInvalid = error else { Issue.record("not an invalid live report: \(error)"); return }
            #expect(error.description.hasPrefix("\(other.path) is not a report.json written by `mpass-harness live` ("), "\(error.description)")
        }
    }
}

/// `live`'s one library call (`LiveRun.performAndWrite`) with the simulator on loopback as
/// MPass staging (its metadata pinned and cached), never a real host. No one acts in these
/// tests: each step times out, which is itself documented (`--step-timeout`).
@Suite(.timeLimit(.minutes(3)), .temporaryDirectories) struct LiveRunTests {
    static let service = Result { try OnboardingFixtures.identity("live test Service") }

    /// What the run told the person, in order.
    final class Heard: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test func withNobodyActingEachCaseIsAnErrorAndTheReportsAreWritten() async throws {
        try await withTemporaryDirectory("live-run") { directory in
            let (cache, baseURL, pin) = try await pinnedStandInCache(in: directory)
            let held = try HeldLoopbackPort()
            var request = LiveRun.Request(issuer: "https://live-lib.mpass-harness.test", port: held.port, idpCache: cache, stepTimeout: 1)
            request.out = directory.appendingPathComponent("report")
            var notes: [String] = []
            let heard = Heard()
            let written = try await LiveRun.performAndWrite(request, identity: { try Self.service.get() },
                                                            note: { notes.append($0) }, say: { heard.append($0) })
            withExtendedLifetime(held) {}
            #expect(notes.count == 1)
            #expect(notes.first?.hasPrefix("trusting the cached, pinned MPass certificate from \(baseURL)") == true, "\(notes)")
            #expect(notes.first?.contains("SHA-256 \(pin)") == true, "\(notes)")

            #expect(written.directory == request.out)
            for file in ["report.json", "report.html", "junit.xml", "summary.md", "exchanges.har"] {
                #expect(FileManager.default.fileExists(atPath: written.directory.appendingPathComponent(file).path), "\(file) missing")
            }
            let report = written.report
            #expect(report.plan == "chapter9-functional-live")
            #expect(report.idp.kind == .staging)
            #expect(report.idp.baseURL == baseURL)
            #expect(report.target.baseURL == "https://localhost:\(held.port)")
            #expect(report.cases.map(\.id) == ["TC_FUNCT_01", "TC_FUNCT_02", "TC_FUNCT_03", "TC_FUNCT_04", "TC_FUNCT_05"])
            for result in report.cases {
                #expect(result.verdict == .error, "\(result.id): \(result.verdict)")
                #expect(result.reason.contains("within 1 s") && result.reason.contains("--step-timeout"), "\(result.id): \(result.reason)")
            }
            // report.json on disk is the report returned.
            let onDisk = try ReportJSON.decode(Data(contentsOf: written.directory.appendingPathComponent("report.json")))
            #expect(onDisk.cases.map(\.verdict) == report.cases.map(\.verdict))

            let said = heard.all.joined(separator: "\n")
            #expect(said.contains("Issuer https://live-lib.mpass-harness.test"), "\(said)")
            #expect(said.contains("Each step waits up to 1 s."), "\(said)")
            #expect(said.contains("HTTPS certificate made for this session: CN=localhost"), "\(said)")
        }
    }

    @Test func withoutACacheNothingStartsAndNoCredentialIsRead() async throws {
        try await withTemporaryDirectory("live-run") { directory in
            let cache = directory.appendingPathComponent("idp")
            let request = LiveRun.Request(issuer: "https://x.test", port: 1, idpCache: cache, stepTimeout: 1)
            var identityRead = false
            do {
                _ = try await LiveRun.performAndWrite(request, identity: {
                    identityRead = true
                    return try Self.service.get()
                }, say: { _ in })
                Issue.record("live ran without a pinned cache")
            } catch let failure as LiveFailure {
                guard case .idpCache(let error) = failure else { Issue.record("not a cache failure: \(failure)"); return }
                #expect(error.code == .onboardingCacheMissing)
                #expect(failure.description == "no cached MPass metadata in \(cache.path); run `mpass-harness idp fetch --env staging` first (or give --idp-cert) [onboarding.cache-missing]")
            }
            #expect(!identityRead)
        }
    }

    @Test func anUnreadableTLSCredentialIsNamed() async throws {
        try await withTemporaryDirectory("live-run") { directory in
            let (cache, _, _) = try await pinnedStandInCache(in: directory)
            var request = LiveRun.Request(issuer: "https://x.test", port: 1, idpCache: cache, stepTimeout: 1)
            request.tlsCertificatePath = directory.appendingPathComponent("absent-tls.pem").path
            do {
                _ = try await LiveRun.performAndWrite(request, identity: { try Self.service.get() }, say: { _ in })
                Issue.record("live ran without its TLS credential")
            } catch let failure as LiveFailure {
                guard case .tlsCredential = failure else { Issue.record("not a TLS failure: \(failure)"); return }
                #expect(failure.description == "\(request.tlsCertificatePath!): no such file; check the path [credential.file-unreadable]")
            }
        }
    }

    @Test func aPortInUseSaysToChooseAnother() async throws {
        try await withTemporaryDirectory("live-run") { directory in
            let (cache, _, _) = try await pinnedStandInCache(in: directory)
            // Another server listening on the port live is told to use: a second stand-in.
            let (occupied, _, server) = try await IdPCacheTests.standIn()
            defer { server.cancel() }
            let port = try #require(URL(string: occupied)?.port)
            let request = LiveRun.Request(issuer: "https://x.test", port: port, idpCache: cache, stepTimeout: 1)
            do {
                _ = try await LiveRun.performAndWrite(request, identity: { try Self.service.get() }, say: { _ in })
                Issue.record("live served on a port another socket listens on")
            } catch let failure as LiveFailure {
                guard case .session(let error) = failure else { Issue.record("not a session failure: \(failure)"); return }
                #expect(error.code == .onboardingServerFailed)
                #expect(failure.description.contains("127.0.0.1:\(port)"), "\(failure.description)")
                #expect(failure.description.contains("is the port in use? Choose another with --port"), "\(failure.description)")
            }
        }
    }
}
