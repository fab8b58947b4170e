import ArgumentParser
import Foundation
import HarnessModel
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
        let checkTime = try SAMLInstant.commandLineNow(now)
        let file = URL(fileURLWithPath: target)
        guard FileManager.default.fileExists(atPath: file.path) else {
            printError("error: \(target): no such file; give the target description with --target (`mpass-harness init` writes one)")
            throw ToolExit.noInput
        }
        let description: TargetDescription
        do {
            description = try TargetDescription.load(contentsOf: file)
        } catch {
            printError("error: \(error)")
            throw ToolExit.dataError
        }
        var report: RunReport?
        if let liveReport {
            let data = try readInputFile(liveReport)
            do {
                report = try JSONDecoder().decode(RunReport.self, from: data)
            } catch {
                printError("error: \(liveReport) is not a report.json written by `mpass-harness live` (\(error))")
                throw ToolExit.dataError
            }
        }
        let cache = IdPCache(directory: URL(fileURLWithPath: idpCache))
        let cached = cache.exists ? try? cache.load(now: checkTime).entry : nil
        let preflight = Preflight(input: PreflightInput(target: description, file: target), now: checkTime,
                                  prober: offline ? nil : HTTPEndpointProber(), idpCache: cached, liveReport: report)
        let result = await preflight.run()
        switch format {
        case .text:
            print(result.text(), terminator: "")
        case .json:
            FileHandle.standardOutput.write(try result.json())
        }
        if result.hasFailures { throw ToolExit.finding }
    }
}
