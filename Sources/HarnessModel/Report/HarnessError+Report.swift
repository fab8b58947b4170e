import Vocabulary

/// The report writers' error codes: a report could not be made or written (a failed run is a `RunReport`, not an error).
extension HarnessError.Code {
    /// The report could not be encoded (JSON) or rendered (HTML template).
    public static let reportRenderingFailed = Self(rawValue: "report.rendering-failed")
    /// A report.json that is not valid JSON, not this schema, or inconsistent with itself.
    public static let reportUnreadable = Self(rawValue: "report.unreadable")
    /// The template shipped with the tool is missing or does not parse (a packaging bug).
    public static let reportTemplateUnavailable = Self(rawValue: "report.template-unavailable")
    /// The folder already holds files and overwriting was not asked for.
    public static let reportFolderNotEmpty = Self(rawValue: "report.folder-not-empty")
    /// The folder could not be created, or the path is not a folder.
    public static let reportFolderUnusable = Self(rawValue: "report.folder-unusable")
    /// A file of the report could not be written or moved into place.
    public static let reportWriteFailed = Self(rawValue: "report.write-failed")
}
