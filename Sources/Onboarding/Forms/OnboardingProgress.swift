import Foundation
import HarnessModel
import MPassSAML

/// Where the onboarding stands: the connection steps of the seed documents (MPass and
/// MNotify), each marked with what the harness can tell. Most steps happen between people
/// (forms, contracts, e-mail) and the tool says so rather than guess.
public struct OnboardingProgress: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// The harness saw the evidence (a passing live round trip, a pinned metadata fetch).
        case confirmed
        /// Everything the harness can check for this step passes.
        case ready
        /// Preflight found problems to fix first.
        case blocked
        /// Done between people; the harness cannot see it.
        case yours

        public var label: String {
            switch self {
            case .confirmed: "confirmed"
            case .ready: "ready"
            case .blocked: "blocked"
            case .yours: "yours"
            }
        }
    }

    public struct Step: Codable, Sendable, Equatable {
        public var number: Int
        public var title: String
        public var state: State
        public var note: String
    }

    public var mpass: [Step]
    public var mnotify: [Step]?

    /// - Parameters:
    ///   - idpCache: the cached staging metadata, when `idp fetch` ran.
    ///   - liveReport: a `live` report (report.json) against staging, when one was given.
    public init(items: [PreflightItem], hasMNotify: Bool, idpCache: IdPCache.Entry?, liveReport: RunReport?) {
        func state(_ sections: [PreflightItem.Section], subjectContains: String? = nil) -> (State, String) {
            let failed = items.filter { item in
                sections.contains(item.section) && item.status == .fail
                    && (subjectContains.map { item.subject.contains($0) } ?? true)
            }
            return failed.isEmpty ? (.ready, "preflight passes") : (.blocked, "\(failed.count) preflight failure\(failed.count == 1 ? "" : "s") to fix")
        }
        let certificate = state([.certificate, .environments])
        let details = state([.system, .urls, .attributes])
        let production = state([.urls, .certificate, .environments], subjectContains: "production")
        let functional = liveReport.map { report -> (State, String) in
            let cases = report.cases.filter { $0.id.hasPrefix("TC_FUNCT_") }
            let passed = cases.filter { $0.verdict == .pass }.count
            if report.idp.kind == .staging, passed == 5 {
                return (.confirmed, "TC_FUNCT_01–05 passed in the live run of \(SAMLTime.format(report.startedAt))")
            }
            return (.blocked, "\(passed) of 5 functional cases passed in the live run (\(report.idp.baseURL))")
        }
        let staging: (State, String)
        if let liveReport, liveReport.idp.kind == .staging,
           liveReport.cases.contains(where: { $0.id == "TC_FUNCT_01" && $0.verdict == .pass }) {
            staging = (.confirmed, "MPass staging accepted this Service's AuthnRequest and answered with a pinned signature (live run)")
        } else if let idpCache {
            staging = (.yours, "MPass staging's metadata was fetched and pinned on \(idpCache.fetchedAt); whether AGE registered your Service shows in `mpass-harness live`")
        } else {
            staging = (.yours, "run `mpass-harness idp fetch --env staging`, then `mpass-harness live` to confirm it")
        }
        func step(_ number: Int, _ title: String, _ value: (State, String)) -> Step {
            Step(number: number, title: title, state: value.0, note: value.1)
        }
        let people: (State, String) = (.yours, "between you and AGE (servicii@egov.md)")
        mpass = [
            step(1, "Complete the Unified Connection Form", people),
            step(2, "Sign the contract and/or the MPass annex", people),
            step(3, "Send the system certificate (.cer) or its serial number to AGE", certificate),
            step(4, "Provide the integration details (form)", details),
            step(5, "AGE configures access on staging (mpass.staging.egov.md)", staging),
            step(6, "Run the functional tests of chapter 9 on staging", functional ?? (.yours, "run `mpass-harness live`, then give its report.json to preflight with --live-report")),
            step(7, "AGE tests, validates and certifies technical compliance", people),
            step(8, "Confirm the production configuration to AGE", production),
            step(9, "AGE activates the service in production", (.yours, "the harness never calls production")),
            step(10, "Notification that the integration is complete", people),
        ]
        mnotify = hasMNotify ? [
            step(1, "Complete the Unified Connection Form", people),
            step(2, "Sign the contract and/or the MNotify annex", people),
            step(3, "Send the system certificate (.cer) or its serial number to AGE", certificate),
            step(4, "Fill in the MNotify integration data (form)", state([.system, .mnotify])),
            step(5, "AGE configures access on the testing environment", (.yours, "`mpass-harness mnotify check` shows whether MNotify staging accepts the certificate")),
            step(6, "Run the operational tests", people),
            step(7, "AGE activates the service in production", (.yours, "the harness never calls production")),
            step(8, "Notification that the integration is complete", people),
        ] : nil
    }
}
