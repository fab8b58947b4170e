@testable import CaseCatalogue
import Foundation
import MPassSAML
import Testing
import Vocabulary

/// The catalogue's "another signer" faults: a key that could not be made is an error that
/// says so, never a Response left signed by MPass (issue 12).
@Suite struct CatalogueFaultTests {
    @Test func aForeignSignerThatCouldNotBeMadeIsAnErrorNamingWhy() {
        let made: Result<SigningIdentity, HarnessError> = .failure(HarnessError(.cryptoFailure, "EVP_PKEY_keygen failed: no randomness"))
        do {
            _ = try Faults.foreignIdentity(made)
            Issue.record("a missing foreign signer was not reported")
        } catch {
            #expect(error.description.hasPrefix("the fault could not be applied: "))
            #expect(error.description.contains("EVP_PKEY_keygen failed: no randomness"))
        }
    }

    @Test func theForeignSignerIsAnotherKeyThanMPass() throws {
        let foreign = try Faults.foreignIdentity()
        let mpass = try TestCredentialFactory.make(.init(commonName: "MPass stand-in"))
        #expect(!foreign.certificate.hasSamePublicKey(as: mpass.certificate))
        #expect(foreign.certificate.commonName == "mpass-harness foreign signer")
    }
}
