import Evidence
import Foundation
import HarnessModel
import MPassFuzzTargets
import Testing
import Vocabulary
import TestSupport

/// The recording and target-description fuzz targets: their seeds reach the readers' real
/// work (so the fuzzer does not idle on refusals), and each invariant they check can fail.
/// Their seeds and saved crashes are replayed by `FuzzRegressionTests`.
@Suite(.temporaryDirectories) struct RecordingFuzzTargetTests {
    static func seeds(_ target: FuzzTarget) -> [URL] {
        FuzzRegressionTests.inputs(target).filter { $0.path.contains("/seeds/") }
    }

    @Test func harSeedsReadAsTheirFormats() throws {
        var formats: [Recording.Format] = []
        for seed in Self.seeds(.har) {
            formats.append(try RecordingReader.read(data: Data(contentsOf: seed), source: seed.lastPathComponent).format)
        }
        // The harness's own HAR, Chrome's and Firefox's exports, and a real Chromium's (WebDriver) HAR.
        #expect(formats.contains(.harness) && formats.contains(.chrome) && formats.contains(.firefox), "\(formats)")
    }

    @Test func samlTracerSeedsReadAsSAMLTracerExports() throws {
        let seeds = Self.seeds(.samltracer)
        #expect(seeds.count >= 2)
        for seed in seeds {
            let recording = try RecordingReader.read(data: Data(contentsOf: seed), source: seed.lastPathComponent)
            #expect(recording.format == .samlTracer, "\(seed.lastPathComponent)")
            #expect(!recording.har.log.entries.isEmpty, "\(seed.lastPathComponent)")
        }
    }

    @Test func targetSeedsLoad() throws {
        let seeds = Self.seeds(.target)
        #expect(seeds.count >= 4)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-target-seeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The seeds that name a certificate name service.cert.pem; the fuzz target writes it beside them.
        try Data(FuzzHarness.certificate.pem.utf8).write(to: folder.appendingPathComponent("service.cert.pem"))
        for seed in seeds {
            #expect(throws: Never.self, "\(seed.lastPathComponent)") {
                try TargetDescription.parse(yaml: String(contentsOf: seed, encoding: .utf8), baseDirectory: folder)
            }
        }
    }

    @Test func aRefusalThatDoesNotNameTheFileIsAFinding() throws {
        #expect(throws: Never.self) {
            try FuzzHarness.checkRefusal(HarnessError(.recordingNotJSON, "in.har: not JSON"), source: "in.har")
        }
        #expect(throws: FuzzFinding.self) {
            try FuzzHarness.checkRefusal(HarnessError(.recordingNotJSON, "not JSON"), source: "in.har")
        }
    }

    @Test func aRecordingThatCannotBeWrittenBackIsAFinding() throws {
        let seed = try #require(Self.seeds(.har).first)
        var recording = try RecordingReader.read(data: Data(contentsOf: seed), source: seed.lastPathComponent)
        #expect(throws: Never.self) { try FuzzHarness.checkRoundTrip(recording) }
        // JSON has no infinity: HARWriter refuses the archive (what a reader letting one through would cause).
        recording.har.log.entries[0].time = .infinity
        #expect(throws: FuzzFinding.self) { try FuzzHarness.checkRoundTrip(recording) }
    }

    @Test func aTargetProblemOutsideTheFileOrWithoutAFixIsAFinding() {
        let yaml = "base_url: x\nissuer: y\n"
        let good = TargetError(.targetInvalidURL, field: "base_url", line: 1, reason: "not a URL.", fix: "write one.")
        #expect(throws: Never.self) { try FuzzHarness.checkRefusal(good, yaml: yaml) }
        for bad in [TargetError(.targetInvalidURL, field: "base_url", line: 0, reason: "not a URL.", fix: "write one."),
                    TargetError(.targetInvalidURL, field: "base_url", line: 9, reason: "not a URL.", fix: "write one."),
                    TargetError(.targetInvalidURL, field: "base_url", line: 1, reason: "not a URL.", fix: "")] {
            #expect(throws: FuzzFinding.self, "\(bad.line ?? -1)") { try FuzzHarness.checkRefusal(bad, yaml: yaml) }
        }
    }

    @Test func aLoadedDescriptionWithAProductionHostIsAFinding() throws {
        let local = try #require(URL(string: "http://127.0.0.1:8080"))
        func description(acs: URL) -> TargetDescription {
            TargetDescription(name: "s", baseURL: local, loginURL: local, logoutURL: local, acsURL: acs, sloURL: local,
                              logoutResponseURL: local, loggedIn: .init(url: local), issuer: "urn:s")
        }
        #expect(throws: Never.self) { try FuzzHarness.checkLoaded(description(acs: local)) }
        let production = try #require(URL(string: "https://MPASS.gov.md./login/saml"))
        #expect(throws: FuzzFinding.self) { try FuzzHarness.checkLoaded(description(acs: production)) }
    }
}
