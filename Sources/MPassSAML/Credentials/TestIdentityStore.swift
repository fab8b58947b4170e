import Foundation
import Vocabulary

/// A test identity (the simulator's, the reference Service's) kept in a folder the user
/// chooses, so that a peer configured to trust it keeps working across runs: made once
/// (`<name>.key.pem`, mode 0600, and `<name>.cert.pem`), then loaded.
public enum TestIdentityStore {
    /// Loads the identity `name` in `directory`, or makes one there.
    /// Returns the identity and whether it was just made.
    public static func loadOrCreate(in directory: URL, name: String, commonName: String) throws(HarnessError) -> (identity: SigningIdentity, created: Bool) {
        let keyFile = "\(name).key.pem", certificateFile = "\(name).cert.pem"
        let keyURL = directory.appendingPathComponent(keyFile)
        let certURL = directory.appendingPathComponent(certificateFile)
        let manager = FileManager.default
        switch (manager.fileExists(atPath: keyURL.path), manager.fileExists(atPath: certURL.path)) {
        case (true, true):
            let identity = try CredentialLoader.loadIdentity(path: certURL.path, keyPath: keyURL.path,
                                                             policy: CredentialPolicy(minimumRSABits: 2048, validAt: Date()))
            return (identity, false)
        case (false, false):
            break
        default:
            throw HarnessError(.credentialFileUnreadable,
                "\(directory.path) holds only one of \(keyFile) and \(certificateFile); restore the other, or empty the folder to make a new identity (Services trusting the old certificate must then be reconfigured)")
        }
        let identity = try TestCredentialFactory.make(.init(commonName: commonName,
                                                            notAfter: Date().addingTimeInterval(5 * 365 * 86_400)))
        try write(identity, in: directory, name: name)
        return (identity, true)
    }

    /// Writes `identity` into `directory` (made when missing) as `<name>.key.pem`, PKCS#8,
    /// owner-only (0600) before a byte of the key is written, and `<name>.cert.pem`; files
    /// already there are overwritten. When writing fails, neither file is left behind.
    @discardableResult
    public static func write(_ identity: SigningIdentity, in directory: URL, name: String) throws(HarnessError) -> (key: URL, certificate: URL) {
        let manager = FileManager.default
        let keyURL = directory.appendingPathComponent("\(name).key.pem")
        let certURL = directory.appendingPathComponent("\(name).cert.pem")
        let keyPEM = try identity.privateKey.pkcs8PEM()
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            // The key file exists, owner-only, before the key is written into it (a write
            // into a file keeps its permissions).
            guard manager.createFile(atPath: keyURL.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw HarnessError(.credentialFileUnreadable,
                    "cannot create \(keyURL.path) with owner-only permissions; check that \(directory.path) is writable")
            }
            try Data(keyPEM.utf8).write(to: keyURL)
            try Data(identity.certificate.pem.utf8).write(to: certURL)
        } catch let error as HarnessError {
            throw error
        } catch {
            try? manager.removeItem(at: keyURL)
            try? manager.removeItem(at: certURL)
            throw HarnessError(.credentialFileUnreadable, "cannot write the test identity into \(directory.path): \(error.localizedDescription)")
        }
        return (keyURL, certURL)
    }
}
