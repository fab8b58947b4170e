import ArgumentParser
import BrowserAgent
import Conformance
import Evidence
import Foundation
import MPassSAML
import MPassSimulator
import ReferenceService
import Replay
import Synchronization

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
        // The report folder is taken before any case runs, so a second run cannot end by
        // losing its results to a folder the first one made.
        let directory: URL
        do {
            directory = try reserveReportFolder(started: started)
        } catch {
            await setup.stop()
            throw error
        }
        let exchangeLog = ExchangeLog()
        let runner = ConformanceRunner(service: setup.service, simulator: setup.simulator,
                                       browserConfiguration: setup.browserConfiguration, exchangeLog: exchangeLog)
        let progress = ProgressLine()
        let testPlan = try resolvedPlan()
        // Where each case's exchanges start, so the HAR can say which case each belongs to.
        let caseStarts = CaseStarts()
        let results = testPlan.applyExpectations(to: await runner.run(testPlan.cases) { event in
            if case .started(_, _, let testCase) = event { caseStarts.append(testCase.id, exchangeLog.count) }
            progress.show(event)
        })
        await setup.stop()

        let report = RunReport(
            tool: RunReport.Tool(version: HarnessVersion.current), startedAt: started, finishedAt: Date(),
            target: RunReport.Target(name: setup.service.name, baseURL: setup.service.baseURL.absoluteString, issuer: setup.service.issuer),
            idp: RunReport.IdentityProvider(kind: .simulator, baseURL: setup.simulator.configuration.baseURL.absoluteString,
                                            issuer: setup.simulator.configuration.issuer),
            plan: testPlan.name, cases: results)
        let har: Data
        do {
            _ = try ReportWriter.write(report, to: directory)
            let context = RunEvidence.context(service: setup.service, simulator: setup.simulator.configuration, plan: testPlan)
            let redaction = RedactionPolicy(cookies: keepCookies ? .keep : .hash,
                                            literalSecrets: [bundleOptions.effectivePassword].compactMap { $0 })
            har = try RunEvidence.har(exchangeLog, caseIDs: RunEvidence.caseIDs(starts: caseStarts.values, exchangeCount: exchangeLog.count),
                                      context: context, redaction: redaction)
            let evidence = directory.appendingPathComponent(RunEvidence.directoryName)
            try FileManager.default.createDirectory(at: evidence, withIntermediateDirectories: true)
            try har.write(to: evidence.appendingPathComponent(RunEvidence.fileName), options: .atomic)
        } catch {
            printError("error: the reports could not be written: \(error)")
            throw ToolExit.internalFailure
        }
        if let signingIdentity, let bundle = bundleOptions.bundle {
            do {
                try ComplianceBundle.write(report: report, evidence: [RunEvidence.fileName: har], identity: signingIdentity,
                                           createdAt: Date(), to: URL(fileURLWithPath: bundle))
            } catch {
                printError("error: the bundle could not be written: \(error)")
                throw ToolExit.dataError
            }
        }
        print(ResultTable.render(results))
        let unexpected = results.filter { $0.expectedFailure?.outcome == .passedUnexpectedly }.map(\.id)
        if !unexpected.isEmpty {
            print("expected to fail but passed (update the plan): \(unexpected.joined(separator: ", "))")
        }
        print("reports: \(directory.path)/{report.html, report.json, junit.xml, summary.md, evidence/run.har}")
        if let bundle = bundleOptions.bundle { print("bundle: \(bundle) (check it with `mpass-harness report verify \(bundle)`)") }
        if report.verdict != .pass { throw ToolExit.finding }
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

    /// --out when given (missing or empty), else a new folder under mpass-reports named after
    /// the start time; a run started in the same second gets `-2`, `-3`… (made with mkdir(2),
    /// which only one process can win).
    func reserveReportFolder(started: Date) throws -> URL {
        if let out {
            let directory = URL(fileURLWithPath: out)
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            guard contents.isEmpty else {
                printError("error: \(out) already holds \(contents.count) file(s) (\(contents.sorted().prefix(4).joined(separator: ", "))); choose a new folder for --out, or leave it out for a new one under mpass-reports")
                throw ToolExit.cannotCreate
            }
            return directory
        }
        let parent = URL(fileURLWithPath: "mpass-reports")
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            printError("error: the report folder \(parent.path) cannot be made: \(error.localizedDescription); choose one with --out")
            throw ToolExit.cannotCreate
        }
        let stamp = Self.folderName(started)
        for attempt in 1...1000 {
            let directory = parent.appendingPathComponent(attempt == 1 ? stamp : "\(stamp)-\(attempt)")
            if mkdir(directory.path, 0o755) == 0 { return directory }
            guard errno == EEXIST else {
                printError("error: the report folder \(directory.path) cannot be made: \(String(cString: strerror(errno))); choose one with --out")
                throw ToolExit.cannotCreate
            }
        }
        printError("error: a thousand runs already started at \(stamp) in \(parent.path); choose a folder with --out")
        throw ToolExit.cannotCreate
    }

    static func folderName(_ date: Date) -> String {
        SAMLTime.format(date).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
    }
}

/// The exchange count at the start of each case, written from the runner's progress callback.
final class CaseStarts: Sendable {
    private let starts = Mutex<[(caseID: String, firstSequence: Int)]>([])

    func append(_ caseID: String, _ firstSequence: Int) {
        starts.withLock { $0.append((caseID, firstSequence)) }
    }

    var values: [(caseID: String, firstSequence: Int)] {
        starts.withLock { $0 }
    }
}

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

/// The final table: one line per case, and the reason under each case that did not pass.
enum ResultTable {
    static func render(_ results: [CaseResult]) -> String {
        let idWidth = max(10, results.map(\.id.count).max() ?? 10)
        var lines = ["\("CASE".padding(toLength: idWidth, withPad: " ", startingAt: 0))  VERDICT     TITLE"]
        for result in results {
            let id = result.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            // XFAIL: failed, as the plan expected; XPASS: the plan expected a failure.
            let label = result.isExpectedFailure ? "XFAIL" : result.expectedFailure != nil ? "XPASS" : result.verdict.label
            let verdict = label.padding(toLength: 10, withPad: " ", startingAt: 0)
            lines.append("\(id)  \(verdict)  \(result.title)")
            if result.verdict != .pass { lines.append(String(repeating: " ", count: idWidth + 14) + result.reason) }
            if let expected = result.expectedFailure { lines.append(String(repeating: " ", count: idWidth + 14) + "known gap: \(expected.reason)") }
        }
        let summary = RunSummary(cases: results)
        var counts = ["\(summary.passed) of \(summary.total) cases passed"]
        for (count, words) in [(summary.failed, "failed"), (summary.notJudged, "not judged (positive control failed)"),
                               (summary.review, "to review"), (summary.errored, "could not run")] where count > 0 {
            counts.append("\(count) \(words)")
        }
        lines.append(counts.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}

/// The tool's version, written into reports.
enum HarnessVersion {
    static let current = "0.1.0"
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented target description (service.yaml) to fill in for your Service.")

    @Argument(help: "The file to write.")
    var file: String = "service.yaml"

    @Flag(help: "Overwrite an existing file.")
    var force = false

    func run() throws {
        if FileManager.default.fileExists(atPath: file) && !force {
            printError("error: \(file) exists; pass --force to overwrite it, or give another file name")
            throw ToolExit.usage
        }
        do {
            // Filled in for `service serve` as it starts with no options, so the file runs as written.
            let values = TargetTemplate.Values(certificate: ".mpass-harness/service/service.cert.pem")
            try Data(TargetTemplate.commented(values).utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            printError("error: cannot write \(file): \(error.localizedDescription)")
            throw ToolExit.internalFailure
        }
        print("wrote \(file): fill in your Service's URLs, issuer and certificate, then `mpass-harness run --target \(file)`")
    }
}
