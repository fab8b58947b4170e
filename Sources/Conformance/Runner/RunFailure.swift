import HarnessModel
import Vocabulary

/// Why a plan run did not get as far as its reports: each case names the stage that failed,
/// so the command line can choose its exit code; `description` is the line a person reads
/// after `error: `.
public enum RunFailure: Error, Sendable, CustomStringConvertible {
    /// The embedded reference Service did not start (a library or socket failure).
    case embeddedServiceDidNotStart(String)
    /// The target file is missing, unreadable or invalid; the error names the field and the fix.
    case target(TargetError)
    /// The target names staging MPass (`idp.kind`), which a run cannot play.
    case targetNotForSimulator(path: String, kind: String)
    /// The simulator refused its configuration (from the target's `idp` part).
    case simulator(HarnessError)
    /// The report folder is taken or cannot be made.
    case reportFolder(HarnessError)
    /// Chromium (`--browser chromium`) is not installed (`browser.missing`) or failed (`browser.failed`).
    case browser(HarnessError)
    /// The run's HAR evidence could not be encoded.
    case evidence(HarnessError)
    /// The reports (`report.write-failed`) or the bundle (a `bundle.*` code) could not be written.
    case artefacts(HarnessError)

    public var description: String {
        switch self {
        case .embeddedServiceDidNotStart(let detail):
            "the embedded reference Service could not start: \(detail)"
        case .target(let error):
            "\(error)"
        case .targetNotForSimulator(let path, let kind):
            "\(path): idp.kind is \(kind); `run` plays MPass itself. Use idp.kind: simulator, or `mpass-harness live` for the real staging MPass"
        case .simulator(let error), .artefacts(let error):
            error.userMessage
        case .reportFolder(let error), .browser(let error):
            error.reason
        case .evidence(let error):
            "the run's evidence could not be encoded: \(error)"
        }
    }
}
