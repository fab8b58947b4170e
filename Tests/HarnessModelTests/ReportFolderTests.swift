@testable import HarnessModel
import Foundation
import Testing
import Vocabulary

@Suite("Report: writing the folder")
struct ReportFolderTests {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("conformance-report-tests-\(UUID().uuidString)", isDirectory: true)
        return url
    }

    private func names(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test("The folder is created and holds exactly the four files, byte for byte what the writers give")
    func writesFourFiles() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("mpass-reports/2025-03-01T093000Z")
        let report = SampleReports.chapter9()
        let written = try ReportWriter.write(report, to: folder)
        #expect(written.map(\.lastPathComponent) == ReportWriter.fileNames)
        #expect(try names(in: folder) == ["junit.xml", "report.html", "report.json", "summary.md"])
        for file in try ReportWriter.files(for: report) {
            #expect(try Data(contentsOf: folder.appendingPathComponent(file.name)) == file.contents)
        }
        #expect(try ReportJSON.decode(Data(contentsOf: folder.appendingPathComponent("report.json"))) == report)
    }

    @Test("A folder that already holds anything is refused unless overwriting is asked; then the four are replaced")
    func refusesNonEmptyFolder() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ReportWriter.write(SampleReports.chapter9(), to: folder)
        var second = SampleReports.chapter9()
        second.plan = "second"
        #expect(throws: HarnessError(.reportFolderNotEmpty, "")) { try ReportWriter.write(second, to: folder) }
        #expect(try ReportJSON.decode(Data(contentsOf: folder.appendingPathComponent("report.json"))).plan == "chapter9")

        // Hidden files count: a folder is never silently shared with something else.
        let other = try scratch()
        defer { try? FileManager.default.removeItem(at: other) }
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: other.appendingPathComponent(".keep"))
        #expect(throws: HarnessError(.reportFolderNotEmpty, "")) { try ReportWriter.write(second, to: other) }

        try FileManager.default.createDirectory(at: folder.appendingPathComponent("evidence"), withIntermediateDirectories: false)
        try ReportWriter.write(second, to: folder, overwrite: true)
        #expect(try ReportJSON.decode(Data(contentsOf: folder.appendingPathComponent("report.json"))).plan == "second")
        #expect(try names(in: folder) == ["evidence", "junit.xml", "report.html", "report.json", "summary.md"])
    }

    @Test("An empty existing folder is used")
    func emptyFolderIsUsed() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ReportWriter.write(SampleReports.chapter9(), to: folder)
        #expect(try names(in: folder).count == 4)
    }

    struct InjectedFailure: Error {}

    @Test("A write that fails half-way leaves no file at all, not even a temporary one", arguments: 0..<4)
    func failingWriteLeavesNothing(failAt: Int) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let counter = Counter()
        let writer = ReportWriter { data, url in
            if counter.next() == failAt {
                // Leave a partial temporary behind, as a crash in the middle of a write would.
                try Data(data.prefix(10)).write(to: url)
                throw InjectedFailure()
            }
            try data.write(to: url)
        }
        #expect(throws: HarnessError(.reportWriteFailed, "")) { try writer.write(SampleReports.chapter9(), to: folder) }
        #expect(try names(in: folder) == [])
    }

    @Test("A path that is a file, or a report name taken by a folder, is refused before anything is written")
    func unusablePaths() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        #expect(throws: HarnessError(.reportFolderUnusable, "")) { try ReportWriter.write(SampleReports.chapter9(), to: file) }

        let folder = root.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("report.html"), withIntermediateDirectories: true)
        #expect(throws: HarnessError(.reportFolderUnusable, "")) {
            try ReportWriter.write(SampleReports.chapter9(), to: folder, overwrite: true)
        }
        #expect(try names(in: folder) == ["report.html"])
    }
}

/// A thread-safe counter for the injected file sink.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = -1
    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}

@Suite("Report: sample for people")
struct SampleReportExport {
    /// `CONFORMANCE_SAMPLE_REPORT=/some/folder swift test --filter SampleReportExport` writes
    /// the sample report there (overwriting), to open report.html in a browser or screenshot it.
    /// A tool, not a check: shown as skipped (with why) unless the variable is set, never as a pass.
    static let folder = ProcessInfo.processInfo.environment["CONFORMANCE_SAMPLE_REPORT"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("Writes the sample report where CONFORMANCE_SAMPLE_REPORT points",
          .enabled(if: folder != nil, "a tool for people: set CONFORMANCE_SAMPLE_REPORT=/some/folder to write the sample report"))
    func export() throws {
        let directory = URL(fileURLWithPath: try #require(Self.folder), isDirectory: true)
        try ReportWriter.write(SampleReports.chapter9(), to: directory, overwrite: true)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.html").path))
    }
}
