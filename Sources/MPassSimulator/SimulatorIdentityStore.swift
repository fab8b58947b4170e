import Foundation
import MPassSAML

/// The simulator's signing identity, kept in a folder the user chooses so that a Service
/// configured to trust it keeps working across runs: made once, then loaded.
public enum SimulatorIdentityStore {
    public static let keyFile = "simulator.key.pem"
    public static let certificateFile = "simulator.cert.pem"

    /// Loads the identity in `directory`, or makes one there (key file mode 0600).
    /// Returns the identity and whether it was just made.
    public static func loadOrCreate(in directory: URL) throws(SAMLError) -> (identity: SigningIdentity, created: Bool) {
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
            throw SAMLError(.credentialFileUnreadable,
                "\(directory.path) holds only one of \(keyFile) and \(certificateFile); restore the other, or empty the folder to make a new identity (Services trusting the old certificate must then be reconfigured)")
        }
        let identity = try TestCredentialFactory.make(.init(commonName: "mpass-harness simulated MPass IdP",
                                                            notAfter: Date().addingTimeInterval(5 * 365 * 86_400)))
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            manager.createFile(atPath: keyURL.path, contents: nil, attributes: [.posixPermissions: 0o600])
            try Data(try identity.privateKey.pkcs8PEM().utf8).write(to: keyURL)
            try Data(identity.certificate.pem.utf8).write(to: certURL)
        } catch let error as SAMLError {
            throw error
        } catch {
            try? manager.removeItem(at: keyURL)
            try? manager.removeItem(at: certURL)
            throw SAMLError(.credentialFileUnreadable, "cannot write the simulator identity into \(directory.path): \(error.localizedDescription)")
        }
        return (identity, true)
    }
}
