import ArgumentParser
import BrowserAgent
import CaseCatalogue
import Conformance
import Evidence
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator
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
        } catch let error as PlanError {
            throw ValidationError(error.reason)
        }
    }

    func run() async throws {
        let started = Date()
        // Before anything runs: a wrong password must not cost a whole run.
        let signingIdentity = try bundleOptions.loadIdentity()
        let setup = try await prepare()
        let directory: URL
        do {
            directory = try RunArtefacts.reserveFolder(out: out, started: started)
        } catch {
            await setup.stop()
            printError("error: \(error.reason)")
            throw ToolExit.cannotCreate
        }
        let progress = ProgressLine()
        let redaction = RedactionPolicy(cookies: keepCookies ? .keep : .hash,
                                        literalSecrets: [bundleOptions.effectivePassword].compactMap { $0 })
        let run: PlanRun
        do {
            run = try await PlanRun.perform(try resolvedPlan(), service: setup.service, simulator: setup.simulator,
                                            browserConfiguration: setup.browserConfiguration, browser: browser, redaction: redaction,
                                            started: started, progress: progress.show)
        } catch let error as HarnessError where error.code == .browserMissing || error.code == .browserFailed {
            await setup.stop()
            printError("error: \(error.reason)")
            throw error.code == .browserMissing ? ToolExit.unavailable : ToolExit.internalFailure
        } catch {
            await setup.stop()
            printError("error: the run's evidence could not be encoded: \(error)")
            throw ToolExit.internalFailure
        }
        await setup.stop()
        let bundle = bundleOptions.request(identity: signingIdentity, evidence: [RunEvidence.fileName: run.har])
        do {
            // The screenshots go in as run-folder files until RunArtefacts.write takes them itself.
            try RunArtefacts.write(run.report, to: directory, files: run.screenshots.merging(
                ["\(RunEvidence.directoryName)/\(RunEvidence.fileName)": run.har]) { $1 }, bundle: bundle)
        } catch {
            printError("error: \(error.reason)")
            throw error.code == .reportsWriteFailed ? ToolExit.internalFailure : ToolExit.dataError
        }
        let results = run.report.cases
        print(ResultTable.render(results))
        let unexpected = results.filter { $0.expectedFailure?.outcome == .passedUnexpectedly }.map(\.id)
        if !unexpected.isEmpty {
            print("expected to fail but passed (update the plan): \(unexpected.joined(separator: ", "))")
        }
        print("reports: \(directory.path)/{report.html, report.json, junit.xml, summary.md, evidence/run.har\(run.screenshots.isEmpty ? "" : ", screenshots/")}")
        if let bundle = bundleOptions.bundle { print("bundle: \(bundle) (check it with `mpass-harness report verify \(bundle)`)") }
        if run.report.verdict != .pass { throw ToolExit.finding }
    }

    struct Setup {
        let service: ServiceUnderTest
        let simulator: MPassSimulator
        let browserConfiguration: BrowserConfiguration
        let stop: @Sendable () async -> Void
    }

    private func prepare() async throws -> Setup {
        guard let target else {
            let embedded: EmbeddedRun
            do {
                embedded = try await EmbeddedRun.start(weaknesses: Set(weakness))
            } catch {
                printError("error: the embedded reference Service could not start: \(error)")
                throw ToolExit.internalFailure
            }
            return Setup(service: embedded.service, simulator: embedded.simulator, browserConfiguration: BrowserConfiguration(),
                         stop: { await embedded.stop() })
        }
        let description: TargetDescription
        let service: ServiceUnderTest
        do {
            description = try TargetDescription.load(contentsOf: URL(fileURLWithPath: target))
            service = try ServiceUnderTest(target: description)
        } catch {
            printError("error: \(error)")
            throw ToolExit.dataError
        }
        guard description.idp.kind == .simulator else {
            printError("error: \(target): idp.kind is \(description.idp.kind.rawValue); `run` plays MPass itself. Use idp.kind: simulator, or `mpass-harness live` for the real staging MPass")
            throw ToolExit.usage
        }
        let identity = try simulatorIdentity.load()
        let configuration = try reportingErrors {
            try SimulatorConfiguration(baseURL: description.idp.simulatorBaseURL, issuer: description.idp.issuer, identity: identity,
                                       services: [service.registration])
        }
        var browser = BrowserConfiguration()
        browser.requestTimeout = .milliseconds(Int64(description.timeouts.requestSeconds * 1000))
        return Setup(service: service, simulator: MPassSimulator(configuration: configuration), browserConfiguration: browser,
                     stop: {})
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
