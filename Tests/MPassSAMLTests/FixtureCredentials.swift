import Foundation
@testable import MPassSAML

/// The fixed, TEST-ONLY credentials under `Fixtures/keys/` (made by `make-keys.sh` there).
///
/// `TestIdentities` are generated per process, so anything signed with them cannot be
/// committed; the attack fixtures are signed with these instead, so they stay valid across
/// runs and can be replayed by other tools (xmlsec1, a Service's own test suite).
enum FixtureCredentials {
    static let keysDirectory = fixturesDirectory.appendingPathComponent("keys")

    static let idp = load("idp")
    static let service = load("service")
    static let attacker = load("attacker")

    static func certificatePath(_ name: String) -> String { keysDirectory.appendingPathComponent("\(name).cert.pem").path }
    static func keyPath(_ name: String) -> String { keysDirectory.appendingPathComponent("\(name).key.pem").path }

    private static func load(_ name: String) -> SigningIdentity {
        do {
            // The fixtures are judged at the fixed clock, so the certificate is checked there too.
            return try CredentialLoader.loadIdentity(path: certificatePath(name), keyPath: keyPath(name),
                                                     policy: CredentialPolicy(validAt: testNow))
        } catch {
            fatalError("the fixture credential \(name) cannot be loaded (\(error)); run Fixtures/keys/make-keys.sh, then re-record with RECORD=1")
        }
    }
}
