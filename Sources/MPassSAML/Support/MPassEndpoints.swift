import Foundation

/// MPass's public endpoints (`mpass-saml.md`, Environments), and the production guard.
public enum MPassEndpoints {
    public static let stagingBase = "https://mpass.staging.egov.md"
    public static let stagingSSO = "https://mpass.staging.egov.md/login/saml"
    public static let stagingSLO = "https://mpass.staging.egov.md/logout/saml"
    public static let stagingMetadata = "https://mpass.staging.egov.md/meta/saml"
    /// SHA-256 fingerprint of staging's signing certificate (CN=testmpass.gov.md).
    public static let stagingCertificateSHA256 =
        "B9:F2:2D:BF:C9:37:B6:06:B1:42:9C:B4:EE:2A:6B:03:20:73:E7:C3:33:AA:70:49:CF:F6:2B:A9:9D:24:F4:73"

    public static let productionHosts = ["mpass.gov.md", "www.mpass.gov.md"]

    /// True when `url` points at production MPass, which no test may ever target.
    public static func isProduction(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return false }
        let trimmed = host.hasSuffix(".") ? String(host.dropLast()) : host
        return productionHosts.contains(trimmed)
    }

    /// Throws when `url` is production MPass; `what` names the setting for the message.
    public static func refuseProduction(_ url: String, what: String) throws(SAMLError) {
        if isProduction(url) {
            throw SAMLError(.productionRefused,
                "\(what) is \(url), the production MPass. No test of any kind may target production (MPass guide): use the staging endpoints (\(stagingSSO)) or the simulator")
        }
    }
}
