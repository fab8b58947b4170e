import ArgumentParser
import Foundation
import MPassSAML
import Onboarding

struct MNotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mnotify",
        abstract: "MNotify readiness: does its API accept your system certificate?",
        subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a mutual-TLS connection to MNotify's API with the system certificate, and report; sends no request.",
            discussion: """
                Reports the TCP connection, the TLS handshake, the server's certificate (subject, issuer, validity,
                trust), whether a client certificate was asked for, and whether yours was accepted. No HTTP request
                is sent, so no notification can be. Production (mnotify.gov.md) is refused.
                Exit 0 when the certificate is accepted, 1 when anything failed.
                """)

        @OptionGroup var credential: CredentialOptions

        @Option(help: ArgumentHelp("MNotify's API (default: staging). Another endpoint only on loopback, for tests.", valueName: "url"))
        var endpoint: String = GovernmentEndpoints.mnotifyStaging.absoluteString

        @Option(name: .customLong("ca"), help: ArgumentHelp("Trust the server's certificate through this CA (PEM/DER) instead of the system trust store.", valueName: "path"))
        var certificateAuthority: String?

        @Option(help: "Connection timeout, seconds.")
        var timeout: Double = 10

        @Option(help: "Output: text or json.")
        var format: PreflightFormat = .text

        func validate() throws {
            guard timeout > 0, timeout <= 120 else { throw ValidationError("--timeout must be above 0 and at most 120 seconds") }
        }

        func run() async throws {
            guard let url = URL(string: endpoint) else {
                throw ValidationError("--endpoint must be an https URL; got \"\(endpoint)\"")
            }
            let identity = credential.certificatePath == nil ? nil : try credential.loadIdentity(now: Date())
            let trusted = try certificateAuthority.map { path in try reportingErrors { try CredentialLoader.loadCertificates(path: path) } } ?? []
            let probe: MNotifyProbe
            do {
                probe = try MNotifyProbe(endpoint: url, identity: identity, trustedCertificates: trusted, timeout: timeout)
            } catch {
                printError(error)
                throw ToolExit.usage
            }
            let readiness = await probe.runOffPool()
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                FileHandle.standardOutput.write(try encoder.encode(readiness) + Data("\n".utf8))
            case .text:
                print("MNotify readiness of \(readiness.endpoint)\(identity.map { " with \($0.certificate.subject) (serial \($0.certificate.serialHex))" } ?? " without a client certificate")")
                for item in readiness.items {
                    print("  \(item.status.label.padding(toLength: 4, withPad: " ", startingAt: 0))  \(item.id.padding(toLength: 42, withPad: " ", startingAt: 0))  \(item.detail)")
                    if let fix = item.fix, item.status == .fail || item.status == .warn { print("        fix: \(fix)") }
                }
            }
            if readiness.hasFailures { throw ToolExit.finding }
        }
    }
}
