import Dispatch
import Evidence
import Foundation
import MPassSAML
import Vocabulary

/// What one recorded message is checked for, with the expectations its flow gives it.
struct VerificationJob: Sendable {
    enum Check: Sendable {
        case authnRequest(RequestExpectations)
        case logoutRequest(RequestExpectations)
        case logoutResponse(RequestExpectations)
        case response(ResponseExpectations)
        /// Not part of any flow (undecodable, or not a SAML protocol message).
        case none
    }

    var message: ExtractedMessage
    var check: Check
}

/// Verifies recorded messages with the SAML core's own validators, the clock frozen at the
/// moment the recording shows each message, on every core.
///
/// Thread safety: each job parses its own document (libxml2 documents are never shared
/// between jobs), and xmlsec's process-global error callback writes to a log attached to
/// the calling thread (MPassSAML's `XMLSecErrorLog`), so concurrent verifications keep their
/// errors apart. Results land in per-index slots: the output order is the input order
/// whatever the scheduling, which keeps replays deterministic.
enum RecordedMessageVerifier {
    /// MPass's defaults (the simulator's too): 3 minutes of skew, 10 minutes of lifetime.
    static let clockSkew: TimeInterval = 180
    static let messageLifetime: TimeInterval = 600

    static func verify(_ jobs: [VerificationJob], parallel: Bool = true) -> [ValidationReport] {
        let slots = ReplaySlots<ValidationReport>(count: jobs.count)
        if parallel && jobs.count > 1 {
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                slots.set(index, verify(jobs[index]))
            }
        } else {
            for index in jobs.indices { slots.set(index, verify(jobs[index])) }
        }
        return slots.values.map { $0 ?? ValidationReport(messageKind: "?") }
    }

    static func verify(_ job: VerificationJob) -> ValidationReport {
        let message = job.message
        let kindName = message.kind?.rawValue ?? message.field.parameterName
        if let problem = message.problem {
            return ValidationReport(messageKind: kindName, checks: [.fail(.replayDecode, problem)])
        }
        // The recording's own time: what "now" was when the message travelled.
        let now = message.recordedAt ?? Date(timeIntervalSince1970: 0)
        let window = TimeWindow(now: now, clockSkew: clockSkew, messageLifetime: messageLifetime)
        var timeNote: [CheckResult] = []
        if message.recordedAt == nil {
            timeNote = [.fail(.replayRecordedTime, "the recording gives no readable time for this message, so its freshness cannot be judged")]
        }
        let document: XMLDocument
        do {
            document = try SafeXMLParser().parse(message.xml)
        } catch {
            return ValidationReport(messageKind: kindName, checks: [.fail(.replayDecode, error.reason)])
        }
        // A request (or LogoutResponse) as MPass checks it: the Redirect binding's signature
        // first (it tells the validator whether the XML must be signed), then the XML.
        func requestReport<Message>(_ expectations: RequestExpectations,
                                    _ validate: (RequestValidator) throws(HarnessError) -> MessageValidation<Message>) throws(HarnessError) -> ValidationReport {
            var expectations = expectations
            let redirectChecks = bindingChecks(message, &expectations)
            var report = try validate(RequestValidator(expectations: expectations, window: window)).report
            report.add(contentsOf: redirectChecks + timeNote)
            return report
        }
        do {
            switch job.check {
            case .none:
                return ValidationReport(messageKind: kindName, checks: [.notApplicable(.replayFlow, "the message belongs to no login or logout flow")])
            case .response(let expectations):
                var report = try ResponseValidator(expectations: expectations, window: window).validate(document).report
                report.add(contentsOf: timeNote)
                return report
            case .authnRequest(let expectations):
                return try requestReport(expectations) { validator throws(HarnessError) in try validator.validateAuthnRequest(document) }
            case .logoutRequest(let expectations):
                return try requestReport(expectations) { validator throws(HarnessError) in try validator.validateLogoutRequest(document) }
            case .logoutResponse(let expectations):
                return try requestReport(expectations) { validator throws(HarnessError) in try validator.validateLogoutResponse(document) }
            }
        } catch {
            return ValidationReport(messageKind: kindName, checks: [.fail(.replayDecode, error.reason)])
        }
    }

    /// HTTP-Redirect: the query signature over the octets as recorded, as MPass checks it.
    private static func bindingChecks(_ message: ExtractedMessage, _ expectations: inout RequestExpectations) -> [CheckResult] {
        guard let redirect = message.redirect else { return [] }
        let checks = redirect.verifySignature(policy: SignaturePolicy(
            pinnedCertificates: expectations.pinnedCertificates, allowWeakAlgorithms: expectations.allowWeakAlgorithms,
            warnOnWeakAlgorithms: expectations.warnOnWeakAlgorithms))
        expectations.signatureVerifiedByBinding = checks.allSatisfy { !$0.isFailure }
        return checks
    }
}
