import ArgumentParser
import MPassSimulator

/// The first minute with the tool (`SignatureDemo`): a signed sample Response verified, then a tampered copy refused.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Sign a sample MPass Response with throwaway test keys and verify it, then a tampered copy.")

    func run() throws {
        let demo = try reportingErrors { try SignatureDemo.run() }
        print(demo.text, terminator: "")
        guard demo.showedWhatItPromises else { throw ToolExit.internalFailure }
    }
}
