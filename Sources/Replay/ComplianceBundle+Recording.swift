import Vocabulary
import Evidence
import Foundation

extension ComplianceBundle {
    /// A recording as bundle evidence: HAR, with the replay's setup written into it, so that
    /// `report verify` replays it with no option and gets the same verdicts. The SAML
    /// messages keep every byte (their signatures must still verify).
    public static func evidence(for recording: Recording, setup: ReplaySetup) throws(HarnessError) -> (name: String, data: Data) {
        var har = recording.har
        har.log.harnessRun = setup.recordedContext(plan: "replay")
        var name = (recording.source as NSString).lastPathComponent
        if !name.lowercased().hasSuffix(".har") { name += ".har" }
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        return (safe.hasPrefix(".") ? "_" + safe : safe, try HARWriter.encode(har))
    }

    /// Every recording of a replay as bundle evidence, by file name.
    public static func evidence(for recordings: [Recording], overrides: ReplayOverrides) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for recording in recordings {
            let file = try evidence(for: recording, setup: try overrides.setup(for: recording))
            files[file.name] = file.data
        }
        return files
    }
}
