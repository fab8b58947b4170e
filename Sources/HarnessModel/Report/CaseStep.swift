/// One step of a case as it happened ("open the login URL", "the Service answered 302 to
/// MPass"), with the recorded HTTP exchanges that show it.
public struct CaseStep: Codable, Sendable, Equatable {
    public var title: String
    public var outcome: StepOutcome
    public var detail: String
    /// Indexes into the run's recorded exchanges (the HAR evidence); nil when the step
    /// made no request.
    public var exchangeIDs: [Int]?

    public init(title: String, outcome: StepOutcome, detail: String = "", exchangeIDs: [Int]? = nil) {
        self.title = title
        self.outcome = outcome
        self.detail = detail
        self.exchangeIDs = exchangeIDs
    }

    private enum CodingKeys: String, CodingKey { case title, outcome, detail, exchangeIDs }

    // Written by hand so that an absent `exchangeIDs` is an explicit null: every step in
    // report.json has the same keys, which keeps the schema obvious to readers and diffs.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(detail, forKey: .detail)
        try container.encode(exchangeIDs, forKey: .exchangeIDs)
    }
}
