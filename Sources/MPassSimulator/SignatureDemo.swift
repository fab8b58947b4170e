import Foundation
import MPassSAML
import Vocabulary

/// `mpass-harness demo`, the first minute with the tool: throwaway identities, an
/// MPass-shaped Response signed and verified strictly, then the same Response refused once
/// its NameID is changed after signing.
public struct SignatureDemo: Sendable {
    /// What a person reads, line by line: the checks of each Response and its verdict.
    public let text: String
    /// The signed Response passed every check.
    public let acceptedTheSigned: Bool
    /// The tampered copy failed.
    public let refusedTheTampered: Bool

    /// Both halves came out as the demo says they do; anything else is a bug in the core.
    public var showedWhatItPromises: Bool { acceptedTheSigned && refusedTheTampered }

    public static func run(now: Date = Date()) throws(HarnessError) -> SignatureDemo {
        let idp = try TestCredentialFactory.make(.init(commonName: "demo MPass IdP"))
        let requestID = SAMLIdentifier.make()
        let nameID = "2001234567890"
        let acs = "https://localhost:5001/mpass-login"
        let audience = "https://mpass.localhost.egov.md"
        var login = LoginResponse(issuer: "https://mpass.sim.test", acsURL: acs, audience: audience, inResponseTo: requestID,
                                  nameID: nameID, sessionIndex: SAMLIdentifier.make(), authnInstant: now)
        login.addAttribute("FirstName", value: "Ion")
        login.addAttribute("LastName", value: "Popescu")
        let signed = try login.response(at: now).signedDocument(signer: XMLSigner(identity: idp)).serialized()
        let expectations = ResponseExpectations(pinnedCertificates: [idp.certificate], idpIssuer: "https://mpass.sim.test",
                                                acsURL: acs, audience: audience, outstandingRequestIDs: [requestID])
        let validator = ResponseValidator(expectations: expectations, window: TimeWindow(now: now))

        var lines = ["1. A Response signed by the (simulated) MPass key, verified against the pinned certificate:"]
        let good = try validator.validate(SafeXMLParser().parse(signed))
        lines += good.report.checks.map { "   " + $0.line }
        lines.append("   => \(good.isValid ? "VALID" : "INVALID")")

        lines.append("\n2. The same Response with the NameID changed after signing:")
        let tampered = Data(String(decoding: signed, as: UTF8.self).replacingOccurrences(of: nameID, with: "2009999999999").utf8)
        let bad = try validator.validate(SafeXMLParser().parse(tampered))
        lines += bad.report.failures.map { "   " + $0.line }
        lines.append("   => \(bad.isValid ? "VALID" : "INVALID")")
        return SignatureDemo(text: lines.joined(separator: "\n") + "\n", acceptedTheSigned: good.isValid,
                             refusedTheTampered: !bad.isValid)
    }
}
