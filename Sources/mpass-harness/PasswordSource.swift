import Foundation

/// Where a credential's password comes from on the command line: the `--password` flag when
/// given, else the `MPASS_HARNESS_PASSWORD` environment variable (preferred: a command line is
/// visible to other users). The one place the CLI reads that variable.
enum PasswordSource {
    static let environmentVariable = "MPASS_HARNESS_PASSWORD"

    static func resolve(_ flag: String? = nil) -> String? {
        flag ?? ProcessInfo.processInfo.environment[environmentVariable]
    }
}
