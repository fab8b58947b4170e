import Foundation

/// Time rules shared by every validator: the injected "now", the allowed clock skew, and
/// how old a message may be. Never read from a global clock: replays freeze `now`.
public struct TimeWindow: Sendable, Equatable {
    public var now: Date
    /// Allowance for clocks that disagree (default 3 minutes).
    public var clockSkew: TimeInterval
    /// How long after IssueInstant a message is still accepted (the official library: 10 minutes).
    public var messageLifetime: TimeInterval

    public init(now: Date, clockSkew: TimeInterval = 180, messageLifetime: TimeInterval = 600) {
        self.now = now
        self.clockSkew = clockSkew
        self.messageLifetime = messageLifetime
    }
}

/// Checks that several validators share, one function per rule, each quoting its source.
enum CommonChecks {
    static func describe(_ interval: TimeInterval) -> String {
        let seconds = Int(abs(interval).rounded())
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        return String(format: "%.1f h", Double(seconds) / 3600)
    }

    // SAML Core 3.2.1 / 3.2.2: Version "2.0".
    static func version(_ id: CheckID, _ value: String?) -> CheckResult {
        guard let value else { return .fail(id, "Version is absent; SAML 2.0 messages carry Version=\"2.0\"") }
        return value == SAMLURI.version ? .pass(id, "2.0") : .fail(id, "Version is \"\(value)\", expected \"2.0\"")
    }

    // SAML Core 1.3.4: an ID is an xs:ID (an NCName), unique, with at least 128 bits of randomness.
    static func identifier(_ id: CheckID, _ value: String?) -> CheckResult {
        guard let value, !value.isEmpty else { return .fail(id, "ID is absent or empty") }
        guard SAMLIdentifier.isNCName(value) else {
            return .fail(id, "ID \"\(value)\" is not an XML NCName (it cannot start with a digit or contain ':'); use \"_\" followed by a GUID or 32 hex digits")
        }
        // 128 bits need at least 22 base64 or 32 hex characters; shorter IDs are guessable.
        guard value.count >= 17 else {
            return .fail(id, "ID \"\(value)\" is too short to hold 128 random bits (SAML Core 1.3.4); use \"_\" followed by a GUID")
        }
        return .pass(id, value)
    }

    /// IssueInstant: present, UTC, not in the future beyond the skew, not older than the lifetime.
    // SAML Core 1.3.3 (UTC, no time zone other than Z); MPass guide, security considerations 2 (freshness).
    static func issueInstant(_ id: CheckID, _ instant: SAMLInstant?, window: TimeWindow) -> CheckResult {
        guard let instant else { return .fail(id, "IssueInstant is absent") }
        guard let parsed = instant.parsed else {
            return .fail(id, "IssueInstant \"\(instant.text)\" is not an xs:dateTime")
        }
        guard parsed.isUTC else {
            return .fail(id, notZForm("IssueInstant", instant.text, parsed))
        }
        let age = window.now.timeIntervalSince(parsed.date)
        if age < -window.clockSkew {
            return .fail(id, "IssueInstant \(instant.text) is \(describe(age)) in the future (allowed skew \(describe(window.clockSkew))); a local time written as UTC looks like this")
        }
        if age > window.messageLifetime + window.clockSkew {
            return .fail(id, "IssueInstant \(instant.text) is \(describe(age)) old; messages are accepted for \(describe(window.messageLifetime)) (+ \(describe(window.clockSkew)) skew)")
        }
        return .pass(id, "\(instant.text), \(describe(age)) \(age >= 0 ? "ago" : "ahead")")
    }

    /// Why a parsed time is refused for not ending in Z, in words that fit what was written.
    // SAML Core 1.3.3: "All SAML time values have the type xs:dateTime … MUST be expressed in
    // UTC form, with no time zone component" — the Z form, even for an offset of +00:00.
    static func notZForm(_ what: String, _ text: String, _ parsed: SAMLTime.Parsed) -> String {
        switch parsed.writtenOffset {
        case nil:
            return "\(what) \"\(text)\" has no time zone, so its instant is unknown; SAML requires UTC written with Z (e.g. 2026-01-01T10:00:00Z)"
        case 0?:
            return "\(what) \"\(text)\" is UTC written with an offset (+00:00); SAML requires the Z form (\(text.dropLast(6))Z)"
        case let offset?:
            let sign = offset < 0 ? "-" : "+"
            let minutes = abs(offset) / 60
            return "\(what) \"\(text)\" is a local time (offset \(sign)\(String(format: "%02d:%02d", minutes / 60, minutes % 60))), not UTC; SAML requires UTC written with Z"
        }
    }

    /// A time that must not have passed: `now < value + skew`.
    static func notOnOrAfter(_ id: CheckID, _ instant: SAMLInstant?, window: TimeWindow, what: String, required: Bool) -> CheckResult {
        guard let instant else {
            return required ? .fail(id, "\(what) is absent") : .notApplicable(id, "\(what) is absent (optional)")
        }
        guard let parsed = instant.parsed else {
            return .fail(id, "\(what) \"\(instant.text)\" is not an xs:dateTime")
        }
        guard parsed.isUTC else { return .fail(id, notZForm(what, instant.text, parsed)) }
        if window.now >= parsed.date.addingTimeInterval(window.clockSkew) {
            return .fail(id, "\(what) \(instant.text) has passed (\(describe(window.now.timeIntervalSince(parsed.date))) ago)")
        }
        return .pass(id, instant.text)
    }

    /// A time that must have come: `value - skew <= now`.
    static func notBefore(_ id: CheckID, _ instant: SAMLInstant?, window: TimeWindow, what: String) -> CheckResult {
        guard let instant else { return .notApplicable(id, "\(what) is absent (optional)") }
        guard let parsed = instant.parsed else {
            return .fail(id, "\(what) \"\(instant.text)\" is not an xs:dateTime")
        }
        guard parsed.isUTC else { return .fail(id, notZForm(what, instant.text, parsed)) }
        if parsed.date.addingTimeInterval(-window.clockSkew) > window.now {
            return .fail(id, "\(what) \(instant.text) is \(describe(parsed.date.timeIntervalSince(window.now))) in the future")
        }
        return .pass(id, instant.text)
    }

    /// An exact value when one is expected; presence when only presence is required.
    static func equals(_ id: CheckID, _ actual: String?, _ expected: String?, what: String, optionName: String) -> CheckResult {
        guard let actual, !actual.isEmpty else { return .fail(id, "\(what) is absent") }
        guard let expected else {
            return .notApplicable(id, "\(what) is \"\(actual)\"; not compared (give \(optionName))")
        }
        return actual == expected ? .pass(id, actual) : .fail(id, "\(what) is \"\(actual)\", expected \"\(expected)\"")
    }

    /// Every element carrying an ID-like attribute (`ID`, `Id`, `xml:id`), and the values seen twice.
    // XML-DSig same-document references resolve by ID: two elements with one ID let an
    // attacker choose which one the verifier sees (signature wrapping).
    static func uniqueIDs(_ document: XMLDocument) -> CheckResult {
        var seen: [String: Int] = [:]
        for value in document.idAttributeValues() { seen[value, default: 0] += 1 }
        let duplicates = seen.filter { $0.value > 1 }.keys.sorted()
        if duplicates.isEmpty { return .pass(.documentIDsUnique) }
        return .fail(.documentIDsUnique,
            "the ID value(s) \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) appear on more than one element (a signature-wrapping shape)")
    }

    static func status(_ id: CheckID, _ status: Status?, acceptPartialLogout: Bool = false) -> CheckResult {
        guard let status, let code = status.code else {
            return .fail(id, "Status/StatusCode is absent")
        }
        if code == SAMLURI.statusSuccess { return .pass(id, "Success") }
        if acceptPartialLogout && code == SAMLURI.statusPartialLogout {
            return .pass(id, "PartialLogout (accepted, as the official library does)")
        }
        return .fail(id, "the status is \(status.summary), not Success: handle it as a failed operation")
    }
}
