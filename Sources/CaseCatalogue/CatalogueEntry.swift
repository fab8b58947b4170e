/// One case of the catalogue with what is needed to list it: the area it belongs to. Which
/// reference-Service weakness proves each case lives with the weaknesses
/// (`ServiceWeakness.caughtBy`), not here: the shipped catalogue knows no reference Service.
public struct CatalogueEntry: Sendable {
    public let testCase: ConformanceCase
    public let area: CatalogueArea

    public init(_ testCase: ConformanceCase, area: CatalogueArea) {
        self.testCase = testCase
        self.area = area
    }

    public var id: String { testCase.id }
}
