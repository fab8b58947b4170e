import Foundation
import TestSupport

/// Runs the built `mpass-harness` binary and captures what a user sees.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    static var binary: URL { harnessBinary }

    /// `stdinFile` is given to the process as its standard input (for inputs too large for a
    /// pipe the child may stop reading); `directory` is its working directory. The password
    /// variable of the caller's environment is never passed on unless `environment` sets it.
    /// Awaited off Swift's cooperative pool, so CLI tests may run in parallel with the rest.
    static func run(_ arguments: [String], stdin: Data? = nil, stdinFile: URL? = nil, directory: URL? = nil,
                    environment: [String: String] = [:]) async throws -> CLIResult {
        let output = try await ChildProcess.runOffPool(binary, arguments, stdin: stdin, stdinFile: stdinFile, directory: directory,
                                                       environment: environment, removing: ["MPASS_HARNESS_PASSWORD"])
        return CLIResult(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// A new folder inside the running test's own (`.temporaryDirectories`), removed when the test ends.
    static func temporaryDirectory() -> URL {
        scopedTemporaryDirectory("cli")
    }
}
