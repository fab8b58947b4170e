import Foundation
import Logging
import MPassSAML
import MPassSimulator
import ReferenceService

/// The first-minute set-up of `mpass-harness run` with no target: the reference Service on
/// a free loopback port, trusting an in-process simulated MPass. Also what the mutation
/// tests use, with weaknesses switched on.
public struct EmbeddedRun: Sendable {
    public let service: ServiceUnderTest
    public let simulator: MPassSimulator
    public let running: RunningReferenceService

    /// The in-process simulator's base URL: never resolved, the browser agent intercepts it.
    public static let simulatorBaseURL = URL(string: "https://mpass.sim.test")!

    /// - Parameter simulatorBaseURL: where MPass answers, in-process; a test may put it on the
    ///   Service's own host (another port), as `simulator serve` next to a Service does.
    public static func start(weaknesses: Set<ServiceWeakness> = [], simulatorIdentity: SigningIdentity? = nil,
                             serviceIdentity: SigningIdentity? = nil,
                             simulatorBaseURL: URL = EmbeddedRun.simulatorBaseURL,
                             requestBinding: HTTPBinding = .post, logoutBinding: HTTPBinding = .post) async throws -> EmbeddedRun {
        let idpIdentity = try simulatorIdentity ?? TestCredentialFactory.make(.init(commonName: "mpass-harness simulated MPass IdP"))
        let spIdentity = try serviceIdentity ?? TestCredentialFactory.make(.init(commonName: "mpass-harness reference Service"))
        let issuer = "https://reference-service.mpass-harness.test"
        let probe = try SimulatorConfiguration(baseURL: simulatorBaseURL, identity: idpIdentity, services: [])
        var configuration = ReferenceServiceConfiguration(
            issuer: issuer, identity: spIdentity, idpIssuer: probe.issuer, idpCertificates: [idpIdentity.certificate],
            idpSSOURL: probe.singleSignOnURL, idpSLOURL: probe.singleLogoutURL, idpOrigin: simulatorBaseURL.absoluteString,
            weaknesses: weaknesses)
        configuration.requestBinding = requestBinding
        let running = try await ReferenceService.serve(configuration: configuration, logger: quietLogger)
        let base = URL(string: running.baseURL)!
        var service = ServiceUnderTest(
            name: weaknesses.isEmpty ? "embedded reference Service"
                : "embedded reference Service (weaknesses: \(weaknesses.map(\.rawValue).sorted().joined(separator: ", ")))",
            baseURL: base, loginURL: base.appendingPathComponent("login"), logoutURL: base.appendingPathComponent("logout"),
            acsURL: running.core.acsURL, singleLogoutURL: running.core.singleLogoutURL,
            logoutResponseURL: running.core.logoutResponseURL, protectedURL: base.appendingPathComponent("protected"),
            loggedInMarker: "Logged in as", errorMarkers: [], issuer: issuer, certificates: [spIdentity.certificate])
        service.logoutBinding = logoutBinding
        let simulator = MPassSimulator(configuration: try SimulatorConfiguration(
            baseURL: simulatorBaseURL, identity: idpIdentity, services: [service.registration]))
        return EmbeddedRun(service: service, simulator: simulator, running: running)
    }

    /// The embedded Service's own log stays quiet: the run's output is the harness's.
    private static var quietLogger: Logger {
        var logger = Logger(label: "mpass-reference-service")
        logger.logLevel = .warning
        return logger
    }

    public func stop() async {
        try? await running.shutdown()
    }
}
