/// The one error type of replay and of the compliance bundle's report check. Thrown only
/// when the work cannot be done (no recording, nothing SAML in it, a certificate that cannot
/// be read); a Service that failed, or a bundle that does not verify, is a result.
///
/// Tests compare by `code`; `reason` is for people and names the file and what to do.
public struct ReplayError: Error, Sendable, Equatable, CustomStringConvertible {
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

    public static func == (lhs: ReplayError, rhs: ReplayError) -> Bool { lhs.code == rhs.code }
}

extension ReplayError.Code {
    /// The recordings hold no SAML message at all: nothing to replay.
    public static let noMessages = Self(rawValue: "replay.no-messages")
    /// A certificate given on the command line (or in a target) cannot be read.
    public static let certificateUnreadable = Self(rawValue: "replay.certificate-unreadable")
    /// The recording names MPass production: refused, as everywhere.
    public static let productionRefused = Self(rawValue: "replay.production-refused")
    /// The reports or the bundle could not be made.
    public static let reportFailed = Self(rawValue: "replay.report-failed")
}
