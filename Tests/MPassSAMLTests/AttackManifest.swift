import Foundation
import Testing
import TestSupport
@testable import MPassSAML
import Vocabulary

/// `Fixtures/attacks/attacks.json`: every attack fixture, what must happen to it, and why.
///
/// Written by `AttackFixtureGenerator` (RECORD=1), read by `AttackFixtureTests`,
/// and plain enough for another tool to replay: each entry names its file, the expectations
/// it is judged with (`profiles`), and the check ids that must fail.
struct AttackManifest: Codable, Sendable {
    var about: String
    /// The fixed clock every fixture is judged at.
    var now: String
    var rerecord: String
    var profiles: [String: ProfileDescription]
    var attacks: [AttackEntry]

    static let directory = fixturesDirectory.appendingPathComponent("attacks")
    static let fileName = "attacks.json"

    static func load() throws -> AttackManifest {
        try decodeManifest(AttackManifest.self, at: directory.appendingPathComponent(fileName),
                           fix: "re-record it: RECORD=1 swift test --filter AttackFixtureTests")
    }

    /// Stable bytes: sorted keys, so a re-record shows only real changes in a diff.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

/// What must happen to a fixture.
enum AttackExpectation: String, Codable, Sendable {
    /// Parsed, validated, and refused: every id in `checks` FAILED, and nothing is readable.
    case invalid
    /// Refused by the safe parser with the `HarnessError` code in `error`.
    case parserError = "parser-error"
    /// Accepted, and the NameID read is the whole text (`nameID`), not a prefix of it.
    case validWholeText = "valid-whole-text"
}

struct AttackEntry: Codable, Sendable, Hashable, CustomTestStringConvertible {
    var file: String
    var profile: AttackProfile
    var expect: AttackExpectation
    /// Check ids that must have FAILED (`invalid`).
    var checks: [String]?
    /// The `HarnessError` code (`parser-error`).
    var error: String?
    /// The NameID value that must be read (`valid-whole-text`).
    var nameID: String?
    var description: String
    /// How the document is built from the validly signed original.
    var shape: String
    var reference: String

    var testDescription: String { file }
}

/// The expectations a fixture is validated with. One Swift definition feeds both the test
/// and the manifest's `profiles` table, so the two cannot drift apart.
enum AttackProfile: String, Codable, Sendable, CaseIterable {
    /// MPass's default: the Response is signed; the Service requires that signature.
    case signedResponse = "signed-response"
    /// A Service that asked MPass to sign the Assertion and accepts an unsigned Response
    /// around it: the configuration XSW3-XSW8 aim at.
    case signedAssertion = "signed-assertion"
    /// A Service receiving MPass's LogoutRequest (single logout).
    case mpassLogoutRequest = "mpass-logout-request"
    /// MPass receiving a Service's AuthnRequest.
    case serviceAuthnRequest = "service-authn-request"

    static let serviceSLOURL = "https://service.example.md/mpass-slo"

    var responseExpectations: ResponseExpectations {
        ResponseExpectations(pinnedCertificates: [FixtureCredentials.idp.certificate], idpIssuer: Samples.idpIssuer,
                             acsURL: Samples.acsURL, audience: Samples.spIssuer, outstandingRequestIDs: [Samples.requestID],
                             requireSignedResponse: self == .signedResponse, requireSignedAssertion: self == .signedAssertion)
    }

    var requestExpectations: RequestExpectations {
        switch self {
        case .serviceAuthnRequest:
            RequestExpectations(pinnedCertificates: [FixtureCredentials.service.certificate], issuer: Samples.spIssuer,
                                destination: Samples.ssoURL, registeredACSURLs: [Samples.acsURL])
        default:
            RequestExpectations(pinnedCertificates: [FixtureCredentials.idp.certificate], issuer: Samples.idpIssuer,
                                destination: Self.serviceSLOURL)
        }
    }

    var summary: ProfileDescription {
        switch self {
        case .signedResponse, .signedAssertion:
            ProfileDescription(
                message: "Response", validator: "ResponseValidator", pinnedCertificate: "../keys/idp.cert.pem",
                issuer: Samples.idpIssuer, destination: Samples.acsURL, audience: Samples.spIssuer,
                inResponseTo: Samples.requestID, requireSignedResponse: self == .signedResponse,
                requireSignedAssertion: self == .signedAssertion)
        case .mpassLogoutRequest:
            ProfileDescription(message: "LogoutRequest", validator: "RequestValidator.validateLogoutRequest",
                               pinnedCertificate: "../keys/idp.cert.pem", issuer: Samples.idpIssuer, destination: Self.serviceSLOURL)
        case .serviceAuthnRequest:
            ProfileDescription(message: "AuthnRequest", validator: "RequestValidator.validateAuthnRequest",
                               pinnedCertificate: "../keys/service.cert.pem", issuer: Samples.spIssuer, destination: Samples.ssoURL)
        }
    }
}

/// A profile as the manifest spells it out for other tools.
struct ProfileDescription: Codable, Sendable {
    var message: String
    var validator: String
    var pinnedCertificate: String
    var issuer: String
    var destination: String
    var audience: String?
    var inResponseTo: String?
    var requireSignedResponse: Bool?
    var requireSignedAssertion: Bool?
}
