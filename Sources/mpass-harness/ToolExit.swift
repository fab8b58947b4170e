import ArgumentParser
import Foundation
import MPassSAML

/// Exit codes (sysexits.h where one fits).
enum ToolExit {
    static let finding = ExitCode(1)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let internalFailure = ExitCode(70)

    /// `exitCode(for:)`, reachable inside a command (where ArgumentParser's own hides it).
    static func code(for error: SAMLError) -> ExitCode { exitCode(for: error) }
}

/// Prints to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning a `SAMLError` into `error: <reason>` on stderr and the matching exit code.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as SAMLError {
        printError("error: \(error.reason) [\(error.code)]")
        throw exitCode(for: error)
    }
}

func exitCode(for error: SAMLError) -> ExitCode {
    switch error.code {
    case .credentialFileUnreadable, .inputFileUnreadable: ToolExit.noInput
    case .libraryInitialisation, .cryptoFailure, .signingFailed: ToolExit.internalFailure
    default: ToolExit.dataError
    }
}

/// Reads a text file given on the command line, with an error naming the path.
func readInputFile(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard FileManager.default.fileExists(atPath: path) else {
        printError("error: \(path): no such file; check the path")
        throw ToolExit.noInput
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("error: \(path) cannot be read; check its permissions")
        throw ToolExit.noInput
    }
    return data
}

extension SAMLInstant {
    /// Parses `--now`.
    static func commandLineNow(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        guard let parsed = SAMLTime.parse(text), parsed.writtenOffset != nil else {
            throw ValidationError("--now must be a UTC time like 2026-11-22T10:00:00Z; got \"\(text)\"")
        }
        return parsed.date
    }
}
