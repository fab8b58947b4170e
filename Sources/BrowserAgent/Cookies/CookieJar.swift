import Foundation
import HTTPTypes
import Vocabulary

/// What the jar did with one `Set-Cookie` header; recorded as evidence, so a
/// report can say *why* a Service's cookie never came back.
public enum CookieStoreOutcome: Sendable, Hashable, Codable {
    case stored(Cookie)
    /// The header expired the cookie (Max-Age=0 or a past Expires); any cookie
    /// in the same slot was removed.
    case deleted(name: String)
    case rejected(reason: String)
}

/// Which cookies a request may carry given where it comes from
/// (RFC 6265bis §5.8.3, the SameSite rules as browsers apply them).
public enum SameSiteContext: Sendable, Hashable {
    /// Typed by the user, or started by a page of the same site.
    case sameSite
    /// A top-level GET navigation from another site: Lax cookies go, Strict ones do not.
    case crossSiteSafeNavigation
    /// Anything else from another site (notably a form POST from the identity
    /// provider to the Service's ACS): only SameSite=None and unspecified cookies go.
    case crossSiteUnsafe
}

/// A cookie store with the semantics of RFC 6265 (with the RFC 6265bis rules
/// that every current browser applies: Secure only from https, cookie-name
/// prefixes, SameSite).
///
/// Decisions taken where browsers differ, so that results are stable:
/// - A `Secure` cookie set over plain http is rejected and Secure cookies are sent
///   over https only — except on loopback (`localhost`, `*.localhost`,
///   `127.0.0.0/8`, `[::1]`), whose plain http counts as a "secure" protocol, as
///   in Chromium (RFC 6265bis leaves "secure" to the user agent; Chromium takes
///   loopback as potentially trustworthy, W3C Secure Contexts §3.2). A Service
///   tested over http on loopback that marks its cookies Secure keeps its session,
///   as it does in Chromium; on any other host over http it does not.
/// - `SameSite=None` without `Secure` is rejected (as Chrome and Safari do).
/// - A cookie without SameSite is Lax by default, as in Chromium: it goes with
///   top-level cross-site GETs, and with cross-site POSTs only in the first two
///   minutes after it got its value (RFC 6265bis "Lax-Allowing-Unsafe"
///   enforcement, Chromium's "Lax+POST" allowance). Firefox and Safari send it on every
///   cross-site POST; the stricter rule is the one a Service must survive. An
///   automated login reaches the ACS within seconds, so the allowance covers it;
///   a person who spends more than two minutes at MPass loses such a cookie.
/// - There is no public-suffix list: a Domain attribute with a single label
///   (`Domain=test`, `Domain=localhost`) is treated as a public suffix. IP
///   addresses never match a Domain attribute other than themselves.
public struct CookieJar: Sendable {
    public private(set) var cookies: [Cookie] = []
    private var nextSequence: UInt64 = 0

    public init() {}

    /// How long after its creation a cookie without SameSite still goes with a cross-site
    /// POST: two minutes, Chromium's `kLaxAllowUnsafeMaxAge` (RFC 6265bis's
    /// "Lax-Allowing-Unsafe" enforcement leaves the age to the user agent).
    public static let laxAllowingUnsafeWindow: TimeInterval = 120

    /// Applies every `Set-Cookie` header of a response received from `url`.
    @discardableResult
    public mutating func store(responseHeaders: HTTPFields, from url: URL, now: Date) -> [CookieStoreOutcome] {
        responseHeaders[values: .setCookie].map { store(setCookie: $0, from: url, now: now) }
    }

    /// RFC 6265 §5.3, "Storage Model", for one `Set-Cookie` header received from `url`.
    @discardableResult
    public mutating func store(setCookie header: String, from url: URL, now: Date) -> CookieStoreOutcome {
        guard let parsed = SetCookieHeader(header) else {
            return .rejected(reason: "malformed Set-Cookie (no name=value): \(header)")
        }
        guard let host = Self.canonicalHost(of: url) else {
            return .rejected(reason: "the response URL \(url.absoluteString) has no host")
        }
        let fromSecureScheme = Self.isSecureProtocol(url)

        // §5.3 step 3: Max-Age wins over Expires; an invalid value is ignored (§5.2.2).
        var expires: Date?
        if let maxAge = parsed.last("max-age"), let seconds = Self.parseMaxAge(maxAge) {
            expires = seconds <= 0 ? .distantPast : now.addingTimeInterval(TimeInterval(seconds))
        } else if let expiresText = parsed.last("expires"), let date = CookieDateParser.parse(expiresText) {
            expires = date
        }

        // §5.3 steps 4-6: Domain.
        var domain = host
        var hostOnly = true
        if var domainAttribute = parsed.last("domain"), !domainAttribute.isEmpty {
            if domainAttribute.hasPrefix(".") { domainAttribute.removeFirst() }
            domainAttribute = domainAttribute.lowercased()
            if Self.isPublicSuffix(domainAttribute) && domainAttribute != host {
                return .rejected(reason: "\(parsed.name): Domain=\(domainAttribute) is a public suffix")
            }
            if domainAttribute != host {
                guard Self.domainMatches(host: host, domain: domainAttribute) else {
                    return .rejected(reason: "\(parsed.name): Domain=\(domainAttribute) does not cover the host \(host)")
                }
                domain = domainAttribute
                hostOnly = false
            } else if !Self.isPublicSuffix(domainAttribute) && !Self.isIPAddress(host) {
                // Domain equal to the host: a domain cookie (also sent to subdomains).
                hostOnly = false
            }
        }

        // §5.3 step 7 and §5.2.4: Path, with the default-path rule of §5.1.4.
        var path = Self.defaultPath(of: url)
        if let pathAttribute = parsed.last("path"), pathAttribute.hasPrefix("/") {
            path = pathAttribute
        }

        let secure = parsed.has("secure")
        if secure && !fromSecureScheme {
            // RFC 6265bis §5.7 step 8: a non-secure origin may not set Secure cookies.
            return .rejected(reason: "\(parsed.name): Secure cookie set over \(url.scheme ?? "?")")
        }

        let sameSite: Cookie.SameSite = switch parsed.last("samesite")?.lowercased() {
        case "strict": .strict
        case "lax": .lax
        case "none": .none
        default: .unspecified
        }
        if sameSite == .none && !secure {
            return .rejected(reason: "\(parsed.name): SameSite=None without Secure")
        }

        // RFC 6265bis §4.1.3: cookie-name prefixes, compared case-insensitively.
        let lowerName = parsed.name.lowercased()
        if lowerName.hasPrefix("__secure-") && !secure {
            return .rejected(reason: "\(parsed.name): __Secure- prefix without Secure")
        }
        if lowerName.hasPrefix("__host-") && !(secure && hostOnly && path == "/" && !parsed.has("domain")) {
            return .rejected(reason: "\(parsed.name): __Host- prefix needs Secure, Path=/ and no Domain")
        }

        // RFC 6265bis §5.7 step 16, "leave secure cookies alone": plain http may
        // not overwrite a Secure cookie of the same name that covers it.
        if !fromSecureScheme && !secure {
            let shadowsSecure = cookies.contains { existing in
                existing.secure && existing.name == parsed.name
                    && (Self.domainMatches(host: existing.domain, domain: domain)
                        || Self.domainMatches(host: domain, domain: existing.domain))
                    && Self.pathMatches(requestPath: path, cookiePath: existing.path)
            }
            if shadowsSecure {
                return .rejected(reason: "\(parsed.name): would overwrite a Secure cookie from plain http")
            }
        }

        var cookie = Cookie(
            name: parsed.name,
            value: parsed.value,
            domain: domain,
            hostOnly: hostOnly,
            path: path,
            secure: secure,
            httpOnly: parsed.has("httponly"),
            sameSite: sameSite,
            expires: expires,
            creationTime: now,
            creationSequence: nextSequence
        )
        nextSequence += 1

        // §5.3 step 11: the same slot keeps its original creation time.
        if let existing = cookies.firstIndex(where: { $0.occupiesSameSlot(as: cookie) }) {
            let old = cookies[existing]
            cookie.valueTime = old.value == cookie.value ? old.valueTime ?? old.creationTime : now
            cookie.creationTime = old.creationTime
            cookie.creationSequence = cookies[existing].creationSequence
            cookies.remove(at: existing)
        }
        // §5.3 step 12: an already expired cookie only deletes.
        if cookie.isExpired(at: now) {
            return .deleted(name: cookie.name)
        }
        cookies.append(cookie)
        return .stored(cookie)
    }

    /// RFC 6265 §5.4: the cookies a request to `url` carries, in the order of
    /// the `Cookie` header (longer paths first, then older cookies first).
    public func cookies(for url: URL, now: Date, context: SameSiteContext = .sameSite) -> [Cookie] {
        guard let host = Self.canonicalHost(of: url) else { return [] }
        let isSecure = Self.isSecureProtocol(url)
        let requestPath = Self.requestPath(of: url)
        return cookies
            .filter { cookie in
                guard !cookie.isExpired(at: now) else { return false }
                let domainOK = cookie.hostOnly ? cookie.domain == host : Self.domainMatches(host: host, domain: cookie.domain)
                guard domainOK, Self.pathMatches(requestPath: requestPath, cookiePath: cookie.path) else { return false }
                if cookie.secure && !isSecure { return false }
                switch (context, cookie.sameSite) {
                case (.sameSite, _): return true
                case (.crossSiteSafeNavigation, .strict): return false
                case (.crossSiteSafeNavigation, _): return true
                case (.crossSiteUnsafe, .strict), (.crossSiteUnsafe, .lax): return false
                case (.crossSiteUnsafe, .unspecified):
                    return now.timeIntervalSince(cookie.valueTime ?? cookie.creationTime) <= Self.laxAllowingUnsafeWindow
                case (.crossSiteUnsafe, .none): return true
                }
            }
            .sorted { lhs, rhs in
                if lhs.path.utf8.count != rhs.path.utf8.count { return lhs.path.utf8.count > rhs.path.utf8.count }
                if lhs.creationTime != rhs.creationTime { return lhs.creationTime < rhs.creationTime }
                return lhs.creationSequence < rhs.creationSequence
            }
    }

    /// The value of the `Cookie` header for `url`, or nil when no cookie applies.
    public func cookieHeader(for url: URL, now: Date, context: SameSiteContext = .sameSite) -> String? {
        let selected = cookies(for: url, now: now, context: context)
        guard !selected.isEmpty else { return nil }
        return CookieHeader.serialize(selected.map { ($0.name, $0.value) })
    }

    /// Every stored cookie named `name` (any domain or path).
    public func cookies(named name: String) -> [Cookie] {
        cookies.filter { $0.name == name }
    }

    /// Removes cookies whose expiry time has passed (§5.3, last paragraph).
    public mutating func removeExpired(now: Date) {
        cookies.removeAll { $0.isExpired(at: now) }
    }

    public mutating func removeAll() {
        cookies.removeAll()
    }

    /// Removes every cookie a request to `host` would carry (host-only cookies of
    /// that host and domain cookies covering it), whatever their path: what a
    /// user clearing "cookies for this site" does, and how a test drops the
    /// Service's session between its AuthnRequest and the Response.
    public mutating func removeCookies(forHost host: String) {
        let host = host.lowercased()
        cookies.removeAll { cookie in
            cookie.hostOnly ? cookie.domain == host : Self.domainMatches(host: host, domain: cookie.domain)
        }
    }

    /// Removes only the cookies named `names` that `host` would receive: another server on
    /// the same host (cookies ignore ports) keeps its own.
    public mutating func removeCookies(forHost host: String, named names: Set<String>) {
        let host = host.lowercased()
        cookies.removeAll { cookie in
            names.contains(cookie.name)
                && (cookie.hostOnly ? cookie.domain == host : Self.domainMatches(host: host, domain: cookie.domain))
        }
    }

    // MARK: - RFC 6265 §5.1 algorithms

    /// Whether `url` is "secure" for Secure cookies (RFC 6265bis: "as defined by the user
    /// agent"): https, or http to a loopback host, as Chromium treats it (a Secure cookie
    /// set by http://127.0.0.1 is kept and sent back there).
    static func isSecureProtocol(_ url: URL) -> Bool {
        switch url.scheme?.lowercased() {
        case "https": return true
        case "http":
            guard let host = canonicalHost(of: url) else { return false }
            if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        default: return false
        }
    }

    static func canonicalHost(of url: URL) -> String? {
        guard var host = url.host(percentEncoded: false)?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// §5.1.3: identical, or `host` ends with "." + `domain` and is not an IP address.
    static func domainMatches(host: String, domain: String) -> Bool {
        if host == domain { return true }
        return host.hasSuffix("." + domain) && !isIPAddress(host)
    }

    /// §5.1.4 path-match.
    static func pathMatches(requestPath: String, cookiePath: String) -> Bool {
        if requestPath == cookiePath { return true }
        guard requestPath.hasPrefix(cookiePath) else { return false }
        if cookiePath.hasSuffix("/") { return true }
        return requestPath.dropFirst(cookiePath.count).first == "/"
    }

    /// §5.1.4 default-path: the request path up to, not including, its last "/";
    /// "/" when that leaves nothing.
    static func defaultPath(of url: URL) -> String {
        let path = requestPath(of: url)
        guard path.hasPrefix("/"), let lastSlash = path.lastIndex(of: "/"), lastSlash != path.startIndex else {
            return "/"
        }
        return String(path[..<lastSlash])
    }

    static func requestPath(of url: URL) -> String {
        let path = url.path(percentEncoded: true)
        return path.isEmpty ? "/" : path
    }

    /// §5.2.2: `-`? DIGIT+; anything else is ignored.
    static func parseMaxAge(_ value: String) -> Int? {
        guard let first = value.first, first == "-" || first.isASCII && first.isNumber else { return nil }
        let digits = first == "-" ? value.dropFirst() : Substring(value)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Huge values saturate rather than fail: the cookie is then simply long-lived.
        let magnitude = Int(digits) ?? Int(Int32.max)
        return first == "-" ? -magnitude : magnitude
    }

    /// Without the public-suffix list, a single-label name (`localhost`, `test`,
    /// `md`) is taken for a public suffix; see the type's notes.
    static func isPublicSuffix(_ domain: String) -> Bool {
        !domain.contains(".") && !isIPAddress(domain)
    }

    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }  // IPv6 literal
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber }
        }
    }
}
