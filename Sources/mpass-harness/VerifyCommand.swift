import ArgumentParser
import Foundation
import MPassSAML
import Onboarding
import Vocabulary

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Who sent the message, so the right pinned certificate is used.
extension MessageVerifier.Sender: ExpressibleByArgument {}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a SAML message strictly and explain every check.",
        discussion: """
            The message is a file (XML, base64, a form body or a Redirect URL; '-' reads stdin), or given
            with --base64 / --form / --redirect-url. Prints every check as PASS|FAIL|SKIP|N/A id: reason.
            Exit 0 when valid, 1 when invalid, 64 for usage errors, 65 when the input cannot be decoded,
            66 when a file is missing.
            """)

    @Argument(help: ArgumentHelp("The message file ('-' for stdin).", valueName: "file"))
    var file: String?

    @Option(help: "The message as base64 (the SAMLResponse/SAMLRequest form value).")
    var base64: String?

    @Option(help: "The message as an HTTP-POST form body (SAMLResponse=…&RelayState=…).")
    var form: String?

    @Option(name: .customLong("redirect-url"), help: "The message as an HTTP-Redirect URL (its query signature is checked over the exact bytes).")
    var redirectURL: String?

    @Option(name: .customLong("idp-cert"), help: ArgumentHelp("MPass's signing certificate, pinned (repeatable).", valueName: "path"))
    var idpCertificates: [String] = []

    @Option(name: .customLong("idp-cache"), help: ArgumentHelp("Trust MPass staging's cached, pinned certificate (from `idp fetch`; default folder \(IdPCache.defaultDirectory)) and take its Issuer from the cached metadata.", valueName: "dir"))
    var idpCache: String?

    @Option(name: .customLong("sp-cert"), help: ArgumentHelp("The Service's registered certificate, for its AuthnRequest, LogoutRequest, LogoutResponse (repeatable).", valueName: "path"))
    var spCertificates: [String] = []

    @Option(help: "Who sent the message (default: MPass for a Response, the Service for an AuthnRequest; required for logout messages when both --idp-cert and --sp-cert are given).")
    var from: MessageVerifier.Sender?

    @Option(help: "Expected Destination (the ACS URL for a Response; MPass's SSO/SLO URL for a Service's message).")
    var destination: String?

    @Option(help: "Expected Audience (the Service's Issuer).")
    var audience: String?

    @Option(help: "Expected InResponseTo (repeatable: any of them).")
    var inResponseTo: [String] = []

    @Option(help: "Expected Issuer of MPass.")
    var idpIssuer: String?

    @Option(help: "Expected Issuer of the Service (for its messages).")
    var issuer: String?

    @Option(name: .customLong("name-id"), help: "Expected NameID of a LogoutRequest.")
    var nameID: String?

    @Option(help: "Expected SessionIndex of a LogoutRequest.")
    var sessionIndex: String?

    @Option(help: "The time to validate at, UTC (default: now).")
    var now: String?

    @Option(help: "Allowed clock skew in seconds.")
    var clockSkew: Double = 180

    @Option(help: "How long after IssueInstant a message is accepted, in seconds.")
    var maxAge: Double = 600

    @Flag(help: "Require the Assertion to be signed too.")
    var requireSignedAssertion = false

    @Flag(help: "Accept a Response whose Assertion alone is signed.")
    var allowUnsignedResponse = false

    @Flag(name: .customLong("allow-sha1"), help: "Accept RSA-SHA1, SHA-1 digests and pinned RSA keys under 2048 bits (refused by default).")
    var allowSHA1 = false

    @Option(help: "Output: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        let sources = [file != nil, base64 != nil, form != nil, redirectURL != nil].filter { $0 }.count
        if sources == 0 { throw ValidationError("give the message: a file argument, --base64, --form or --redirect-url") }
        if sources > 1 { throw ValidationError("give the message only once: a file, --base64, --form or --redirect-url") }
    }

    func run() throws {
        do {
            try verify()
        } catch let refusal as Refusal {
            // Refused before any check could run (unreadable, undecodable, not SAML): still one
            // JSON document on stdout in --format json, so a pipeline always has something to read.
            printError("error: \(refusal.error.reason) [\(refusal.error.code)]")
            if format == .json { print(Self.json(RefusalReport(error: refusal.error))) }
            throw ToolExit.code(for: refusal.error)
        }
    }

    /// A `HarnessError` on its way to `run`, which reports it in the chosen format.
    private struct Refusal: Error { let error: HarnessError }

    /// `{"valid": false, "message": null, "checks": [], "error": {"code", "reason"}}`.
    private struct RefusalReport: Encodable {
        let error: HarnessError
        private enum CodingKeys: String, CodingKey { case valid, message, checks, error }
        private enum ErrorKeys: String, CodingKey { case code, reason }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(false, forKey: .valid)
            try container.encodeNil(forKey: .message)
            try container.encode([CheckResult](), forKey: .checks)
            var nested = container.nestedContainer(keyedBy: ErrorKeys.self, forKey: .error)
            try nested.encode(error.code.rawValue, forKey: .code)
            try nested.encode(error.reason, forKey: .reason)
        }
    }

    private func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as HarnessError {
            throw Refusal(error: error)
        }
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    private func verify() throws {
        let validationTime = try SAMLInstant.commandLineNow(now)
        var verifier = MessageVerifier(window: TimeWindow(now: validationTime, clockSkew: clockSkew, messageLifetime: maxAge))
        // The tool's own inputs first: a missing certificate file is reported as such.
        verifier.idpCertificates = try idpCertificates.flatMap { path in try refusing { try CredentialLoader.loadCertificates(path: path) } }
        verifier.idpIssuer = idpIssuer
        if let idpCache {
            let cached = try loadIdPCache(idpCache, now: validationTime)
            verifier.idpCertificates += cached.certificates
            verifier.idpIssuer = idpIssuer ?? cached.metadata.entityID
        }
        verifier.spCertificates = try spCertificates.flatMap { path in try refusing { try CredentialLoader.loadCertificates(path: path) } }
        verifier.sender = from
        verifier.destination = destination
        verifier.audience = audience
        verifier.serviceIssuer = issuer
        verifier.nameID = nameID
        verifier.sessionIndex = sessionIndex
        verifier.outstandingRequestIDs = inResponseTo.isEmpty ? nil : Set(inResponseTo)
        verifier.requireSignedResponse = !allowUnsignedResponse
        verifier.requireSignedAssertion = requireSignedAssertion
        verifier.allowWeakAlgorithms = allowSHA1
        let input = try refusing { try MessageInput.decode(try rawInput()) }
        let report: ValidationReport
        do throws(HarnessError) {
            report = try verifier.verify(input).report
        } catch where error.code == .messageSenderAmbiguous {
            printError("error: \(error.reason)")
            throw ToolExit.usage
        } catch {
            throw Refusal(error: error)
        }
        print(render(report))
        if !report.isValid { throw ToolExit.finding }
    }

    private func rawInput() throws -> Data {
        if let base64 { return Data(base64.utf8) }
        if let form { return Data(form.utf8) }
        if let redirectURL { return Data(redirectURL.utf8) }
        return try InputFile.read(file!)
    }

    private func render(_ report: ValidationReport) -> String {
        switch format {
        case .json:
            return Self.json(report)
        case .text:
            var lines = report.checks.map(\.line)
            let failures = report.failures.count
            lines.append(report.isValid
                ? "VALID: \(report.messageKind), \(report.checks.count) checks, none failed"
                : "INVALID: \(report.messageKind), \(failures) of \(report.checks.count) checks failed")
            return lines.joined(separator: "\n")
        }
    }
}
