import Foundation

/// `mpass-harness cases`: the catalogue as a table for people and as JSON for machines.
public enum CatalogueListing {
    /// One listed case; field names are stable (tools read them).
    struct Item: Encodable {
        let id: String
        let area: String
        let title: String
        let rule: String
        let severity: String
        let expected: String
        let fault: String
        /// The reference Service's weaknesses this case is proven to catch (the mutation matrix).
        let provenBy: [String]
    }

    /// The weaknesses that prove a case, by case id: the reference Service's table
    /// (`ServiceWeakness.caughtBy`), given by the caller, since the catalogue knows no Service.
    public typealias Proof = @Sendable (String) -> [String]

    static func item(_ testCase: ConformanceCase, proof: Proof) -> Item {
        let entry = Catalogue.entry(testCase.id)
        return Item(id: testCase.id, area: (entry?.area ?? .chapter9).rawValue, title: testCase.title, rule: testCase.reference,
                    severity: testCase.severity.rawValue, expected: testCase.expectation.rawValue, fault: testCase.fault,
                    provenBy: proof(testCase.id).sorted())
    }

    public static func json(_ cases: [ConformanceCase], proof: Proof = { _ in [] }) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(cases.map { item($0, proof: proof) }), as: UTF8.self)
    }

    /// Grouped by area: id, severity, title, then the rule on its own line.
    public static func text(_ cases: [ConformanceCase]) -> String {
        var lines: [String] = []
        let items = cases.map { item($0, proof: { _ in [] }) }
        for area in CatalogueArea.allCases {
            let inArea = items.filter { $0.area == area.rawValue }
            guard !inArea.isEmpty else { continue }
            lines.append("\(area.rawValue): \(area.title) (\(inArea.count))")
            for item in inArea {
                let marker = item.severity == "required" ? "required   " : "recommended"
                lines.append("  \(item.id.padding(toLength: 12, withPad: " ", startingAt: 0)) \(marker)  \(item.title)")
                lines.append("  \(String(repeating: " ", count: 12))              rule: \(item.rule)")
            }
        }
        lines.append("\(items.count) cases")
        return lines.joined(separator: "\n")
    }
}
