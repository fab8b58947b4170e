import Foundation
import HarnessModel
import Testing
import TestSupport

/// The four files of the sample report, byte for byte. report.json is what `replay` and
/// `report verify` compare, so any change to its bytes must be a decision, seen in review.
/// `RECORD=1 swift test --filter ReportGoldenTests` re-records them.
@Suite("Report: golden files")
struct ReportGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/chapter9-sample", isDirectory: true)

    @Test("Each file of the sample report equals its golden copy", arguments: ReportWriter.fileNames)
    func golden(name: String) throws {
        let file = try #require(try ReportWriter.files(for: SampleReports.chapter9()).first { $0.name == name })
        let golden = Self.folder.appendingPathComponent(name)
        // RECORD=snapshots: written into the source tree on purpose and kept (not a temporary folder).
        if try RecordSwitch.isOn(.snapshots) {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try file.contents.write(to: golden)
            return
        }
        let expected = try Data(contentsOf: golden)
        #expect(file.contents == expected,
                "\(name) differs from \(golden.path); if the change is intended, re-record with RECORD=1")
    }
}
