import BrowserAgent
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator
import ReferenceService

/// What a plan runs against, ready to go: the Service, the in-process simulator that plays
/// MPass for it, and the browser's settings. Without a target file, the embedded reference
/// Service on a free loopback port (`EmbeddedRun`); with one, the Service it describes,
/// which must trust the simulator (`idp.kind: simulator`).
public struct RunSetup: Sendable {
    /// Which Service a run is against.
    public enum Target: Sendable, Equatable {
        /// The embedded reference Service, with these weaknesses switched on.
        case embedded(weaknesses: Set<ServiceWeakness> = [])
        /// The Service a target file describes (YAML, as `mpass-harness init` writes it).
        case file(String)
    }

    public let service: ServiceUnderTest
    public let simulator: MPassSimulator
    public let browserConfiguration: BrowserConfiguration
    private let stopService: @Sendable () async -> Void

    public init(service: ServiceUnderTest, simulator: MPassSimulator, browserConfiguration: BrowserConfiguration = BrowserConfiguration(),
                stop: @escaping @Sendable () async -> Void = {}) {
        self.service = service
        self.simulator = simulator
        self.browserConfiguration = browserConfiguration
        self.stopService = stop
    }

    /// Stops what `prepare` started (the embedded Service); nothing for a target.
    public func stop() async { await stopService() }

    /// - Parameter simulatorIdentity: the key the simulator signs with for a target's Service
    ///   (the one it was told to trust); asked for only after the target file is read, and
    ///   never for the embedded Service, which trusts a key made for the run. Its errors are
    ///   passed on as they are.
    /// - Throws: `RunFailure` (`embeddedServiceDidNotStart`, `target`, `targetNotForSimulator`,
    ///   `simulator`), or what `simulatorIdentity` throws.
    public static func prepare(_ target: Target, simulatorIdentity: () throws -> SigningIdentity) async throws -> RunSetup {
        let path: String
        switch target {
        case .embedded(let weaknesses):
            let embedded: EmbeddedRun
            do {
                embedded = try await EmbeddedRun.start(weaknesses: weaknesses)
            } catch {
                throw RunFailure.embeddedServiceDidNotStart("\(error)")
            }
            return RunSetup(service: embedded.service, simulator: embedded.simulator, stop: { await embedded.stop() })
        case .file(let file):
            path = file
        }
        let description: TargetDescription
        let service: ServiceUnderTest
        do {
            description = try TargetDescription.load(contentsOf: URL(fileURLWithPath: path))
            service = try ServiceUnderTest(target: description)
        } catch {
            throw RunFailure.target(error)
        }
        guard description.idp.kind == .simulator else {
            throw RunFailure.targetNotForSimulator(path: path, kind: description.idp.kind.rawValue)
        }
        let identity = try simulatorIdentity()
        let configuration: SimulatorConfiguration
        do {
            configuration = try SimulatorConfiguration(baseURL: description.idp.simulatorBaseURL, issuer: description.idp.issuer,
                                                       identity: identity, services: [service.registration])
        } catch {
            throw RunFailure.simulator(error)
        }
        var browser = BrowserConfiguration()
        browser.requestTimeout = .milliseconds(Int64(description.timeouts.requestSeconds * 1000))
        return RunSetup(service: service, simulator: MPassSimulator(configuration: configuration), browserConfiguration: browser)
    }
}
