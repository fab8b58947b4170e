import ArgumentParser
import Foundation
import MPassSAML

/// How a signing identity is given: a .pfx/.p12, or PEM/DER certificate plus key.
struct CredentialOptions: ParsableArguments {
    @Option(name: .customLong("cert"), help: ArgumentHelp("The signing certificate: .pfx/.p12 (with key), PEM (key and certificate, or certificate only with --key), or DER.", valueName: "path"))
    var certificatePath: String?

    @Option(name: .customLong("key"), help: ArgumentHelp("The private key (PEM or DER), when --cert holds only the certificate.", valueName: "path"))
    var keyPath: String?

    @Option(help: ArgumentHelp("Password of the .pfx or encrypted key; prefer the MPASS_HARNESS_PASSWORD environment variable (a command line is visible to other users).", valueName: "password"))
    var password: String?

    @Flag(help: "Sign even with an expired or not-yet-valid certificate (tests of a Service's checks).")
    var allowInvalidCertificate = false

    var effectivePassword: String? {
        PasswordSource.resolve(password)
    }

    func loadIdentity(now: Date) throws -> SigningIdentity {
        guard let certificatePath else {
            throw ValidationError("give the signing credential with --cert (a .pfx, or a PEM with the key); `mpass-harness keys generate` makes a test one")
        }
        let policy = CredentialPolicy(minimumRSABits: 2048, validAt: allowInvalidCertificate ? nil : now)
        return try reportingErrors {
            try CredentialLoader.loadIdentity(path: certificatePath, keyPath: keyPath, password: effectivePassword, policy: policy)
        }
    }
}
