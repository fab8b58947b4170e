import Vocabulary

/// Replay's error codes: no recording, nothing SAML in it, a certificate that cannot be read (a Service that failed is a result).
extension HarnessError.Code {
    /// The recordings hold no SAML message at all: nothing to replay.
    public static let replayNoMessages = Self(rawValue: "replay.no-messages")
    /// A certificate given on the command line (or in a target) cannot be read.
    public static let replayCertificateUnreadable = Self(rawValue: "replay.certificate-unreadable")
    /// The recording names MPass production: refused, as everywhere.
    public static let replayProductionRefused = Self(rawValue: "replay.production-refused")
    /// The reports or the bundle could not be made.
    public static let replayReportFailed = Self(rawValue: "replay.report-failed")
}
