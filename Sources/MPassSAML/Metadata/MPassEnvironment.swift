import Foundation

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

    /// True when `url` points at an MPass production host (`mpass.gov.md` or a subdomain).
    ///
    /// Errs on the side of refusing: the host is taken the way a browser would (scheme
    /// optional, userinfo dropped, `\` treated as `/`, percent-escapes decoded, case and a
    /// trailing dot ignored), and Foundation's reading is consulted too; if either says
    /// production, the answer is production.
    public static func isProduction(_ url: String) -> Bool {
        let candidates = [browserHost(of: url), URLComponents(string: url)?.host.map(normalise)]
        return candidates.contains { host in host.map(isProductionHost) == true }
    }

    public static func isProduction(_ url: URL) -> Bool { isProduction(url.absoluteString) }

    /// Throws `productionRefused` when `url` is a production endpoint; `what` names it.
    public static func refuseProduction(_ url: String, what: String) throws(SAMLError) {
        guard !isProduction(url) else {
            throw SAMLError(.productionRefused,
                "the \(what) \(url) is MPass production; MPass allows no test of any kind against production. Use staging (\(staging.singleSignOnURL)) or the built-in simulator")
        }
    }

    private static func isProductionHost(_ host: String) -> Bool {
        host == production.host || host.hasSuffix("." + production.host)
    }

    /// The host as a WHATWG URL parser finds it for http(s), without needing a valid URL.
    private static func browserHost(of url: String) -> String? {
        var rest = Substring(url.trimmingCharacters(in: .whitespacesAndNewlines))
        if let range = rest.range(of: "://") { rest = rest[range.upperBound...] }
        while let first = rest.first, first == "/" || first == "\\" { rest = rest.dropFirst() }
        let authority = rest.prefix { !"/\\?#".contains($0) }
        var host = authority
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if host.hasPrefix("[") { return nil } // an IPv6 literal is never an MPass name
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        return normalise(String(host))
    }

    private static func normalise(_ host: String) -> String {
        var text = (host.removingPercentEncoding ?? host).lowercased()
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
