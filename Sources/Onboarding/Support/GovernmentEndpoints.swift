import Foundation
import MPassSAML

/// AGE's production hosts, which nothing in the harness ever calls, and MNotify's staging.
public enum GovernmentEndpoints {
    /// MNotify's staging API (`mpass-saml.md`, onboarding).
    public static let mnotifyStaging = URL(string: "https://mnotify.staging.egov.md:8443/api/")!
    /// MNotify production: known only so that it can be refused.
    public static let mnotifyProductionHost = "mnotify.gov.md"

    /// True when `url` is MPass production or MNotify production (a host or a subdomain).
    public static func isProduction(_ url: String) -> Bool {
        if MPassEnvironment.isProduction(url) { return true }
        let host = (URLComponents(string: url)?.host ?? URLComponents(string: "https://" + url)?.host ?? "")
            .lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return host == mnotifyProductionHost || host.hasSuffix("." + mnotifyProductionHost)
    }

    /// The refusal, worded for a person; nil when `url` is not production.
    public static func refusal(_ url: String, what: String) -> String? {
        guard isProduction(url) else { return nil }
        return "the \(what) \(url) is a production endpoint of AGE (MPass or MNotify); the harness never calls production, and MPass allows no test of any kind there. Use staging (\(MPassEnvironment.staging.host), \(mnotifyStaging.host ?? ""))"
    }
}
