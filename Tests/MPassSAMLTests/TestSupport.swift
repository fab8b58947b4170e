import Foundation
import MPassSAML

/// Test identities made once per test process (RSA key generation is the slow part).
enum TestIdentities {
    static let idp: SigningIdentity = make("simulated MPass IdP")
    static let service: SigningIdentity = make("test Service")
    static let attacker: SigningIdentity = make("attacker")

    static func make(_ name: String) -> SigningIdentity {
        try! TestCredentialFactory.make(.init(commonName: name))
    }
}

/// A fixed clock for every test: 2026-11-22T10:00:00Z.
let testNow = SAMLTime.parse("2026-11-22T10:00:00Z")!.date

/// The folder of checked-in fixtures for this test target.
let fixturesDirectory: URL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mpass-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
