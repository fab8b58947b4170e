import Foundation

/// What happened in one case, as a sequence diagram: who took part (the browser, the Service,
/// MPass, any other host an exchange went to) and, in order, each HTTP request, its answer,
/// and each SAML message carried, with the verdict of the checks made on it.
///
/// A plain model: `Evidence` builds it from a run's HAR and report (`CaseDiagrams`), and
/// report.html draws it as inline SVG (`SequenceDiagramLayout`), so the page stays one file
/// with no script.
public struct SequenceDiagram: Sendable, Equatable {
    /// The lifeline every exchange starts from.
    public static let browser = "Browser"
    public static let service = "Service"
    public static let mpass = "MPass"

    /// What the checks said about a SAML message.
    public enum Verdict: String, Sendable, Equatable {
        /// Every check made on the message passed.
        case valid
        /// At least one check failed (named in the arrow's `failedChecks`).
        case invalid
        /// The case kept no checks for this message (one the Service wrote that the case did
        /// not judge).
        case notChecked
        /// The harness wrote this message itself (the simulator playing MPass): nothing to
        /// judge, the Service's behaviour judges it. The arrow's `fault` says what the case broke.
        case sentByHarness
    }

    public struct Arrow: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable {
            /// An HTTP request, from the browser.
            case request
            /// The answer to the request above it, back to the browser.
            case response
            /// A SAML message, from the party that wrote it to the party it is for.
            case message
        }

        public var kind: Kind
        /// Indexes into `participants`.
        public var from: Int
        public var to: Int
        /// `GET /login?…`, `302 → /sso?…`, `AuthnRequest · HTTP-Redirect`.
        public var label: String
        /// The recorded exchange's number (the HAR's `_sequence`), for requests.
        public var exchange: Int?
        /// Messages only.
        public var verdict: Verdict?
        /// Messages only: the ids of the checks that failed, in order.
        public var failedChecks: [String]
        /// Messages only: how many checks were made.
        public var checkCount: Int
        /// Messages the harness sent only: the case's own description of the fault it applied
        /// (`CaseResult.fault`); nil for an unfaulted message.
        public var fault: String?

        public init(kind: Kind, from: Int, to: Int, label: String, exchange: Int? = nil, verdict: Verdict? = nil,
                    failedChecks: [String] = [], checkCount: Int = 0, fault: String? = nil) {
            self.kind = kind
            self.from = from
            self.to = to
            self.label = label
            self.exchange = exchange
            self.verdict = verdict
            self.failedChecks = failedChecks
            self.checkCount = checkCount
            self.fault = fault
        }
    }

    /// Lifeline names, left to right: `Browser`, `Service`, `MPass`, then other hosts.
    public var participants: [String]
    public var arrows: [Arrow]
    /// Exchanges beyond the drawing limit, counted but not drawn.
    public var omittedExchanges: Int

    public init(participants: [String] = [Self.browser, Self.service, Self.mpass], arrows: [Arrow] = [],
                omittedExchanges: Int = 0) {
        self.participants = participants
        self.arrows = arrows
        self.omittedExchanges = omittedExchanges
    }
}

/// What report.html shows beyond report.json: each case's sequence diagram (by case id) and
/// the bytes of each screenshot (by `CaseScreenshot.path`). Empty when a report is written
/// without its evidence; the page then says what is missing.
public struct ReportPictures: Sendable, Equatable {
    public var diagrams: [String: SequenceDiagram]
    public var screenshots: [String: Data]

    public init(diagrams: [String: SequenceDiagram] = [:], screenshots: [String: Data] = [:]) {
        self.diagrams = diagrams
        self.screenshots = screenshots
    }

    public static let none = ReportPictures()
}
