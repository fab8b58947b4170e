import ArgumentParser
import Evidence
import Foundation
import HarnessModel
import MPassSAML
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
        var overrides = ReplayOverrides(identityProviderBaseURL: idpBaseURL)
        overrides.strictIdentityProviderAlgorithm = strictIdPAlgorithm
        if !idpCertificates.isEmpty { overrides.identityProviderCertificates = try idpCertificates.flatMap(Self.certificates) }
        if !spCertificates.isEmpty { overrides.serviceCertificates = try spCertificates.flatMap(Self.certificates) }
        if let target {
            guard FileManager.default.fileExists(atPath: target) else {
                printError("error: \(target): no such file; check the path")
                throw ToolExit.noInput
            }
            do {
                overrides.target = try TargetDescription.load(contentsOf: URL(fileURLWithPath: target))
            } catch {
                printError("error: \(error)")
                throw ToolExit.dataError
            }
        }

        let recordings = try Self.readRecordings(paths)
        let engine = ReplayEngine(overrides: overrides, parallel: !sequential)
        let outcome: ReplayEngine.Outcome
        do {
            outcome = try engine.replay(recordings)
        } catch {
            printError(error)
            throw error.code == .replayCertificateUnreadable ? ToolExit.noInput : ToolExit.dataError
        }
        for note in outcome.notes { printError("note: \(note)") }

        let directory = URL(fileURLWithPath: out ?? "mpass-reports/replay")
        // "0 of 0 cases passed" is not a pass: nothing was judged, so the reports say why and no bundle is signed.
        let judged = !outcome.report.cases.isEmpty
        var bundle: RunArtefacts.BundleRequest?
        // The recordings as the bundle would carry them: report.html draws each case's
        // diagram from them, with or without a bundle.
        var evidence: [String: Data] = [:]
        if judged {
            do {
                evidence = try ComplianceBundle.evidence(for: recordings, overrides: overrides)
            } catch where bundleOptions.bundle != nil {
                printError("error: the bundle could not be written: \(error)")
                throw ToolExit.dataError
            } catch {
                printError("note: report.html draws no sequence diagram: the recordings could not be prepared for it: \(error)")
            }
            if bundleOptions.bundle != nil { bundle = bundleOptions.request(identity: identity, evidence: evidence) }
        }
        do {
            try RunArtefacts.write(outcome.report, to: directory, overwrite: true, bundle: bundle, drawnFrom: evidence)
        } catch {
            printError(error)
            throw error.code == .reportsWriteFailed ? ToolExit.internalFailure : ToolExit.dataError
        }
        guard judged else {
            printError("error: no case could be judged from \(recordings.count) recording(s) (\(outcome.messageCount) SAML message(s) verified); every message was refused or none belongs to a login or logout. The notes above and \(directory.path)/report.json say why; no bundle is written")
            throw ToolExit.dataError
        }
        print(ResultTable.render(outcome.report.cases))
        print("replayed \(outcome.messageCount) SAML messages from \(recordings.count) recording(s)")
        print("reports: \(directory.path)/{report.html, report.json, junit.xml, summary.md}")
        if let bundle = bundleOptions.bundle { print("bundle: \(bundle) (check it with `mpass-harness report verify \(bundle)`)") }
        if outcome.report.verdict != .pass { throw ToolExit.finding }
    }

    static func certificates(_ path: String) throws -> [Certificate] {
        try reportingErrors { try CredentialLoader.loadCertificates(path: path) }
    }

    /// Reads every recording; a missing file is 66, anything unreadable as a recording 65.
    static func readRecordings(_ paths: [String]) throws -> [Recording] {
        do {
            return try RecordingReader.read(paths: paths)
        } catch {
            printError("error: \(error.reason)")
            switch error.code {
            case .recordingUnreadable, .recordingNoFiles: throw ToolExit.noInput
            default: throw ToolExit.dataError
            }
        }
    }
}
