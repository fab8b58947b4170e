import Foundation
import Vocabulary

/// Writes a run's report in its four forms into one folder, all or nothing.
///
/// Every file is rendered in memory first (so a rendering failure writes nothing), then
/// written to a hidden temporary file in the same folder, flushed to disk, and only when
/// all four are written is each renamed to its final name (a rename within one folder is
/// atomic). A failure before the renames removes the temporary files; so the folder never
/// holds a half-written `report.json`, and a reader never sees one report's JSON beside
/// another's HTML unless overwriting was asked for.
public struct ReportWriter: Sendable {
    /// One file of the report: its name in the folder and its bytes.
    public struct File: Sendable, Equatable {
        public let name: String
        public let contents: Data
    }

    /// The four files, in the order they are written. Pure: the same report gives the same
    /// bytes (report.json, junit.xml and summary.md hold no clock or random value; nor does
    /// report.html).
    /// `pictures` go into report.html only.
    public static func files(for report: RunReport, pictures: ReportPictures = .none) throws(HarnessError) -> [File] {
        [
            File(name: ReportJSON.fileName, contents: try ReportJSON.encode(report)),
            File(name: JUnitReportWriter.fileName, contents: JUnitReportWriter.render(report)),
            File(name: HTMLReportWriter.fileName, contents: try HTMLReportWriter.render(report, pictures: pictures)),
            File(name: MarkdownSummaryWriter.fileName, contents: MarkdownSummaryWriter.render(report)),
        ]
    }

    /// The names `write` creates.
    public static let fileNames = [ReportJSON.fileName, JUnitReportWriter.fileName,
                                   HTMLReportWriter.fileName, MarkdownSummaryWriter.fileName]

    /// Writes a file's bytes to a path that does not exist yet. Replaceable in tests, to
    /// prove that a write failing half-way leaves nothing behind.
    typealias FileSink = @Sendable (Data, URL) throws -> Void

    private let sink: FileSink

    public init() {
        self.sink = Self.writeAndFlush
    }

    init(sink: @escaping FileSink) {
        self.sink = sink
    }

    /// Writes the report into `directory`, creating it (and its parents) when needed.
    ///
    /// - Parameter overwrite: when false, a folder that already holds anything (visible or
    ///   hidden) is refused, so one run never mixes its files with another's. When true,
    ///   the four files are replaced and anything else in the folder is left alone.
    /// - Returns: the URLs of the four files.
    @discardableResult
    public static func write(_ report: RunReport, to directory: URL, overwrite: Bool = false,
                             pictures: ReportPictures = .none) throws(HarnessError) -> [URL] {
        try ReportWriter().write(report, to: directory, overwrite: overwrite, pictures: pictures)
    }

    @discardableResult
    public func write(_ report: RunReport, to directory: URL, overwrite: Bool = false,
                      pictures: ReportPictures = .none) throws(HarnessError) -> [URL] {
        let files = try Self.files(for: report, pictures: pictures)
        try prepare(directory, overwrite: overwrite)

        var temporaries: [(temporary: URL, final: URL)] = []
        do {
            for file in files {
                let final = directory.appendingPathComponent(file.name, isDirectory: false)
                let temporary = directory.appendingPathComponent(".\(file.name).partial-\(UUID().uuidString)", isDirectory: false)
                temporaries.append((temporary, final))
                try sink(file.contents, temporary)
            }
        } catch {
            removeQuietly(temporaries.map(\.temporary))
            throw HarnessError(.reportWriteFailed, "the report could not be written to \(directory.path): \(error)")
        }

        for (index, pair) in temporaries.enumerated() {
            // rename(2) replaces an existing file atomically; a folder in the way fails it.
            guard rename(pair.temporary.path, pair.final.path) == 0 else {
                let reason = String(cString: strerror(errno))
                removeQuietly(temporaries[index...].map(\.temporary))
                throw HarnessError(.reportWriteFailed,
                    "\(pair.final.lastPathComponent) could not be put in place in \(directory.path): \(reason)")
            }
        }
        return temporaries.map(\.final)
    }

    private func prepare(_ directory: URL, overwrite: Bool) throws(HarnessError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw HarnessError(.reportFolderUnusable, "\(directory.path) exists and is not a folder; choose another report folder")
            }
            let contents: [String]
            do {
                contents = try manager.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw HarnessError(.reportFolderUnusable, "\(directory.path) cannot be read: \(error)")
            }
            if !contents.isEmpty && !overwrite {
                throw HarnessError(.reportFolderNotEmpty,
                    "\(directory.path) already holds \(contents.count) file\(contents.count == 1 ? "" : "s") (\(contents.sorted().prefix(4).joined(separator: ", "))); choose a new folder, or ask to overwrite")
            }
            if overwrite {
                // Refuse before writing anything if a final name is taken by something
                // other than a file, rather than failing half-way through the renames.
                for name in Self.fileNames {
                    var nameIsDirectory: ObjCBool = false
                    if manager.fileExists(atPath: directory.appendingPathComponent(name).path, isDirectory: &nameIsDirectory),
                       nameIsDirectory.boolValue {
                        throw HarnessError(.reportFolderUnusable, "\(directory.appendingPathComponent(name).path) is a folder; remove it or choose another report folder")
                    }
                }
            }
        } else {
            do {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw HarnessError(.reportFolderUnusable, "the folder \(directory.path) could not be created: \(error)")
            }
        }
    }

    private func removeQuietly(_ urls: [URL]) {
        for url in urls { try? FileManager.default.removeItem(at: url) }
    }

    /// Creates the file exclusively (never follows or reuses an existing one), writes it
    /// and flushes it to disk, so that the rename publishes complete bytes.
    @Sendable
    private static func writeAndFlush(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HarnessError(.reportWriteFailed, "\(url.lastPathComponent): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
    }
}
