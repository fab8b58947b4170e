import Foundation

/// `../shared` beside the package root (or `MPASS_HARNESS_SHARED`): public MPass sample files
/// and the interop corpus, read in place and never copied into the repository. CI has it beside
/// the clone, so a file missing there is a failure that says what and where, never a skip.
public enum SharedFolder {
    public static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["MPASS_HARNESS_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// `relative` under the shared folder; where it is not, an error naming the path looked at and the fix.
    public static func require(_ relative: String) throws -> URL {
        let url = directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TestSupportError("""
                \(relative) is missing from the shared folder: no \(url.path). The shared folder lives in \
                ../shared beside the package root (clone it there, or set MPASS_HARNESS_SHARED to its path)
                """)
        }
        return url
    }
}
