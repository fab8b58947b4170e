import Foundation
import TestSupport

/// The recorded fixtures in the source tree (`fixtures/`), read in place: `scripts/record-fixtures`
/// re-creates them, and CI replays them on every build.
enum FixturePaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let recordings = packageRoot.appendingPathComponent("fixtures/recordings")
    static let verdicts = packageRoot.appendingPathComponent("fixtures/verdicts")
    /// Browser-style recordings: HAR files as DevTools exports them, with the target file and
    /// certificates a person would give `replay` (`mpass-record-browser` makes them).
    static let browser = packageRoot.appendingPathComponent("fixtures/browser")

    /// Every browser recording's file name (`pass.har`, …).
    static var browserRecordingNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: browser.path)) ?? []
        return names.filter { $0.hasSuffix(".har") }.sorted()
    }

    /// Every recording's name without extension (`run-pass`, `run-skipSignature`, …).
    static var recordingNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recordings.path)) ?? []
        return names.filter { $0.hasSuffix(".har") || $0.hasSuffix(".json") }.sorted()
    }

    /// `TC_FUNCT_01 pass` lines, written by hand from what each recorded session did.
    static func expectedVerdicts(for recording: String) throws -> [String] {
        let stem = (recording as NSString).deletingPathExtension
        let text = try String(contentsOf: verdicts.appendingPathComponent("\(stem).txt"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// A new folder inside the running test's own (`.temporaryDirectories`), removed when the test ends.
    static func temporaryDirectory() -> URL {
        scopedTemporaryDirectory("replay")
    }
}
