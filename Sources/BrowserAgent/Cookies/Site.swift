import Foundation

/// A "site" in the sense of SameSite cookies (RFC 6265bis §5.2): the scheme and
/// the registrable domain of a URL.
///
/// Without the public-suffix list the registrable domain is approximated by the
/// last two labels of the host (the host itself for an IP address or a one-label
/// name). Under a multi-label public suffix (`gov.md`) this makes two different
/// sites look alike, never the reverse: cross-site requests among loopback
/// test hosts are still seen as cross-site.
struct Site: Hashable, Sendable {
    var scheme: String
    var registrableDomain: String

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), let host = CookieJar.canonicalHost(of: url) else { return nil }
        self.scheme = scheme
        if CookieJar.isIPAddress(host) {
            registrableDomain = host
        } else {
            let labels = host.split(separator: ".")
            registrableDomain = labels.count <= 2 ? host : labels.suffix(2).joined(separator: ".")
        }
    }
}
