import Foundation
import HostGuard
import MPassSAML

/// AGE's production hosts, which nothing in the harness ever calls, and MNotify's staging.
public enum GovernmentEndpoints {
    /// MNotify's staging API (`mpass-saml.md`, onboarding).
    public static let mnotifyStaging = URL(string: "https://mnotify.staging.egov.md:8443/api/")!
    /// MNotify production: known only so that it can be refused.
    public static let mnotifyProductionHost = "mnotify.gov.md"

    /// True when `url` is MPass production or MNotify production (a host or a subdomain),
    /// however spelt (`ProductionGuard`).
    public static func isProduction(_ url: String) -> Bool { ProductionGuard.isProduction(url) }

    /// The refusal, worded for a person; nil when `url` may be contacted. A host that cannot
    /// be read safely is refused too.
    public static func refusal(_ url: String, what: String) -> String? {
        do {
            try ProductionGuard.check(url, what: what)
            return nil
        } catch {
            return error.reason
        }
    }
}
