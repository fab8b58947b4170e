import Foundation
import Vocabulary
#if canImport(Glibc)
import Glibc
#endif

/// What the onboarding checks need to know about a host or an IP address, without asking
/// any network: loopback, private, well-formed.
public enum NetworkAddress {
    /// The address family of `text` when it is a literal IPv4 or IPv6 address.
    public enum Family: String, Sendable { case ipv4, ipv6 }

    /// `.ipv4` for `172.46.45.10`, `.ipv6` for `2001:db8::1`, nil for anything else
    /// (a name, a range such as `10.0.0.0/24`, `172.46.45`, leading zeros like `010.1.1.1`).
    public static func family(of text: String) -> Family? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return .ipv4 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return .ipv6 }
        return nil
    }

    /// True for `localhost` (and its subdomains), 127.0.0.0/8 and ::1: what staging accepts
    /// for a Service root and production refuses.
    public static func isLoopback(host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]."))
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if family(of: name) == .ipv4 { return name.hasPrefix("127.") }
        if family(of: name) == .ipv6 { return name == "::1" || name == "0:0:0:0:0:0:0:1" }
        return false
    }

    /// True for addresses another network cannot see you by: RFC 1918 and RFC 6598 ranges,
    /// loopback, link-local, IPv6 unique-local and link-local, unspecified.
    public static func isPrivate(_ text: String) -> Bool {
        switch family(of: text) {
        case .ipv4:
            let octets = text.split(separator: ".").compactMap { Int($0) }
            guard octets.count == 4 else { return false }
            switch (octets[0], octets[1]) {
            case (10, _), (127, _), (0, _), (169, 254), (192, 168): return true
            case (172, 16...31): return true
            case (100, 64...127): return true
            default: return false
            }
        case .ipv6:
            let lower = text.lowercased()
            return lower == "::1" || lower == "::" || lower.hasPrefix("fc") || lower.hasPrefix("fd") || lower.hasPrefix("fe80")
        case nil:
            return false
        }
    }

    /// True when `url` names a loopback host: the only place a test stand-in for MPass
    /// staging or MNotify may live.
    public static func isLoopbackURL(_ url: URL) -> Bool {
        guard let host = url.host, !host.isEmpty else { return false }
        return isLoopback(host: host)
    }

    /// The rule for what talks to a government staging service (`live` to MPass, the probe
    /// to MNotify): the staging host itself, or a stand-in on this machine for tests; anything
    /// else is refused with `onboardingStandInNotLoopback`, saying "`what` is neither
    /// `stagingName` nor on this machine; `reason`".
    public static func requireStagingOrLoopback(_ url: URL, stagingHost: String?, what: String, stagingName: String,
                                                reason: String) throws(HarnessError) {
        let isStaging = stagingHost != nil && url.host?.lowercased() == stagingHost?.lowercased()
        guard isStaging || isLoopbackURL(url) else {
            throw HarnessError(.onboardingStandInNotLoopback,
                               "\(what) is neither \(stagingName) nor on this machine; \(reason)")
        }
    }
}
