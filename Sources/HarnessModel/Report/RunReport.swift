import Foundation

/// Everything one run found: what was tested, against which IdP, when, and every case.
///
/// This is what `report.json` holds and what `replay` and `report verify` later compare
/// byte for byte, so its field names are stable and its encoding (`ReportJSON`) is
/// deterministic. `summary` and `verdict` are computed from the cases; a decoded report
/// whose stored summary or verdict disagrees with its cases is refused as corrupted.
public struct RunReport: Codable, Sendable, Equatable {
    /// Bumped when a field changes meaning or disappears; adding a field is not a bump.
    public static let currentSchemaVersion = 1

    public struct Tool: Codable, Sendable, Equatable {
        public var name: String
        public var version: String

        public init(name: String = "mpass-harness", version: String) {
            self.name = name
            self.version = version
        }
    }

    /// The Service under test.
    public struct Target: Codable, Sendable, Equatable {
        public var name: String
        public var baseURL: String
        /// The Service's entity ID, when known.
        public var issuer: String?

        public init(name: String, baseURL: String, issuer: String?) {
            self.name = name
            self.baseURL = baseURL
            self.issuer = issuer
        }

        private enum CodingKeys: String, CodingKey { case name, baseURL, issuer }

        // An unknown issuer is written as null, so every report has the same keys.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(baseURL, forKey: .baseURL)
            try container.encode(issuer, forKey: .issuer)
        }
    }

    /// The MPass the run talked to.
    public struct IdentityProvider: Codable, Sendable, Equatable {
        public var kind: IdentityProviderKind
        public var baseURL: String
        public var issuer: String?
        /// `live`: the algorithms MPass signed with in the session (`rsa-sha256`, `rsa-sha1`, …).
        public var signatureAlgorithms: [String]?

        public init(kind: IdentityProviderKind, baseURL: String, issuer: String?) {
            self.kind = kind
            self.baseURL = baseURL
            self.issuer = issuer
        }

        private enum CodingKeys: String, CodingKey { case kind, baseURL, issuer, signatureAlgorithms }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(baseURL, forKey: .baseURL)
            try container.encode(issuer, forKey: .issuer)
            try container.encodeIfPresent(signatureAlgorithms, forKey: .signatureAlgorithms)
        }
    }

    public var schemaVersion: Int
    public var tool: Tool
    /// Held at whole milliseconds, the precision report.json writes.
    public var startedAt: Date {
        didSet { startedAt = ReportTimestamp.normalised(startedAt) }
    }
    public var finishedAt: Date {
        didSet { finishedAt = ReportTimestamp.normalised(finishedAt) }
    }
    public var target: Target
    public var idp: IdentityProvider
    /// The plan that was run (`chapter9`).
    public var plan: String
    public var cases: [CaseResult]
    /// What played the browser; nil in reports written before the field existed, read as
    /// the in-process agent.
    public var browser: BrowserKind?
    /// Chromium's version (`131.0.6778.85`) when the run knew it; absent otherwise, and
    /// always for in-process runs.
    public var browserVersion: String?

    /// The browser as report.html and summary.md name it: `Chromium 131.0.6778.85 (headless)`,
    /// `Chromium (headless)` when the version is unknown, or `in-process agent`.
    public var browserDescription: String {
        switch browser {
        case .chromium:
            let version = (browserVersion ?? "").trimmingCharacters(in: .whitespaces)
            return version.isEmpty ? "Chromium (headless)" : "Chromium \(version) (headless)"
        case .inProcess, nil:
            return "in-process agent"
        }
    }

    public var summary: RunSummary { RunSummary(cases: cases) }
    public var verdict: RunVerdict { RunVerdict(cases: cases) }

    public init(schemaVersion: Int = RunReport.currentSchemaVersion, tool: Tool, startedAt: Date,
                finishedAt: Date, target: Target, idp: IdentityProvider, plan: String,
                cases: [CaseResult]) {
        self.schemaVersion = schemaVersion
        self.tool = tool
        self.startedAt = ReportTimestamp.normalised(startedAt)
        self.finishedAt = ReportTimestamp.normalised(finishedAt)
        self.target = target
        self.idp = idp
        self.plan = plan
        self.cases = cases
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, startedAt, finishedAt, target, idp, plan, browser, browserVersion, cases, summary, verdict
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(tool, forKey: .tool)
        // Instants are strings written here, not by the encoder's date strategy, so the
        // spelling cannot depend on how the encoder was configured.
        try container.encode(ReportTimestamp.string(startedAt), forKey: .startedAt)
        try container.encode(ReportTimestamp.string(finishedAt), forKey: .finishedAt)
        try container.encode(target, forKey: .target)
        try container.encode(idp, forKey: .idp)
        try container.encode(plan, forKey: .plan)
        try container.encodeIfPresent(browser, forKey: .browser)
        try container.encodeIfPresent(browserVersion, forKey: .browserVersion)
        try container.encode(cases, forKey: .cases)
        try container.encode(summary, forKey: .summary)
        try container.encode(verdict, forKey: .verdict)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .schemaVersion)
        guard version == Self.currentSchemaVersion else {
            throw DecodingError.dataCorruptedError(forKey: .schemaVersion, in: container,
                debugDescription: "report schema version \(version); this tool reads version \(Self.currentSchemaVersion)")
        }
        func instant(_ key: CodingKeys) throws -> Date {
            let text = try container.decode(String.self, forKey: key)
            guard let date = ReportTimestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container,
                    debugDescription: "\(text) is not an instant as reports write them (2025-03-01T09:30:00.250Z)")
            }
            return date
        }
        self.init(schemaVersion: version,
                  tool: try container.decode(Tool.self, forKey: .tool),
                  startedAt: try instant(.startedAt),
                  finishedAt: try instant(.finishedAt),
                  target: try container.decode(Target.self, forKey: .target),
                  idp: try container.decode(IdentityProvider.self, forKey: .idp),
                  plan: try container.decode(String.self, forKey: .plan),
                  cases: try container.decode([CaseResult].self, forKey: .cases))
        browser = try container.decodeIfPresent(BrowserKind.self, forKey: .browser)
        browserVersion = try container.decodeIfPresent(String.self, forKey: .browserVersion)
        // A summary or verdict edited by hand would otherwise be silently recomputed away;
        // `report verify` must hear about it.
        if let stored = try container.decodeIfPresent(RunSummary.self, forKey: .summary), stored != summary {
            throw DecodingError.dataCorruptedError(forKey: .summary, in: container,
                debugDescription: "the summary does not match the cases it summarises")
        }
        if let stored = try container.decodeIfPresent(RunVerdict.self, forKey: .verdict), stored != verdict {
            throw DecodingError.dataCorruptedError(forKey: .verdict, in: container,
                debugDescription: "the verdict \(stored.rawValue) does not follow from the cases (they give \(verdict.rawValue))")
        }
    }
}
