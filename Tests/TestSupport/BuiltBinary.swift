import Foundation

/// The package's root folder (where Package.swift is), for the fixtures tests read.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// An executable of this package as `swift build` left it, found beside the test bundle
/// (`.build/<triple>/debug/`), else in `.build/debug/`.
public func builtBinary(_ name: String) -> URL {
    var directory = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory.deleteLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/\(name)")
}

/// The `mpass-harness` binary the CLI, end-to-end and third-party tests run.
public let harnessBinary = builtBinary("mpass-harness")
