import ArgumentParser
import CaseCatalogue
import Foundation
import ReferenceService
import Vocabulary

struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List the catalogue: every case with its id, title, the rule it guards and its severity.",
        discussion: "With --plan, only the cases of that plan (chapter9, full, or a plan file). JSON lists the same fields plus the area, the expected verdict and the fault.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(help: "text (default) or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Only the cases of this plan.", valueName: "name|file"))
    var plan: String = "full"

    func run() throws {
        let cases: [ConformanceCase]
        do throws(HarnessError) {
            cases = try TestPlan.resolve(plan).cases
        } catch {
            throw ValidationError(error.reason)
        }
        switch format {
        case .json: print(try CatalogueListing.json(cases, proof: ServiceWeakness.proving))
        case .text: print(CatalogueListing.text(cases))
        }
    }
}
