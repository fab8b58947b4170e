import ArgumentParser
import Evidence
import Foundation
import Replay

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Work with compliance bundles.",
        subcommands: [ReportVerifyCommand.self])
}

/// AGE's command: who signed, is every file the signed one, and do the verdicts follow from
/// the evidence.
struct ReportVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a compliance bundle: the signature, who signed, every digest, and the verdicts replayed from the evidence.",
        discussion: """
            Prints who signed (subject, serial, validity) and every check as PASS|FAIL|SKIP|N/A id [file]: detail.
            Exit 0 when the bundle verifies, 1 when any check fails, 66 when the folder is missing.
            The signature alone can also be checked with OpenSSL (see the README).
            """)

    @Argument(help: ArgumentHelp("The bundle folder.", valueName: "dir"))
    var directory: String

    @Option(name: .customLong("expect-serial"), help: ArgumentHelp("The serial of the certificate AGE has on file (hex); another signer is a failure.", valueName: "hex"))
    var expectSerial: String?

    func run() throws {
        let verification: ReportVerifier.Verification
        do {
            verification = try ReportVerifier.verify(URL(fileURLWithPath: directory), expectSerial: expectSerial)
        } catch {
            printError("error: \(error.reason)")
            throw ToolExit.noInput
        }
        if let signer = verification.bundle.signer {
            print("signed by: \(signer.subject)")
            print("  issuer:   \(signer.issuer)")
            print("  serial:   \(signer.serialHex)")
            print("  valid:    \(signer.notBefore) to \(signer.notAfter)")
            print("  sha256:   \(signer.sha256Fingerprint)")
        } else {
            print("signed by: nobody AGE can identify")
        }
        for check in verification.allChecks { print(check.line) }
        let failures = verification.allChecks.filter(\.isFailure)
        if failures.isEmpty {
            print("VALID: the signature, every file and every verdict check out")
        } else {
            print("INVALID: \(failures.count) check(s) failed: " + Array(Set(failures.map(\.id))).sorted().joined(separator: ", "))
            throw ToolExit.finding
        }
    }
}
