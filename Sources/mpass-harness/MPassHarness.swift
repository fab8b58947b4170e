import ArgumentParser
import Foundation
import HarnessModel
import MPassSAML

/// `mpass-harness`: argument parsing, printing and exit codes only. Every decision lives
/// in the library.
@main
struct MPassHarness: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpass-harness",
        abstract: "Test a Service's MPass (SAML 2.0) integration: sign, verify, and run the chapter-9 checklist.",
        discussion: """
            Exit codes: 0 success or valid, 1 a finding (invalid message, failed case), 64 usage error,
            65 undecodable input, 66 missing input file, 70 internal failure.
            Nothing here ever targets the production MPass (mpass.gov.md).
            """,
        version: ToolInfo.version,
        subcommands: [RunCommand.self, CasesCommand.self, InitCommand.self, PreflightCommand.self, LiveCommand.self,
                      ReplayCommand.self, ReportCommand.self, DemoCommand.self, KeysCommand.self, SignCommand.self,
                      VerifyCommand.self, MetadataCommand.self, IdPCommand.self, MNotifyCommand.self,
                      SimulatorCommand.self, ServiceCommand.self]
    )
}
