import CaseCatalogue
import Evidence
import Foundation
import HarnessModel
import MPassSimulator

extension RunEvidence {
    /// What a run was about, written into its HAR (`_mpassHarness`): the plan, the Service
    /// under test and the simulator, so the file replays on its own.
    public static func context(service: ServiceUnderTest, simulator: SimulatorConfiguration, plan: TestPlan) -> RecordedRunContext {
        RecordedRunContext(
            plan: plan.name, planCases: plan.cases.map(\.id),
            expectedFailures: plan.expectedFailures.isEmpty ? nil : plan.expectedFailures,
            service: .init(name: service.name, baseURL: service.baseURL.absoluteString, issuer: service.issuer,
                           acsURL: service.acsURL, singleLogoutURL: service.singleLogoutURL,
                           logoutResponseURL: service.logoutResponseURL, protectedURL: service.protectedURL.absoluteString,
                           loggedInMarker: service.loggedInMarker, loggedInStatus: service.loggedInStatus,
                           errorMarkers: service.errorMarkers, certificates: service.certificates.map(\.base64)),
            identityProvider: .init(kind: IdentityProviderKind.simulator.rawValue, baseURL: simulator.baseURL.absoluteString,
                                    issuer: simulator.issuer, singleSignOnURL: simulator.singleSignOnURL,
                                    singleLogoutURL: simulator.singleLogoutURL,
                                    certificates: [simulator.identity.certificate.base64]))
    }
}
