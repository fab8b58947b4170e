import ArgumentParser
import Evidence
import Foundation
import HarnessModel
import Replay

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Judge recorded exchanges again, offline: HAR files (the harness's, Chrome's, Firefox's) and SAML-tracer exports.",
        discussion: """
            Finds every SAML message in the recordings, verifies each against the right certificate
            (MPass's for what MPass sent, the Service's for what the Service sent) with the clock frozen
            at the time the recording shows, rebuilds the logins and logouts, and judges the chapter-9
            cases the evidence can decide. A HAR written by `run` carries its own context; for a browser
            recording give --target (the Service's URLs and how "logged in" looks), --sp-cert and
            --idp-cert. Writes report.json, junit.xml, report.html and summary.md to --out; the same
            recordings always give the same report.json. Exit 0 when every required case passes, 1
            otherwise, 65 when the files are not recordings or hold no SAML message, 66 when one is missing.
            """)

    @Argument(help: ArgumentHelp("Recording files, or folders of .har/.json recordings.", valueName: "file|dir"))
    var paths: [String] = []

    @Option(name: .customLong("idp-cert"), help: ArgumentHelp("MPass's signing certificate (repeatable); overrides what a recording carries.", valueName: "path"))
    var idpCertificates: [String] = []

    @Option(name: .customLong("sp-cert"), help: ArgumentHelp("The Service's registered certificate (repeatable).", valueName: "path"))
    var spCertificates: [String] = []

    @Option(name: .customLong("idp-base-url"), help: ArgumentHelp("MPass's base URL: messages sent under it went to MPass (default: the recording's, else staging).", valueName: "url"))
    var idpBaseURL: String?

    @Option(help: ArgumentHelp("The Service described in YAML (`mpass-harness init`): URLs, Issuer, certificate, logged_in.", valueName: "file"))
    var target: String?

    @Option(help: ArgumentHelp("Folder for the reports (default: mpass-reports/replay; the files in it are replaced).", valueName: "dir"))
    var out: String?

    @Flag(help: "Verify one message after another instead of on every core.")
    var sequential = false

    @Flag(name: .customLong("strict-idp-algorithm"), help: "Fail MPass's messages signed with RSA-SHA1 or SHA-1 digests; by default they pass, from the pinned certificate only, with a WARN check.")
    var strictIdPAlgorithm = false

    @OptionGroup var bundleOptions: BundleOptions

    func validate() throws {
        if paths.isEmpty {
            throw ValidationError("give at least one recording file or folder (a HAR from `run`, a browser's HAR export, or a SAML-tracer export)")
        }
        try refuseNonFolder(out, option: "--out")
    }

    func run() throws {
        let identity = try bundleOptions.loadIdentity()
        var request = ReplayRun.Request(paths: paths, out: URL(fileURLWithPath: out ?? "mpass-reports/replay"))
        request.identityProviderCertificatePaths = idpCertificates
        request.serviceCertificatePaths = spCertificates
        request.identityProviderBaseURL = idpBaseURL
        request.targetPath = target
        request.strictIdentityProviderAlgorithm = strictIdPAlgorithm
        request.parallel = !sequential
        request.bundle = bundleOptions.request(identity: identity, evidence: [:])
        let written: ReplayRun.Written
        do {
            written = try ReplayRun.performAndWrite(request) { printError("note: \($0)") }
        } catch {
            printError("error: \(error)")
            throw Self.exitCode(for: error)
        }
        print(ResultTable.render(written.report.cases))
        print("replayed \(written.messageCount) SAML messages from \(written.recordingCount) recording(s)")
        print("reports: \(written.directory.path)/{report.html, report.json, junit.xml, summary.md}")
        if let bundle = bundleOptions.bundle { print("bundle: \(bundle) (check it with `mpass-harness report verify \(bundle)`)") }
        if written.report.verdict != .pass { throw ToolExit.finding }
    }

    /// 66 for a file that is not there, 70 when the reports cannot be written, 65 for the rest.
    static func exitCode(for failure: ReplayFailure) -> ExitCode {
        switch failure {
        case .certificate(let error): ToolExit.code(for: error)
        case .targetMissing: ToolExit.noInput
        case .target, .bundleEvidence, .nothingJudged: ToolExit.dataError
        case .recordings(let error):
            error.code == .recordingUnreadable || error.code == .recordingNoFiles ? ToolExit.noInput : ToolExit.dataError
        case .replay(let error): error.code == .replayCertificateUnreadable ? ToolExit.noInput : ToolExit.dataError
        case .artefacts(let error): error.code == .reportsWriteFailed ? ToolExit.internalFailure : ToolExit.dataError
        }
    }
}
