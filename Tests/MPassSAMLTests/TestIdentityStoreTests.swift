import Foundation
import Testing
import MPassSAML
import Vocabulary
import TestSupport

/// `TestIdentityStore`: a test identity kept as `<name>.key.pem` (owner-only) and
/// `<name>.cert.pem`, made once and loaded after (what `keys generate`, the simulator's and
/// the reference Service's identity folders rely on).
@Suite(.temporaryDirectories) struct TestIdentityStoreTests {
    @Test func aWrittenIdentityIsOwnerOnlyAndLoadsBackUnchanged() throws {
        let directory = temporaryDirectory().appendingPathComponent("made-here")
        let written = try TestIdentityStore.write(TestIdentities.service, in: directory, name: "svc")
        #expect(written.key.lastPathComponent == "svc.key.pem")
        #expect(written.certificate.lastPathComponent == "svc.cert.pem")
        let permissions = try FileManager.default.attributesOfItem(atPath: written.key.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let (loaded, created) = try TestIdentityStore.loadOrCreate(in: directory, name: "svc", commonName: "unused")
        #expect(!created)
        #expect(loaded.certificate.sha256Fingerprint == TestIdentities.service.certificate.sha256Fingerprint)
    }

    @Test func loadOrCreateMakesOnceThenLoads() throws {
        let directory = temporaryDirectory()
        let first = try TestIdentityStore.loadOrCreate(in: directory, name: "sim", commonName: "store test")
        let second = try TestIdentityStore.loadOrCreate(in: directory, name: "sim", commonName: "store test")
        #expect(first.created)
        #expect(!second.created)
        #expect(first.identity.certificate.sha256Fingerprint == second.identity.certificate.sha256Fingerprint)
    }

    @Test func aFolderThatIsAFileIsNamedAndNothingIsLeft() throws {
        let file = temporaryDirectory().appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        do {
            try TestIdentityStore.write(TestIdentities.service, in: file, name: "svc")
            Issue.record("wrote into a file")
        } catch {
            #expect(error.code == .credentialFileUnreadable)
            #expect(error.reason.contains(file.path), "\(error.reason)")
        }
    }
}
