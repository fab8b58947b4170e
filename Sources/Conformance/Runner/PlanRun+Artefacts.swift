import CaseCatalogue
import Evidence
import Foundation
import HarnessModel
import MPassSAML

extension PlanRun {
    /// What `run` asks for: the plan, the Service, where the artefacts go, how the evidence
    /// is redacted and whether a signed bundle is written too.
    public struct Request: Sendable {
        public var plan: TestPlan
        public var target: RunSetup.Target
        /// The report folder (new or empty); nil makes a new one under `reportParent`.
        public var out: String?
        public var reportParent = URL(fileURLWithPath: "mpass-reports")
        public var redaction: RedactionPolicy
        /// The bundle to sign as well; its evidence is the run's HAR, filled in here.
        public var bundle: RunArtefacts.BundleRequest?
        public var started: Date
        /// Who plays the person's browser (`run --browser`).
        public var browser: BrowserKind = .inProcess

        public init(plan: TestPlan, target: RunSetup.Target, out: String? = nil, redaction: RedactionPolicy = .default,
                    bundle: RunArtefacts.BundleRequest? = nil, started: Date = Date()) {
            self.plan = plan
            self.target = target
            self.out = out
            self.redaction = redaction
            self.bundle = bundle
            self.started = started
        }
    }

    /// A finished run and the folder its artefacts are in.
    public struct Written: Sendable {
        public let run: PlanRun
        public let directory: URL
    }

    /// The whole of `run`: prepares the Service (`RunSetup.prepare`), takes the report folder
    /// before any case runs (`RunArtefacts.reserveFolder`), runs the plan, stops the Service,
    /// and writes the reports, `evidence/run.har` and the bundle (`RunArtefacts.write`).
    ///
    /// - Throws: `RunFailure` naming the stage that failed (the Service is stopped first), or
    ///   what `simulatorIdentity` throws.
    public static func performAndWrite(_ request: Request, simulatorIdentity: () throws -> SigningIdentity,
                                       progress: @Sendable (ConformanceRunner.ProgressEvent) -> Void = { _ in }) async throws -> Written {
        let setup = try await RunSetup.prepare(request.target, simulatorIdentity: simulatorIdentity)
        let directory: URL
        let run: PlanRun
        do {
            do {
                directory = try RunArtefacts.reserveFolder(out: request.out, started: request.started, parent: request.reportParent)
            } catch {
                throw RunFailure.reportFolder(error)
            }
            do {
                run = try await perform(request.plan, service: setup.service, simulator: setup.simulator,
                                        browserConfiguration: setup.browserConfiguration, browser: request.browser,
                                        redaction: request.redaction, started: request.started, progress: progress)
            } catch where error.code == .browserMissing || error.code == .browserFailed {
                throw RunFailure.browser(error)
            } catch {
                throw RunFailure.evidence(error)
            }
        } catch {
            await setup.stop()
            throw error
        }
        await setup.stop()
        var bundle = request.bundle
        bundle?.evidence = [RunEvidence.fileName: run.har]
        do {
            try RunArtefacts.write(run.report, to: directory, files: ["\(RunEvidence.directoryName)/\(RunEvidence.fileName)": run.har],
                                   screenshots: run.screenshots, bundle: bundle)
        } catch {
            throw RunFailure.artefacts(error)
        }
        return Written(run: run, directory: directory)
    }
}
