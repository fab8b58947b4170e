import CaseCatalogue
import Foundation
import MPassSAML
import Testing

/// The catalogue names the checks that carry each message case's duty. Each id it names must
/// be one the validator of that message emits, over either binding: an id no validator
/// emits would leave its case NOT JUDGED ("MPass made no check named …") on every Service.
@Suite struct CatalogueCheckIDTests {
    enum Kind: CaseIterable { case authnRequest, logoutRequest, logoutResponse }

    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let identity = try! TestCredentialFactory.make(.init(commonName: "catalogue check ids"))
    static let sso = "https://mpass.sim.test/login/saml"

    /// The message-check cases and what they name: (case id, message kind, check ids).
    static let namedChecks: [(String, Kind, [CheckID])] = Catalogue.cases.compactMap { testCase in
        switch testCase.scenario {
        case .authnRequestChecks(let ids, _): (testCase.id, .authnRequest, ids)
        case .logoutRequestChecks(let ids): (testCase.id, .logoutRequest, ids)
        case .singleLogoutAnswerChecks(let ids): (testCase.id, .logoutResponse, ids)
        default: nil
        }
    }

    /// Every id the receiver's checks emit on a valid `kind` sent by `binding`: over POST the
    /// XML signature's checks, over Redirect the query signature's (as the simulator makes them).
    static func emitted(_ kind: Kind, binding: String) throws -> Set<CheckID> {
        let document: XMLDocument
        switch kind {
        case .authnRequest:
            let message = AuthnRequest(issueInstant: now, destination: sso, issuer: "https://sp.example")
            document = binding == "POST" ? try message.signedDocument(signer: XMLSigner(identity: identity)) : try message.document()
        case .logoutRequest:
            let message = LogoutRequest(issueInstant: now, destination: sso, issuer: "https://sp.example",
                                        nameID: NameID("2001234567890"), sessionIndex: "_s1")
            document = binding == "POST" ? try message.signedDocument(signer: XMLSigner(identity: identity)) : try message.document()
        case .logoutResponse:
            let message = LogoutResponse(issueInstant: now, destination: sso, inResponseTo: "_r1", issuer: "https://sp.example")
            document = binding == "POST" ? try message.signedDocument(signer: XMLSigner(identity: identity)) : try message.document()
        }
        var expectations = RequestExpectations(pinnedCertificates: [identity.certificate])
        expectations.signatureVerifiedByBinding = binding == "Redirect"
        let validator = RequestValidator(expectations: expectations, window: TimeWindow(now: now))
        var checks: [CheckResult]
        switch kind {
        case .authnRequest: checks = try validator.validateAuthnRequest(document).report.checks
        case .logoutRequest: checks = try validator.validateLogoutRequest(document).report.checks
        case .logoutResponse: checks = try validator.validateLogoutResponse(document).report.checks
        }
        if binding == "Redirect" {
            let url = try HTTPRedirectBinding.encode(document.serialized(), as: kind == .logoutResponse ? .response : .request,
                                                     destination: sso, signingKey: identity.privateKey)
            checks += try HTTPRedirectBinding.decode(url: url.url).verifySignature(
                policy: SignaturePolicy(pinnedCertificates: [identity.certificate]))
        }
        return Set(checks.map(\.id))
    }

    @Test func theCatalogueHasMessageCases() {
        // MPX-MSG-01…07 and MPX-SLO-14…22 at the time of writing.
        #expect(Self.namedChecks.count >= 16, "\(Self.namedChecks.map(\.0))")
    }

    @Test("Every id a message case names is declared and emitted by its message's validator, over both bindings",
          arguments: ["POST", "Redirect"])
    func namedChecksAreEmitted(binding: String) throws {
        var emitted: [Kind: Set<CheckID>] = [:]
        for kind in Kind.allCases { emitted[kind] = try Self.emitted(kind, binding: binding) }
        for (caseID, kind, ids) in Self.namedChecks {
            #expect(!ids.isEmpty, "\(caseID) names no check")
            #expect(Set(ids).subtracting(CheckID.all).isEmpty, "\(caseID) names undeclared ids \(ids)")
            let carried = MessageCheckIDs.forBinding(ids, binding: binding)
            let never = carried.filter { !(emitted[kind] ?? []).contains($0) }
            #expect(never.isEmpty, "\(caseID) (\(kind), \(binding)) names \(never), which its validator never emits")
        }
    }

    @Test("A misspelt or misplaced id would be caught")
    func strayIDsAreNotEmitted() throws {
        let authn = try Self.emitted(.authnRequest, binding: "POST")
        #expect(!authn.contains(CheckID(rawValue: "authn-request.signature.valu")))
        // A LogoutRequest duty named on an AuthnRequest case.
        #expect(!authn.contains(.logoutRequestSessionIndex))
        #expect(authn.contains(.authnRequestSignature.value))
    }

    // SAML Bindings 3.4.4.1: over HTTP-Redirect the query carries the signature, and no digest exists.
    @Test func signatureDutiesMoveToTheQuerySignatureOverRedirect() {
        let ids: [CheckID] = [.authnRequestSignature.present, .authnRequestSignature.digestAlgorithm,
                              .authnRequestSignature.algorithm, .authnRequestIssuer, .authnRequestSignature.value]
        #expect(MessageCheckIDs.forBinding(ids, binding: "Redirect")
                == [.redirectSignaturePresent, .redirectSignatureAlgorithm, .authnRequestIssuer, .redirectSignatureValue])
        #expect(MessageCheckIDs.forBinding(ids, binding: "POST") == ids)
    }
}
