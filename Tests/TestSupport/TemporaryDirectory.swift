import Foundation
import Testing

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

/// The folder of the test running now, when its suite has the `.temporaryDirectories` trait:
/// `scopedTemporaryDirectory()` makes its folders inside it, and the whole folder is removed
/// once the test ends, however it ends.
public enum TemporaryDirectoryScope {
    @TaskLocal public static var current: URL?
}

/// Gives each test (each case of a parameterized one) a temporary folder of its own, removed
/// when the test ends, passing or failing. Helpers that hand a test a folder
/// (`scopedTemporaryDirectory()`) make it inside this one, so a suite's tests keep their
/// `let dir = CLI.temporaryDirectory()` and still leave nothing behind.
public struct TemporaryDirectoryTrait: SuiteTrait, TestTrait, TestScoping {
    public init() {}

    public var isRecursive: Bool { true }

    /// One scope per test case; none around the suite or the function as a whole.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await withTemporaryDirectory("mpass-test") { directory in
            try await TemporaryDirectoryScope.$current.withValue(directory) {
                try await function()
            }
        }
    }
}

extension Trait where Self == TemporaryDirectoryTrait {
    /// Each test's temporary folders are removed when it ends (see `TemporaryDirectoryTrait`).
    public static var temporaryDirectories: Self { Self() }
}

/// A new, empty folder inside the running test's temporary folder (`.temporaryDirectories`),
/// removed with it when the test ends. Asked for outside such a test (a suite without the
/// trait, or code that left the test's task), it is made in a folder of the process's,
/// removed when the test process exits: later than it should, but never left in /tmp.
public func scopedTemporaryDirectory(_ label: String = "dir") -> URL {
    let scope: URL
    if let current = TemporaryDirectoryScope.current {
        scope = current
    } else {
        do {
            scope = try ProcessTemporaryDirectories.shared.unscoped()
        } catch {
            Issue.record(error)
            return FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        }
    }
    let directory = scope.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
        Issue.record("cannot make the temporary folder \(directory.path): \(error.localizedDescription)")
    }
    return directory
}

/// A folder shared by every test of the process (credentials made once, a long run made once
/// and read by several tests), removed when the test process exits normally. A test's own
/// folders belong in `withTemporaryDirectory` or `.temporaryDirectories` instead.
public func makeProcessTemporaryDirectory(_ label: String) throws -> URL {
    let directory = try makeTemporaryDirectory(label)
    ProcessTemporaryDirectories.shared.add(directory)
    return directory
}

private final class ProcessTemporaryDirectories: @unchecked Sendable {
    static let shared = ProcessTemporaryDirectories()
    private let lock = NSLock()
    private var directories: [URL] = []
    private var registered = false
    private var unscopedFolder: URL?

    /// The one folder of this process for folders asked for outside a test's scope.
    func unscoped() throws -> URL {
        if let folder = lock.withLock({ unscopedFolder }) { return folder }
        let folder = try makeProcessTemporaryDirectory("mpass-unscoped")
        return lock.withLock {
            if let earlier = unscopedFolder { return earlier }
            unscopedFolder = folder
            return folder
        }
    }

    func add(_ directory: URL) {
        lock.withLock {
            directories.append(directory)
            if !registered {
                registered = true
                atexit { ProcessTemporaryDirectories.shared.removeAll() }
            }
        }
    }

    func removeAll() {
        for directory in lock.withLock({ directories }) { removeTemporaryDirectory(directory) }
    }
}
