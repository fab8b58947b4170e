import ArgumentParser
import Foundation
import MPassSAML
import Onboarding

enum PreflightFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct PreflightCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check what you send AGE before you send it: certificates, URLs, attributes, MNotify data; then the two forms, ready to paste.",
        discussion: """
            Reads the target description (its `onboarding:` section; `mpass-harness init` writes one) and prints a
            checklist: PASS, WARN or FAIL with the fix for each. Certificate passwords come from environment
            variables (MPASS_HARNESS_PASSWORD, or the one named by `password_env`), never from the file.
            Each URL is probed with one GET (3 s timeout; not answering is a warning); --offline skips that.
            Exit 0 when nothing failed (warnings allowed), 1 on any failure, 65/66 when the file is unusable.
            """)

    @Option(help: ArgumentHelp("The target description with an `onboarding:` section.", valueName: "file"))
    var target: String = "service.yaml"

    @Option(help: "Output: text or json.")
    var format: PreflightFormat = .text

    @Flag(help: "Do not probe the URLs on the network.")
    var offline = false

    @Option(name: .customLong("idp-cache"), help: ArgumentHelp("Folder of MPass staging's cached metadata (`idp fetch`).", valueName: "dir"))
    var idpCache: String = IdPCache.defaultDirectory

    @Option(name: .customLong("live-report"), help: ArgumentHelp("The report.json of a `live` run, to mark the staging steps confirmed.", valueName: "file"))
    var liveReport: String?

    @Option(help: "Check as of this UTC time (default: now).")
    var now: String?

    func run() async throws {
        var request = Preflight.FileRequest(targetPath: target, idpCache: URL(fileURLWithPath: idpCache),
                                            now: try SAMLInstant.commandLineNow(now))
        request.liveReportPath = liveReport
        request.offline = offline
        let result: PreflightReport
        do {
            result = try await Preflight.run(files: request)
        } catch {
            printError("error: \(error)")
            throw Self.exitCode(for: error)
        }
        switch format {
        case .text:
            print(result.text(), terminator: "")
        case .json:
            FileHandle.standardOutput.write(try result.json())
        }
        if result.hasFailures { throw ToolExit.finding }
    }

    static func exitCode(for failure: PreflightFailure) -> ExitCode {
        switch failure {
        case .targetMissing: ToolExit.noInput
        case .target, .liveReportInvalid: ToolExit.dataError
        case .liveReportUnreadable(let error): ToolExit.code(for: error)
        }
    }
}
