import Evidence
import HarnessModel

/// What a live session leaves: the run report (as `run` writes it) and the exchanges as HAR.
public struct LiveOutcome: Sendable {
    public let report: RunReport
    public let har: HAR
}
