import ArgumentParser
import Foundation
import HostGuard
import MPassSAML
import MPassSimulator
import Vocabulary

/// Exit codes (sysexits.h where one fits).
enum ToolExit {
    static let finding = ExitCode(1)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    /// A program the command needs is not installed (Chromium for `run --browser chromium`).
    static let unavailable = ExitCode(69)
    static let internalFailure = ExitCode(70)
    static let cannotCreate = ExitCode(73)

    /// `exitCode(for:)`, reachable inside a command (where ArgumentParser's own hides it).
    static func code(for error: HarnessError) -> ExitCode { exitCode(for: error) }
}

/// Refuses, as a usage error, an output folder that is a file (or anything but a folder).
func refuseNonFolder(_ path: String?, option: String) throws {
    guard let path else { return }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw ValidationError("\(option) \(path) exists and is not a folder; give a folder (it is made when missing)")
    }
}

/// Refuses, as a usage error (64), any option whose URL the `ProductionGuard` refuses: an AGE
/// production host however spelt, or a host that cannot be read safely. Commands that print
/// or embed URLs call it from `validate()`, before anything is printed.
func refuseProductionURLs(_ options: KeyValuePairs<String, String?>) throws {
    for case let (name, value?) in options {
        do {
            try ProductionGuard.check(value, what: name)
        } catch {
            throw ValidationError(error.reason)
        }
    }
}

/// Prints to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Prints `error: <reason> [<code>]` to stderr, as every command shows a `HarnessError`.
func printError(_ error: HarnessError) {
    printError("error: \(error.userMessage)")
}

/// Runs `body`, turning a `HarnessError` into `error: <reason>` on stderr and the matching exit code.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as HarnessError {
        printError(error)
        throw exitCode(for: error)
    }
}

/// `reportingErrors` for async work.
func reportingAsyncErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as HarnessError {
        printError(error)
        throw exitCode(for: error)
    }
}

func exitCode(for error: HarnessError) -> ExitCode {
    switch error.code {
    case .credentialFileUnreadable, .inputFileUnreadable: ToolExit.noInput
    case .libraryInitialisation, .cryptoFailure, .signingFailed, .simulatorExportFailed: ToolExit.internalFailure
    default: ToolExit.dataError
    }
}

/// Reads a file given on the command line ('-' is stdin) through `InputFile.read`, printing
/// `error: <reason>` and exiting 66 (missing, unreadable) or 65 (too large) when it cannot.
func readInputFile(_ path: String) throws -> Data {
    do {
        return try InputFile.read(path)
    } catch {
        printError("error: \(error.reason)")
        throw ToolExit.code(for: error)
    }
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
