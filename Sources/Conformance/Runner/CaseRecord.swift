import Foundation
import MPassSAML

/// What running one case produced: the verdict, why, and the evidence.
public struct CaseRecord: Sendable {
    public enum Verdict: String, Sendable, Codable {
        case pass, fail
        /// A person must look: the evidence does not decide.
        case review
        /// The case could not be run (the tool or the Service's set-up failed, not a check).
        case error
    }

    public let testCase: ConformanceCase
    public var verdict: Verdict
    /// What the Service did, in a few words ("rejected: /protected redirected to /login").
    public var observed: String
    /// One sentence for a person: what happened and, on failure, how to fix it.
    public var reason: String
    public var steps: [Step]
    public var messages: [Message]
    public var duration: TimeInterval

    public struct Step: Sendable {
        public enum Outcome: String, Sendable, Codable { case pass, fail, info, review }
        public var title: String
        public var outcome: Outcome
        public var detail: String
        /// Sequence numbers of the recorded HTTP exchanges this step made.
        public var exchangeIDs: [Int]
    }

    /// A SAML message the case saw, with the checks made on it (for messages the Service sent).
    public struct Message: Sendable {
        public enum Direction: String, Sendable, Codable {
            case serviceToIdP = "service-to-idp"
            case idpToService = "idp-to-service"
        }
        public var direction: Direction
        public var kind: String
        public var binding: String
        public var id: String?
        public var xml: String
        public var checks: ValidationReport?
        public var note: String
    }
}
