import ReferenceService

/// One case of the catalogue with what is needed to list it and to prove it: the area it
/// belongs to, and the reference Service's weaknesses that must make it fail. A case that
/// no weakness makes fail proves nothing about the harness; `provenBy` is the evidence
/// table of the mutation test (`fixtures/mutation-matrix.md`).
public struct CatalogueEntry: Sendable {
    public let testCase: ConformanceCase
    public let area: CatalogueArea
    /// Weaknesses that make this case fail, besides those that break every login (the
    /// AuthnRequest weaknesses, which MPass refuses before any case can start).
    public let provenBy: Set<ServiceWeakness>

    public init(_ testCase: ConformanceCase, area: CatalogueArea, provenBy: Set<ServiceWeakness>) {
        self.testCase = testCase
        self.area = area
        self.provenBy = provenBy
    }

    public var id: String { testCase.id }
}
