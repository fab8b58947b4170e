import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one check that keeps the harness away from AGE's production hosts: every connection
/// it opens (before any DNS query) and every URL it prints or embeds passes here.
///
/// A URL is read the way each consumer might read it, and refused when ANY reading lands on
/// `mpass.gov.md`, `mnotify.gov.md` or a subdomain of either:
/// - as a WHATWG browser reads http(s) (tab and newlines dropped, `\` as `/`, slashes after
///   the scheme optional, userinfo dropped), and as if the text had no scheme at all;
/// - as Foundation's `URL` and `URLComponents` read it (what AsyncHTTPClient connects to);
/// - each host then normalised as UTS-46 does for lookup: percent-escapes decoded (repeatedly),
///   default-ignorable code points deleted, NFKC (fullwidth letters and dots), the ideographic
///   full stops U+3002, U+FF0E and U+FF61 mapped to `.`, lower case, trailing dots dropped;
/// - and split at every character a host name cannot hold (NUL, `/`, `@`, `:` …), because a
///   C resolver stops at NUL: `mpass.gov.md%00.staging.egov.md` reaches DNS as `mpass.gov.md`.
///
/// A host that cannot be normalised (control characters, invalid UTF-8 in escapes, a
/// bracketed literal that is not IPv6) is refused as well: nothing can say where it goes.
public enum ProductionGuard {
    /// AGE's production domains; each one and every subdomain is refused.
    public static let productionDomains = ["mpass.gov.md", "mnotify.gov.md"]

    /// Why a URL was refused, worded for a person.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            /// Some reading of the URL is a production host.
            case production
            /// The host cannot be normalised, so it cannot be shown not to be production.
            case unreadableHost = "unreadable-host"
        }

        public let kind: Kind
        /// The URL as given, control characters escaped.
        public let url: String
        public let reason: String

        public var description: String { reason }
    }

    /// True when some reading of `url` is a production host (unreadable hosts are not
    /// "production": use `check` to refuse them too).
    public static func isProduction(_ url: String) -> Bool {
        readings(of: url).contains { if case .production = $0 { true } else { false } }
    }

    public static func isProduction(_ url: URL) -> Bool { isProduction(url.absoluteString) }

    /// Returns when `url` may be connected to or printed; throws otherwise. `what` names the
    /// URL in the message ("base_url", "--destination", "redirect target").
    public static func check(_ url: String, what: String = "URL") throws(Refusal) {
        let found = readings(of: url)
        let shown = displayable(url)
        for case .production(let host) in found {
            throw Refusal(kind: .production, url: shown, reason:
                "the \(what) \(shown) reaches \(host), a production host of AGE (MPass \(productionDomains[0]) or MNotify \(productionDomains[1])); the harness never contacts production, and MPass allows no test of any kind there. Use staging (mpass.staging.egov.md, mnotify.staging.egov.md) or the built-in simulator")
        }
        for case .unreadable(let detail) in found {
            throw Refusal(kind: .unreadableHost, url: shown, reason:
                "the \(what) \(shown) has a host that cannot be read safely (\(detail)); write the host plainly, for example https://sp.example.md/")
        }
    }

    public static func check(_ url: URL, what: String = "URL") throws(Refusal) {
        try check(url.absoluteString, what: what)
    }

    // MARK: Readings

    enum Reading: Equatable {
        case name(String)
        case production(String)
        case unreadable(String)
    }

    static let specialSchemes: Set<String> = ["http", "https", "ws", "wss", "ftp"]

    /// Every host a consumer might take from `url`, normalised and judged.
    static func readings(of url: String) -> [Reading] {
        // WHATWG URL parsing: leading and trailing C0 controls and spaces are trimmed, then
        // every tab and newline is removed wherever it is.
        let trimmed = String(String.UnicodeScalarView(url.unicodeScalars
            .drop { $0.value <= 0x20 }.reversed().drop { $0.value <= 0x20 }.reversed()))
        let cleaned = String(String.UnicodeScalarView(trimmed.unicodeScalars.filter { !["\t", "\n", "\r"].contains($0) }))

        var hosts: [Substring] = []
        for text in Set([url, cleaned]) {
            hosts += authorityHosts(browserAuthority(text))
            hosts += authorityHosts(schemelessAuthority(text))
            if let components = URLComponents(string: text) {
                hosts += [components.percentEncodedHost, components.host].compactMap { $0.map { Substring($0) } }
            }
            if let parsed = URL(string: text) {
                hosts += [parsed.host, parsed.host(percentEncoded: true)].compactMap { $0.map { Substring($0) } }
            }
        }
        return hosts.map(judge)
    }

    /// The authority a browser takes from `text`, or nil when it has none.
    static func browserAuthority(_ text: String) -> Substring? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        var rest = text[text.index(after: colon)...]
        if specialSchemes.contains(scheme.lowercased()) {
            // "https:host", "https:/host", "https:\\host" all name `host` (special authority
            // ignore slashes state).
            rest = rest.drop { $0 == "/" || $0 == "\\" }
            return rest.prefix { !"/\\?#".contains($0) }
        }
        guard rest.hasPrefix("//") else { return nil }
        return rest.dropFirst(2).prefix { !"/?#".contains($0) }
    }

    /// The authority if `text` were a bare `host[:port]/path` with no scheme.
    static func schemelessAuthority(_ text: String) -> Substring? {
        let rest = text[...].drop { $0 == "/" || $0 == "\\" }
        return rest.prefix { !"/\\?#".contains($0) }
    }

    /// Every host the authority could name: each `@`-separated part without its port
    /// (WHATWG takes the part after the last `@`; other parsers differ, so all are kept).
    static func authorityHosts(_ authority: Substring?) -> [Substring] {
        guard let authority, !authority.isEmpty else { return [] }
        return authority.split(separator: "@", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("["), let close = part.firstIndex(of: "]") { return part[...close] }
            if let colon = part.firstIndex(of: ":") { return part[..<colon] }
            return part
        }
    }

    /// Normalises one host and says what it is.
    static func judge(_ raw: Substring) -> Reading {
        var stages = [String(raw)]
        // Escapes are decoded repeatedly: `%252E` is `%2E` to one reader and `.` to the next.
        for _ in 0..<4 {
            guard let last = stages.last, last.contains("%") else { break }
            guard let decoded = percentDecoded(last) else {
                return .unreadable("a percent-escape that is not UTF-8")
            }
            if decoded == last { break }
            stages.append(decoded)
        }
        var unreadable: String?
        for stage in stages {
            let host = uts46Mapped(stage)
            for candidate in [host] + host.split(whereSeparator: { !isHostNameCharacter($0) }).map(String.init) {
                let name = withoutTrailingDots(candidate)
                if let domain = productionDomains.first(where: { name == $0 || name.hasSuffix("." + $0) }) {
                    return .production(name == domain ? domain : name)
                }
            }
            if host.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                unreadable = "a control character in the host"
            } else if host.hasPrefix("[") && !isIPv6Literal(host) {
                unreadable = "a bracketed host that is not an IPv6 address"
            }
        }
        if let unreadable { return .unreadable(unreadable) }
        return .name(withoutTrailingDots(uts46Mapped(stages.last!)))
    }

    /// UTS-46 mapping as far as production names need it: ignorables deleted, NFKC,
    /// the three full stops mapped to `.`, lower case.
    static func uts46Mapped(_ host: String) -> String {
        let kept = String(String.UnicodeScalarView(host.unicodeScalars.filter { !$0.properties.isDefaultIgnorableCodePoint }))
        let folded = kept.precomposedStringWithCompatibilityMapping
        let dotted = String(String.UnicodeScalarView(folded.unicodeScalars.map { scalar in
            ["\u{3002}", "\u{FF0E}", "\u{FF61}"].contains(scalar) ? "." : scalar
        }))
        return dotted.lowercased()
    }

    static func withoutTrailingDots(_ host: String) -> String {
        var text = Substring(host)
        while text.hasSuffix(".") { text = text.dropLast() }
        return String(text)
    }

    static func isHostNameCharacter(_ character: Character) -> Bool {
        character == "." || character == "-" || character == "_" || character.isLetter || character.isNumber
    }

    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        guard byte < 0x80 else { return nil }
        return Character(Unicode.Scalar(byte)).hexDigitValue.map(UInt8.init)
    }

    static func isIPv6Literal(_ host: String) -> Bool {
        guard host.hasPrefix("["), host.hasSuffix("]") else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, String(host.dropFirst().dropLast()), &address) == 1
    }

    /// The URL with control characters shown as escapes, so a message cannot be garbled.
    public static func displayable(_ url: String) -> String {
        var text = ""
        for scalar in url.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }
}
