import Foundation
import Vocabulary

/// The one error type of target descriptions: what is wrong, where (file, line, field), and
/// what to write instead.
///
/// A file usually has more than one mistake; the loader finds them all, throws the first
/// (in file order) and keeps the rest in `others`, so a person fixes them in one go.
/// Tests compare by `code`, one of HarnessError's (`target.*`).
public struct TargetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HarnessError's codes: one vocabulary for every error a person sees (the `target.*`
    /// codes are declared below). A TargetError adds where and how to fix, and the others.
    public typealias Code = HarnessError.Code

    public let code: Code
    /// The field as written in the file, dotted (`logged_in.url`); nil for the file as a whole.
    public let field: String?
    /// The file's path as given; nil when the YAML did not come from a file.
    public let file: String?
    /// 1-based line in the file, when the YAML parser gave one.
    public let line: Int?
    /// What is wrong.
    public let reason: String
    /// What to do about it.
    public let fix: String
    /// Further problems found in the same file.
    public internal(set) var others: [TargetError] = []

    public init(_ code: Code, field: String?, file: String? = nil, line: Int? = nil, reason: String, fix: String) {
        self.code = code
        self.field = field
        self.file = file
        self.line = line
        self.reason = reason
        self.fix = fix
    }

    /// This problem and the others, in file order.
    public var allProblems: [TargetError] {
        var first = self
        first.others = []
        return [first] + others
    }

    /// `service.yaml:7: base_url: "localhost" is not an absolute http(s) URL. Fix: …`
    public var description: String {
        allProblems.map(\.line1).joined(separator: "\n")
    }

    private var line1: String {
        let place = [file, line.map(String.init)].compactMap { $0 }.joined(separator: ":")
        let prefix = [place.isEmpty ? nil : place, field].compactMap { $0 }.joined(separator: ": ")
        return (prefix.isEmpty ? "" : prefix + ": ") + reason + " Fix: " + fix
    }

    public static func == (lhs: TargetError, rhs: TargetError) -> Bool { lhs.code == rhs.code }
}

extension HarnessError.Code {
    /// The file could not be read.
    public static let targetFileUnreadable = Self(rawValue: "target.file-unreadable")
    /// The file is not valid YAML.
    public static let targetYamlSyntax = Self(rawValue: "target.yaml-syntax")
    /// The file is empty, or its top level (or a section) is not a mapping of keys to values.
    public static let targetNotAMapping = Self(rawValue: "target.not-a-mapping")
    /// A required field is absent or empty.
    public static let targetMissingField = Self(rawValue: "target.missing-field")
    /// A URL field is not an absolute http(s) URL or a path relative to base_url.
    public static let targetInvalidURL = Self(rawValue: "target.invalid-url")
    /// A value has the wrong shape (a list where text was expected, text where a number was).
    public static let targetWrongType = Self(rawValue: "target.wrong-type")
    /// A value of the right shape that is not allowed (status 999, a header name with a space).
    public static let targetInvalidValue = Self(rawValue: "target.invalid-value")
    /// A key the description does not have (usually a typo).
    public static let targetUnknownKey = Self(rawValue: "target.unknown-key")
    /// The same key twice in one mapping (YAML forbids it; parsers disagree on which wins).
    public static let targetDuplicateKey = Self(rawValue: "target.duplicate-key")
    /// `certificate` names a file that does not exist.
    public static let targetCertificateMissing = Self(rawValue: "target.certificate-missing")
    /// `certificate` names a file that is not a certificate the tool can read.
    public static let targetCertificateInvalid = Self(rawValue: "target.certificate-invalid")
    /// A URL of MPass production appears in the file; every test is refused there.
    public static let targetProductionRefused = Self(rawValue: "target.production-refused")
}
