import MPassSAML

/// The checks a weakness forgives: named checks, whole signature families
/// (`CheckID.responseSignature`: `response.signature.*`), or every check of a report.
///
/// Weaknesses are written over the library's declared check ids, so a weakness can only
/// forgive what the library reports; it never re-implements or skips a check.
public struct CheckPattern: Sendable, Hashable, CustomStringConvertible {
    /// The checks matched; nil matches every check.
    private let ids: Set<CheckID>?

    private init(ids: Set<CheckID>?) { self.ids = ids }

    /// Nothing at all (a weakness that acts elsewhere than on a report).
    public static let nothing = CheckPattern(ids: [])
    /// Every check of a report (`*`).
    public static let every = CheckPattern(ids: nil)

    public static func checks(_ ids: CheckID...) -> CheckPattern { checks(ids) }
    public static func checks(_ ids: [CheckID]) -> CheckPattern { CheckPattern(ids: Set(ids)) }

    /// Every check of the signature families given (`response.signature.*`, …).
    public static func signatures(_ families: SignatureCheckIDs...) -> CheckPattern {
        CheckPattern(ids: Set(families.flatMap(\.inOrder)))
    }

    /// The HTTP-Redirect query signature's checks (`redirect.signature.*`).
    public static let redirectSignature = CheckPattern(ids: Set(CheckID.redirectSignature))

    /// The checks either pattern matches.
    public func union(_ other: CheckPattern) -> CheckPattern {
        guard let ids, let more = other.ids else { return .every }
        return CheckPattern(ids: ids.union(more))
    }

    public func matches(_ id: CheckID) -> Bool { ids?.contains(id) ?? true }

    public var isEmpty: Bool { ids?.isEmpty ?? false }

    /// The ids matched, sorted (`*` for every check).
    public var description: String {
        ids.map { $0.sorted().map(\.rawValue).joined(separator: ", ") } ?? "*"
    }
}
