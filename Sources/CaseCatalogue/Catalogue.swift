import Foundation
import HarnessModel

/// Every case the harness knows: the guide's chapter 9 and the extended catalogue, as data.
/// Ids are stable (`TC_…` as the guide names them, `MPX-<area>-<nn>` for the rest) and never
/// reused once shipped, like check ids.
public enum Catalogue {
    public static let entries: [CatalogueEntry] = chapter9 + response + signatures + xml + replay + logout + messages

    public static var cases: [ConformanceCase] { entries.map(\.testCase) }

    public static func entry(_ id: String) -> CatalogueEntry? { index[id] }

    private static let index: [String: CatalogueEntry] = Dictionary(entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// Chapter 9 as the guide states it.
    static let chapter9: [CatalogueEntry] = Chapter9.cases.map { CatalogueEntry($0, area: .chapter9) }
}

/// Builds the entries of one area: numbered ids, the extended kind, and the defaults most
/// cases share (required, rejected).
struct AreaBuilder {
    let area: CatalogueArea

    func make(_ number: Int, _ title: String, rule: String, severity: CaseSeverity = .required,
              expect expectation: ConformanceCase.Expectation = .rejected, fault: String,
              guardsSignedReading: Bool = false,
              _ scenario: ConformanceCase.Scenario) -> CatalogueEntry {
        let id = "MPX-\(area.rawValue)-" + (number < 10 ? "0\(number)" : "\(number)")
        var testCase = ConformanceCase(id: id, title: title, reference: rule, kind: .extended, severity: severity,
                                       expectation: expectation, fault: fault, scenario: scenario)
        testCase.guardsSignedReading = guardsSignedReading
        return CatalogueEntry(testCase, area: area)
    }
}
