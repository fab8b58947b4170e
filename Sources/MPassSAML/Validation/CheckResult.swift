/// The outcome of one named check. Every check runs and every outcome is kept, so a report
/// shows the whole picture, not only the first failure.
public enum CheckOutcome: Sendable, Equatable {
    case passed
    case failed(reason: String)
    /// Not run because something it needs failed first (the prerequisite is named).
    case skipped(prerequisite: String)
    /// The rule does not apply to this message (say why).
    case notApplicable(why: String)
    /// Accepted, with something the reader must see (MPass signing with RSA-SHA1, say).
    case warned(reason: String)

    public var label: String {
        switch self {
        case .passed: "PASS"
        case .failed: "FAIL"
        case .skipped: "SKIP"
        case .notApplicable: "N/A"
        case .warned: "WARN"
        }
    }
}

/// One line of a validation report: a stable id, what it checks, and what happened.
public struct CheckResult: Sendable, Equatable {
    /// Stable dotted id (`response.destination`); never renamed once shipped.
    public let id: CheckID
    /// What the check checked, with the values involved, for the report.
    public let detail: String
    public let outcome: CheckOutcome

    public init(id: CheckID, outcome: CheckOutcome, detail: String = "") {
        self.id = id
        self.outcome = outcome
        self.detail = detail
    }

    public static func pass(_ id: CheckID, _ detail: String = "") -> CheckResult {
        CheckResult(id: id, outcome: .passed, detail: detail)
    }

    public static func fail(_ id: CheckID, _ reason: String) -> CheckResult {
        CheckResult(id: id, outcome: .failed(reason: reason), detail: reason)
    }

    public static func skip(_ id: CheckID, because prerequisite: String) -> CheckResult {
        CheckResult(id: id, outcome: .skipped(prerequisite: prerequisite), detail: "needs \(prerequisite)")
    }

    /// Not run because the check `prerequisite` did not pass.
    public static func skip(_ id: CheckID, because prerequisite: CheckID) -> CheckResult {
        skip(id, because: prerequisite.rawValue)
    }

    public static func notApplicable(_ id: CheckID, _ why: String) -> CheckResult {
        CheckResult(id: id, outcome: .notApplicable(why: why), detail: why)
    }

    public static func warn(_ id: CheckID, _ reason: String) -> CheckResult {
        CheckResult(id: id, outcome: .warned(reason: reason), detail: reason)
    }

    public var isWarning: Bool {
        if case .warned = outcome { return true }
        return false
    }

    public var isFailure: Bool {
        if case .failed = outcome { return true }
        return false
    }

    public var isPass: Bool { outcome == .passed }

    /// `PASS id: detail`, the line `mpass-harness verify` prints.
    public var line: String {
        let text: String
        switch outcome {
        case .passed: text = detail
        case .failed(let reason): text = reason
        case .skipped(let prerequisite): text = "skipped: \(prerequisite) did not pass"
        case .notApplicable(let why): text = why
        case .warned(let reason): text = reason
        }
        return text.isEmpty ? "\(outcome.label) \(id)" : "\(outcome.label) \(id): \(text)"
    }
}

/// Every check made on one message, in the order they ran.
public struct ValidationReport: Sendable {
    /// What was validated (`Response`, `AuthnRequest`, …).
    public let messageKind: String
    public private(set) var checks: [CheckResult]

    public init(messageKind: String, checks: [CheckResult] = []) {
        self.messageKind = messageKind
        self.checks = checks
    }

    public mutating func add(_ check: CheckResult) { checks.append(check) }
    public mutating func add(contentsOf more: [CheckResult]) { checks.append(contentsOf: more) }

    /// True when no check failed.
    public var isValid: Bool { !checks.contains(where: \.isFailure) }

    public var failures: [CheckResult] { checks.filter(\.isFailure) }

    public subscript(id: CheckID) -> CheckResult? { checks.first { $0.id == id } }

    /// True when the check with `id` ran and passed.
    public func passed(_ id: CheckID) -> Bool { self[id]?.isPass == true }
}

extension CheckResult: Codable {
    private enum CodingKeys: String, CodingKey { case id, outcome, detail }

    /// `pass`, `fail`, `skip` or `n/a`: the outcome as JSON reports spell it.
    public var outcomeCode: String {
        switch outcome {
        case .passed: "pass"
        case .failed: "fail"
        case .skipped: "skip"
        case .notApplicable: "n/a"
        case .warned: "warn"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(outcomeCode, forKey: .outcome)
        try container.encode(detail, forKey: .detail)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decode(CheckID.self, forKey: .id)
        let detail = try container.decode(String.self, forKey: .detail)
        let outcome: CheckOutcome
        switch try container.decode(String.self, forKey: .outcome) {
        case "pass": outcome = .passed
        case "fail": outcome = .failed(reason: detail)
        case "skip": outcome = .skipped(prerequisite: detail.hasPrefix("needs ") ? String(detail.dropFirst(6)) : detail)
        case "n/a": outcome = .notApplicable(why: detail)
        case "warn": outcome = .warned(reason: detail)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .outcome, in: container, debugDescription: "unknown outcome \(other)")
        }
        self.init(id: id, outcome: outcome, detail: detail)
    }
}

extension ValidationReport: Codable {
    private enum CodingKeys: String, CodingKey { case message, valid, checks }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messageKind, forKey: .message)
        try container.encode(isValid, forKey: .valid)
        try container.encode(checks, forKey: .checks)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(messageKind: try container.decode(String.self, forKey: .message),
                  checks: try container.decode([CheckResult].self, forKey: .checks))
    }
}
