import ArgumentParser
import Evidence
import Foundation
import MPassSAML

/// `--bundle DIR` and the credential that signs it, shared by `run` and `replay`.
struct BundleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write a signed compliance bundle (reports, HAR evidence, manifest.json and its CMS signature) into this new or empty folder.", valueName: "dir"))
    var bundle: String?

    @Option(name: .customLong("sign-cert"), help: ArgumentHelp("The certificate that signs the bundle: your system certificate as .pfx/.p12 (with its key), or PEM (with the key, or with --sign-key).", valueName: "path"))
    var signCertificate: String?

    @Option(name: .customLong("sign-key"), help: ArgumentHelp("The private key (PEM or DER) when --sign-cert holds only the certificate.", valueName: "path"))
    var signKey: String?

    @Option(help: ArgumentHelp("Password of the .pfx or encrypted key; prefer MPASS_HARNESS_PASSWORD (a command line is visible to other users).", valueName: "password"))
    var password: String?

    func validate() throws {
        if bundle != nil && signCertificate == nil {
            throw ValidationError("--bundle needs the certificate that signs it: add --sign-cert (your system certificate, .pfx or PEM)")
        }
        if bundle == nil && (signCertificate != nil || signKey != nil) {
            throw ValidationError("--sign-cert and --sign-key sign a bundle: add --bundle DIR, or drop them")
        }
    }

    var effectivePassword: String? {
        PasswordSource.resolve(password)
    }

    /// The signing identity, loaded before any work so a wrong password fails at once. The
    /// certificate must be valid now: AGE's verification checks it at the bundle's time.
    func loadIdentity() throws -> SigningIdentity? {
        guard bundle != nil, let signCertificate else { return nil }
        return try reportingErrors {
            try CredentialLoader.loadIdentity(path: signCertificate, keyPath: signKey, password: effectivePassword,
                                              policy: CredentialPolicy(minimumRSABits: 2048, validAt: Date()))
        }
    }

    /// The bundle to write with the run's artefacts, when --bundle was given.
    func request(identity: SigningIdentity?, evidence: [String: Data]) -> RunArtefacts.BundleRequest? {
        guard let identity, let bundle else { return nil }
        return RunArtefacts.BundleRequest(directory: URL(fileURLWithPath: bundle), identity: identity, evidence: evidence)
    }
}
