import ArgumentParser
import Foundation
import HarnessModel
import Onboarding

struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Round trip with the real MPass staging: your registration, your browser, TC_FUNCT_01-05 judged as they happen.",
        discussion: """
            Starts the reference Service on https://localhost:PORT as your Service registered at MPass staging (your
            Issuer, your certificate given by path), then tells you what to do in your own browser for each functional
            case of chapter 9, waits, checks every message MPass sends with the pinned staging certificate (from
            `mpass-harness idp fetch --env staging`), and writes the same reports as `run` (idp kind staging) plus
            exchanges.har. Try it with the public sample registration:
              export MPASS_HARNESS_PASSWORD=QdutCdFE7zZe9uybzV3q
              mpass-harness idp fetch --env staging
              mpass-harness live --issuer https://mpass.localhost.egov.md --cert ../shared/mpass/mpass.localhost.egov.md.pfx --port 5001
            Exit 0 when all five cases pass, 1 otherwise. Production is refused.
            """)

    @Option(help: "Your Service's Issuer as registered at MPass staging.")
    var issuer: String

    @OptionGroup var credential: CredentialOptions

    @Option(help: "Port of https://localhost:PORT, the Service root registered at staging.")
    var port: Int = 5001

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("HTTPS certificate for localhost (PEM with its key, or a .pfx; password from MPASS_HARNESS_TLS_PASSWORD). Default: one made for the session.", valueName: "path"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("The HTTPS key, when --tls-cert holds only the certificate.", valueName: "path"))
    var tlsKey: String?

    @Option(name: .customLong("idp-cache"), help: ArgumentHelp("MPass staging's cached, pinned metadata (`idp fetch`).", valueName: "dir"))
    var idpCache: String = IdPCache.defaultDirectory

    @Option(name: .customLong("step-timeout"), help: "Seconds to wait for you at each step.")
    var stepTimeout: Double = 300

    @Option(help: ArgumentHelp("Folder for the reports (default: mpass-reports/live-<UTC time>).", valueName: "dir"))
    var out: String?

    @Flag(name: .customLong("strict-idp-algorithm"), help: "Fail MPass's messages signed with RSA-SHA1 or SHA-1 digests; by default they pass, from the pinned certificate only, with a WARN check.")
    var strictIdPAlgorithm = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard stepTimeout > 0, stepTimeout <= 3600 else { throw ValidationError("--step-timeout must be above 0 and at most 3600 seconds") }
        if let refusal = GovernmentEndpoints.refusal(issuer, what: "Issuer") { throw ValidationError(refusal) }
        if tlsKey != nil && tlsCertificate == nil { throw ValidationError("--tls-key needs --tls-cert") }
    }

    func run() async throws {
        var request = LiveRun.Request(issuer: issuer, port: port, idpCache: URL(fileURLWithPath: idpCache), stepTimeout: stepTimeout)
        request.tlsCertificatePath = tlsCertificate
        request.tlsKeyPath = tlsKey
        request.tlsPassword = ProcessInfo.processInfo.environment["MPASS_HARNESS_TLS_PASSWORD"]
        request.strictIdPAlgorithm = strictIdPAlgorithm
        request.out = out.map { URL(fileURLWithPath: $0) }
        let written: LiveRun.Written
        do {
            written = try await LiveRun.performAndWrite(request, identity: { try credential.loadIdentity(now: request.started) },
                                                        note: { printError($0) }) { text in
                // Written at once: a person (or a script) acts on each line as it appears.
                FileHandle.standardOutput.write(Data((text + "\n").utf8))
            }
        } catch let failure as LiveFailure {
            printError("error: \(failure)")
            throw Self.exitCode(for: failure)
        }
        print(ResultTable.render(written.report.cases))
        print("reports: \(written.directory.path)/{report.html, report.json, junit.xml, summary.md, exchanges.har}")
        if written.report.verdict != .pass { throw ToolExit.finding }
    }

    static func exitCode(for failure: LiveFailure) -> ExitCode {
        switch failure {
        case .idpCache(let error): error.code == .onboardingCacheMissing ? ToolExit.noInput : ToolExit.dataError
        case .identityProvider(let error): error.code == .onboardingProductionRefused ? ToolExit.usage : ToolExit.dataError
        case .tlsCredential(let error): ToolExit.code(for: error)
        case .session, .artefacts: ToolExit.internalFailure
        }
    }
}
