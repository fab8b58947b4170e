import Foundation

/// A stored cookie with every attribute RFC 6265 §5.3 keeps, so that a check can
/// look at how the Service protects its session cookie.
public struct Cookie: Sendable, Hashable, Codable {
    public enum SameSite: String, Sendable, Hashable, Codable {
        case strict = "Strict"
        case lax = "Lax"
        case none = "None"
        /// No (recognised) SameSite attribute was given.
        case unspecified = ""
    }

    public var name: String
    public var value: String
    /// Lower-case host (host-only cookie) or the Domain attribute without its leading dot.
    public var domain: String
    /// True when the Set-Cookie had no valid Domain attribute: sent to exactly this host.
    public var hostOnly: Bool
    public var path: String
    public var secure: Bool
    public var httpOnly: Bool
    public var sameSite: SameSite
    /// nil for a session cookie (kept until the browser's session ends).
    public var expires: Date?
    public var creationTime: Date
    /// Breaks ties between cookies created at the same instant (the clock may be frozen).
    public var creationSequence: UInt64
    /// When the cookie got its current value (nil: at `creationTime`). Chromium measures the
    /// two minutes of its "Lax-allowing-unsafe" allowance from here: a Set-Cookie with a new
    /// value starts them again, one with the same value does not (CookieMonster inherits the
    /// old creation date only when the values match), whereas RFC 6265 §5.3 keeps the slot's
    /// creation time for ordering either way.
    public var valueTime: Date?

    public init(
        name: String,
        value: String,
        domain: String,
        hostOnly: Bool = true,
        path: String = "/",
        secure: Bool = false,
        httpOnly: Bool = false,
        sameSite: SameSite = .unspecified,
        expires: Date? = nil,
        creationTime: Date = Date(timeIntervalSince1970: 0),
        creationSequence: UInt64 = 0
    ) {
        self.name = name
        self.value = value
        self.domain = domain
        self.hostOnly = hostOnly
        self.path = path
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.expires = expires
        self.creationTime = creationTime
        self.creationSequence = creationSequence
    }

    /// A session cookie lives until the browser is closed (RFC 6265 §5.3 step 3).
    public var isPersistent: Bool { expires != nil }

    public func isExpired(at now: Date) -> Bool {
        if let expires { return expires <= now }
        return false
    }

    /// Two cookies are the same slot in the jar when name, domain, host-only-ness
    /// and path agree (RFC 6265 §5.3 step 11).
    func occupiesSameSlot(as other: Cookie) -> Bool {
        name == other.name && domain == other.domain && path == other.path
    }
}
