import ArgumentParser
import Foundation
import MPassSAML
import MPassSimulator

/// The first minute with the tool: make throwaway identities, sign an MPass-shaped
/// Response, verify it strictly, then show the same Response refused when tampered with.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Sign a sample MPass Response with throwaway test keys and verify it, then a tampered copy.")

    func run() throws {
        let now = Date()
        let idp = try reportingErrors { try TestCredentialFactory.make(.init(commonName: "demo MPass IdP")) }
        let requestID = SAMLIdentifier.make()
        let acs = "https://localhost:5001/mpass-login"
        let audience = "https://mpass.localhost.egov.md"
        var login = LoginResponse(issuer: "https://mpass.sim.test", acsURL: acs, audience: audience, inResponseTo: requestID,
                                  nameID: "2001234567890", sessionIndex: SAMLIdentifier.make(), authnInstant: now)
        login.addAttribute("FirstName", value: "Ion")
        login.addAttribute("LastName", value: "Popescu")
        let response = login.response(at: now)
        let signed = try reportingErrors { try response.signedDocument(signer: XMLSigner(identity: idp)).serialized() }
        let expectations = ResponseExpectations(pinnedCertificates: [idp.certificate], idpIssuer: "https://mpass.sim.test",
                                                acsURL: acs, audience: audience, outstandingRequestIDs: [requestID])
        let validator = ResponseValidator(expectations: expectations, window: TimeWindow(now: now))

        print("1. A Response signed by the (simulated) MPass key, verified against the pinned certificate:")
        let good = try reportingErrors { try validator.validate(SafeXMLParser().parse(signed)) }
        for check in good.report.checks { print("   " + check.line) }
        print("   => \(good.isValid ? "VALID" : "INVALID")")

        print("\n2. The same Response with the NameID changed after signing:")
        let tampered = Data(String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "2001234567890", with: "2009999999999").utf8)
        let bad = try reportingErrors { try validator.validate(SafeXMLParser().parse(tampered)) }
        for check in bad.report.failures { print("   " + check.line) }
        print("   => \(bad.isValid ? "VALID" : "INVALID")")
        guard good.isValid, !bad.isValid else { throw ToolExit.internalFailure }
    }
}
