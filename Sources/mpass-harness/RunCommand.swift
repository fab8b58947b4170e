import ArgumentParser
import CaseCatalogue
import Conformance
import Evidence
import Foundation
import HarnessModel
import ReferenceService
import Vocabulary

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a plan of cases (chapter 9 by default, or the full catalogue) against a Service, the harness playing MPass and the browser.",
        discussion: """
            With no --target, starts the embedded reference Service on a free loopback port and runs
            against it. With --target, runs against the Service the file describes; that Service must
            trust the simulator's certificate (`mpass-harness simulator metadata`) and send its users to
            the simulator's SSO URL (default https://mpass.sim.test/login/saml, answered in process).
            Writes report.json, junit.xml, report.html and summary.md to --out
            (default mpass-reports/<time>/), and every exchange as HAR in evidence/run.har (redacted;
            `mpass-harness replay` judges it again). Exit 0 when every required case passes, 1 otherwise.
            """)

    @Option(help: ArgumentHelp("The Service under test, described in YAML (`mpass-harness init` writes one).", valueName: "file"))
    var target: String?

    @Option(help: ArgumentHelp("Folder for the reports (default: mpass-reports/<UTC time>).", valueName: "dir"))
    var out: String?

    @OptionGroup var simulatorIdentity: SimulatorIdentityOptions

    @Option(help: "With the embedded reference Service only: switch on a weakness (repeatable), to see the harness catch it.")
    var weakness: [ServiceWeakness] = []

    @Flag(name: .customLong("keep-cookies"), help: "Keep cookie values in the HAR evidence (hashed by default).")
    var keepCookies = false

    @OptionGroup var bundleOptions: BundleOptions

    @Option(help: ArgumentHelp("The plan: chapter9 (the guide's 12 cases), full (the whole catalogue), or a plan file (YAML, or one case id per line).",
                               valueName: "name|file"))
    var plan: String = "chapter9"

    @Option(help: ArgumentHelp("Who plays the person's browser: in-process (the harness's agent) or chromium (headless Chromium; screenshots per case).",
                               valueName: "in-process|chromium"))
    var browser: BrowserKind = .inProcess

    @Option(name: .customLong("case"), parsing: .upToNextOption,
            help: ArgumentHelp("Run only these cases of the catalogue (ids as `mpass-harness cases` lists them).", valueName: "id"))
    var onlyCases: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Leave these cases out.", valueName: "id"))
    var skip: [String] = []

    func validate() throws {
        if target != nil && !weakness.isEmpty {
            throw ValidationError("--weakness applies to the embedded reference Service only; drop it, or drop --target")
        }
        if target == nil && (simulatorIdentity.identityCertificate != nil || simulatorIdentity.identityKey != nil) {
            throw ValidationError("--identity-cert and --identity-key sign as the simulator for a Service given with --target; the embedded reference Service trusts only its own simulator. Add --target, or drop them")
        }
        try refuseNonFolder(out, option: "--out")
        _ = try resolvedPlan()
    }

    /// The plan named by --plan, narrowed by --case and --skip; an unknown id is a usage error.
    func resolvedPlan() throws -> TestPlan {
        do {
            var resolved = try TestPlan.resolve(plan).selecting(onlyCases).skipping(skip)
            guard !resolved.cases.isEmpty else {
                throw ValidationError("the plan has no case left to run; check --case and --skip")
            }
            // A narrowed plan is not the plan it started from: reports and bundles say so,
            // and `report verify` holds a bundle to the cases it names.
            if !onlyCases.isEmpty || !skip.isEmpty { resolved.name += "-partial" }
            return resolved
        } catch let error as HarnessError {
            // The plan's refusal is a usage error: its reason, as ArgumentParser shows one.
            throw ValidationError(error.reason)
        }
    }

    func run() async throws {
        let started = Date()
        // Before anything runs: a wrong password must not cost a whole run.
        let signingIdentity = try bundleOptions.loadIdentity()
        var request = PlanRun.Request(plan: try resolvedPlan(), target: target.map { .file($0) } ?? .embedded(weaknesses: Set(weakness)),
                                      out: out, redaction: RedactionPolicy(cookies: keepCookies ? .keep : .hash,
                                                                           literalSecrets: [bundleOptions.effectivePassword].compactMap { $0 }),
                                      started: started)
        request.bundle = bundleOptions.request(identity: signingIdentity, evidence: [:])
        request.browser = browser
        let written: PlanRun.Written
        do {
            written = try await PlanRun.performAndWrite(request, simulatorIdentity: { try simulatorIdentity.load() },
                                                        progress: ProgressLine().show)
        } catch let failure as RunFailure {
            printError("error: \(failure)")
            throw Self.exitCode(for: failure)
        }
        let results = written.run.report.cases
        print(ResultTable.render(results))
        let unexpected = results.filter { $0.expectedFailure?.outcome == .passedUnexpectedly }.map(\.id)
        if !unexpected.isEmpty {
            print("expected to fail but passed (update the plan): \(unexpected.joined(separator: ", "))")
        }
        print("reports: \(written.directory.path)/{report.html, report.json, junit.xml, summary.md, evidence/run.har\(written.run.screenshots.isEmpty ? "" : ", screenshots/")}")
        if let bundle = bundleOptions.bundle { print("bundle: \(bundle) (check it with `mpass-harness report verify \(bundle)`)") }
        if written.run.report.verdict != .pass { throw ToolExit.finding }
    }

    static func exitCode(for failure: RunFailure) -> ExitCode {
        switch failure {
        case .embeddedServiceDidNotStart, .evidence: ToolExit.internalFailure
        case .target: ToolExit.dataError
        case .targetNotForSimulator: ToolExit.usage
        case .simulator(let error): ToolExit.code(for: error)
        case .reportFolder: ToolExit.cannotCreate
        case .browser(let error): error.code == .browserMissing ? ToolExit.unavailable : ToolExit.internalFailure
        case .artefacts(let error): error.code == .reportsWriteFailed ? ToolExit.internalFailure : ToolExit.dataError
        }
    }
}

extension BrowserKind: ExpressibleByArgument {}

/// The live progress line on stderr.
struct ProgressLine: Sendable {
    func show(_ event: ConformanceRunner.ProgressEvent) {
        switch event {
        case .started(let index, let total, let testCase):
            FileHandle.standardError.write(Data("\r[\(index + 1)/\(total)] \(testCase.id) \(testCase.title)…\u{1B}[K".utf8))
        case .finished(let index, let total, let result):
            FileHandle.standardError.write(Data("\r[\(index + 1)/\(total)] \(result.id) \(result.verdict.label)\u{1B}[K\(index + 1 == total ? "\n" : "")".utf8))
        }
    }
}
