import Foundation

/// One recording file, read into the HAR model whatever its format, with where it came from.
public struct Recording: Sendable {
    /// Who wrote the file; decides how much its times and bodies can be trusted.
    public enum Format: String, Sendable, Codable, CaseIterable {
        /// The harness's own HAR (`creator.name` is `mpass-harness`).
        case harness
        /// Chrome (or another Chromium) developer tools (`creator.name` is `WebInspector`).
        case chrome
        /// Firefox developer tools (`creator.name` is `Firefox`).
        case firefox
        /// Any other HAR 1.2 writer.
        case har
        /// The JSON export of the SAML-tracer browser extension: no bodies, no per-request
        /// times (each entry carries the export time), decoded SAML per request.
        case samlTracer = "saml-tracer"
    }

    /// The path as given (or a name for in-memory data), used in every message about it.
    public var source: String
    public var format: Format
    public var har: HAR

    public init(source: String, format: Format, har: HAR) {
        self.source = source
        self.format = format
        self.har = har
    }

    /// True when the entries' times are when the file was exported, not when each request
    /// was made (SAML-tracer): a replay's frozen clock is then an upper bound.
    public var timesAreExportTime: Bool { format == .samlTracer }
}
