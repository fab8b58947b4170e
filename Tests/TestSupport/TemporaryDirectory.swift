import Foundation

/// A folder of its own under the system's temporary directory for the length of `body`,
/// removed with everything in it when `body` returns or throws. A full test run once left
/// tens of GB in /tmp from folders made and never removed; the removal sits in a `defer`.
///
/// - Parameter label: the start of the folder's name (`<label>-<UUID>`), to tell whose it is
///   while a test runs.
public func withTemporaryDirectory<Result>(_ label: String = "mpass-test",
                                           _ body: (URL) throws -> Result) throws -> Result {
    let directory = try makeTemporaryDirectory(label)
    defer { removeTemporaryDirectory(directory) }
    return try body(directory)
}

/// The same for a body that awaits.
public func withTemporaryDirectory<Result>(_ label: String = "mpass-test",
                                           _ body: (URL) async throws -> Result) async throws -> Result {
    let directory = try makeTemporaryDirectory(label)
    defer { removeTemporaryDirectory(directory) }
    return try await body(directory)
}

/// A new, empty folder `<label>-<UUID>` under the system's temporary directory. Prefer
/// `withTemporaryDirectory`, which removes it; a caller of this one removes it itself.
public func makeTemporaryDirectory(_ label: String = "mpass-test") throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
        throw TestSupportError("cannot make the temporary folder \(directory.path): \(error.localizedDescription); check that TMPDIR (or /tmp) is writable and not full")
    }
    return directory
}

/// Removes a folder `makeTemporaryDirectory` made. A folder already gone is fine (the test
/// may have removed it to check a missing path); any other failure is only reported, since
/// it must not hide the test's own result.
public func removeTemporaryDirectory(_ directory: URL) {
    guard FileManager.default.fileExists(atPath: directory.path) else { return }
    do {
        try FileManager.default.removeItem(at: directory)
    } catch {
        FileHandle.standardError.write(Data("warning: the temporary folder \(directory.path) was left behind: \(error.localizedDescription)\n".utf8))
    }
}
