import Foundation
#if !MPASS_FUZZ_CORE_ONLY
// scripts/fuzz's quick core build compiles HostGuard's sources into one module with these.
import HostGuard
#endif
import Vocabulary

/// MPass's environments, as its integration guide gives them, and the guard rail that keeps
/// every test away from production ("no test of any kind … is allowed against production").
public struct MPassEnvironment: Sendable, Equatable {
    public let name: String
    public let host: String
    /// Where AuthnRequests go and Responses come from (takes `lang=ro|ru|en`).
    public let singleSignOnURL: String
    /// Where LogoutRequests and LogoutResponses go.
    public let singleLogoutURL: String
    public let metadataURL: String
    /// The SHA-256 fingerprint of the IdP signing certificate, when it is known and pinned.
    public let signingCertificateSHA256: String?
    public let isProduction: Bool

    /// Staging ("testing"): where integrations are developed and tested. Its signing
    /// certificate is `CN=testmpass.gov.md`, serial 65090BB28EA933B54820C757A2C5984D,
    /// valid 2014-07-16 to 2039-12-31 (trusted by this pin, not by a chain).
    public static let staging = MPassEnvironment(
        name: "staging",
        host: "mpass.staging.egov.md",
        singleSignOnURL: "https://mpass.staging.egov.md/login/saml",
        singleLogoutURL: "https://mpass.staging.egov.md/logout/saml",
        metadataURL: "https://mpass.staging.egov.md/meta/saml",
        signingCertificateSHA256: "B9:F2:2D:BF:C9:37:B6:06:B1:42:9C:B4:EE:2A:6B:03:20:73:E7:C3:33:AA:70:49:CF:F6:2B:A9:9D:24:F4:73",
        isProduction: false)

    /// Production: known only so that it can be recognised and refused.
    public static let production = MPassEnvironment(
        name: "production",
        host: "mpass.gov.md",
        singleSignOnURL: "https://mpass.gov.md/login/saml",
        singleLogoutURL: "https://mpass.gov.md/logout/saml",
        metadataURL: "https://mpass.gov.md/meta/saml",
        signingCertificateSHA256: nil,
        isProduction: true)

    public static let all: [MPassEnvironment] = [staging, production]

    /// True when some reading of `url` is an AGE production host (MPass or MNotify, or a
    /// subdomain): the one `ProductionGuard` every connection and printed URL passes.
    public static func isProduction(_ url: String) -> Bool { ProductionGuard.isProduction(url) }

    public static func isProduction(_ url: URL) -> Bool { isProduction(url.absoluteString) }

    /// Throws `productionRefused` when `url` is refused by the `ProductionGuard` (a production
    /// host, or a host that cannot be read safely); `what` names it.
    public static func refuseProduction(_ url: String, what: String) throws(HarnessError) {
        do {
            try ProductionGuard.check(url, what: what)
        } catch {
            throw HarnessError(.productionRefused, error.reason)
        }
    }
}
