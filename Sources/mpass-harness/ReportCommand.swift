import ArgumentParser
import Evidence
import Foundation
import HarnessModel
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
        abstract: "Verify a compliance bundle: plain files only, the signature, who signed, every digest, and the whole report rebuilt from the evidence.",
        discussion: """
            Prints who signed (subject, serial, validity), what was tested (Service, MPass, plan, time), every
            check as PASS|FAIL|SKIP|N/A id [file]: detail, and what the bundle can and cannot prove.
            Exit 0 when the bundle verifies, 1 when any check fails or the folder holds a link, a device or
            too much, 66 when the folder is missing.
            The signature alone can also be checked with OpenSSL (see the README).
            """)

    @Argument(help: ArgumentHelp("The bundle folder.", valueName: "dir"))
    var directory: String

    @Option(name: .customLong("expect-serial"), help: ArgumentHelp("The serial of the certificate AGE has on file (hex); another signer is a failure.", valueName: "hex"))
    var expectSerial: String?

    @Flag(name: .customLong("allow-partial"), help: "Accept a bundle that does not hold every case of chapter 9 (a replay of one recording, a narrowed run); the output still names what is absent.")
    var allowPartial = false

    func run() throws {
        let verification: ReportVerifier.Verification
        do {
            verification = try ReportVerifier.verify(URL(fileURLWithPath: directory), expectSerial: expectSerial, allowPartial: allowPartial)
        } catch {
            printError("error: \(error.reason)")
            // A bundle holding links, devices or too much is refused: a finding, not a missing input.
            if error.code == .bundleNotPlain || error.code == .bundleTooLarge {
                print("INVALID: \(error.reason)")
                throw ToolExit.finding
            }
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
        if let scope = verification.scope {
            print("tested (as the evidence records it):")
            print("  Service:  \(scope.serviceName)")
            print("  base URL: \(scope.serviceBaseURL)")
            print("  Issuer:   \(scope.serviceIssuer ?? "not recorded")")
            print("  MPass:    \(scope.idpKind.rawValue), \(scope.idpBaseURL)")
            print("  plan:     \(scope.plan), \(scope.caseCount) cases")
            print("  time:     \(ReportTimestamp.string(scope.startedAt)) to \(ReportTimestamp.string(scope.finishedAt))")
            print("  verdict:  \(scope.verdict.label) (the run's, rebuilt from its cases; VALID below means the bundle is sound, not that the Service passed)")
        }
        for check in verification.allChecks { print(check.line) }
        if let scope = verification.scope {
            print("what this bundle proves:")
            for line in scope.proves { print("  + \(line)") }
            print("what it cannot prove:")
            for line in scope.cannotProve { print("  - \(line)") }
        }
        let failures = verification.allChecks.filter(\.isFailure)
        if failures.isEmpty {
            print("VALID: the signature, every file, and the whole report rebuilt from the evidence check out")
        } else {
            print("INVALID: \(failures.count) check(s) failed: " + Array(Set(failures.map(\.id.rawValue))).sorted().joined(separator: ", "))
            throw ToolExit.finding
        }
    }
}
