import Foundation
import MPassSAML
import TestSupport

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

/// A new folder inside the running test's own (`.temporaryDirectories`), removed when the test ends.
func temporaryDirectory() -> URL {
    scopedTemporaryDirectory("saml")
}
