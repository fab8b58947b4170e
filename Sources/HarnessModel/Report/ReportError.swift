import Foundation

/// The one error type of the report writers. Thrown only when a report could not be made or
/// written (template broken, folder not writable, folder already holds a report); a run that
/// failed is a `RunReport` with a failing verdict, not an error.
///
/// Tests compare by `code`; `reason` says what went wrong and what to do.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: ReportError, rhs: ReportError) -> Bool { lhs.code == rhs.code }
}

extension ReportError.Code {
    /// The report could not be encoded (JSON) or rendered (HTML template).
    public static let renderingFailed = Self(rawValue: "report.rendering-failed")
    /// A report.json that is not valid JSON, not this schema, or inconsistent with itself.
    public static let unreadable = Self(rawValue: "report.unreadable")
    /// The template shipped with the tool is missing or does not parse (a packaging bug).
    public static let templateUnavailable = Self(rawValue: "report.template-unavailable")
    /// The folder already holds files and overwriting was not asked for.
    public static let folderNotEmpty = Self(rawValue: "report.folder-not-empty")
    /// The folder could not be created, or the path is not a folder.
    public static let folderUnusable = Self(rawValue: "report.folder-unusable")
    /// A file of the report could not be written or moved into place.
    public static let writeFailed = Self(rawValue: "report.write-failed")
}
