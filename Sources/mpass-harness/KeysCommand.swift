import ArgumentParser
import Foundation
import MPassSAML

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make test credentials and show what a certificate file holds.",
        subcommands: [Generate.self, Show.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a test credential: RSA 2048, self-signed, marked TEST ONLY in its subject.",
            discussion: "Writes <name>.key.pem (mode 0600) and <name>.cert.pem into --out. Never register such a certificate with AGE: real Services use their STISC system certificate.")

        @Option(help: ArgumentHelp("Folder to write into (created if needed).", valueName: "dir"))
        var out: String = "."

        @Option(help: "File name stem and certificate CN.")
        var name: String = "mpass-harness-test"

        @Option(help: "RSA key size in bits.")
        var bits: Int = 2048

        @Option(help: "Validity in days.")
        var days: Int = 365

        @Flag(help: "Overwrite existing files.")
        var force = false

        func validate() throws {
            guard bits >= 2048 && bits <= 8192 else { throw ValidationError("--bits must be between 2048 and 8192") }
            guard days >= 1 else { throw ValidationError("--days must be at least 1") }
            guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
                throw ValidationError("--name may hold letters, digits, '.', '_' and '-' only")
            }
        }

        func run() throws {
            let directory = URL(fileURLWithPath: out)
            let keyURL = directory.appendingPathComponent("\(name).key.pem")
            let certURL = directory.appendingPathComponent("\(name).cert.pem")
            if !force {
                for url in [keyURL, certURL] where FileManager.default.fileExists(atPath: url.path) {
                    printError("error: \(url.path) exists; pass --force to overwrite it or choose another --name")
                    throw ToolExit.usage
                }
            }
            let now = Date()
            let identity = try reportingErrors {
                try TestCredentialFactory.make(.init(commonName: name, bits: bits, notBefore: now.addingTimeInterval(-300),
                                                     notAfter: now.addingTimeInterval(Double(days) * 86_400)))
            }
            do {
                try TestIdentityStore.write(identity, in: directory, name: name)
            } catch {
                printError("error: \(error.reason)")
                throw ToolExit.internalFailure
            }
            print("Wrote a TEST-ONLY credential (never register it with AGE):")
            print("  private key  \(keyURL.path)  (mode 0600)")
            print("  certificate  \(certURL.path)")
            print(CertificateFacts.text(identity.certificate, now: now))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the facts of a certificate or credential file: subject, issuer, serial (as AGE asks for it), validity, key, fingerprints.")

        @Argument(help: ArgumentHelp("A .cer/.crt/.pem or .pfx/.p12 file.", valueName: "path"))
        var path: String

        @Option(help: "Password of a .pfx (or set MPASS_HARNESS_PASSWORD).")
        var password: String?

        func run() throws {
            let now = Date()
            let lower = path.lowercased()
            if lower.hasSuffix(".pfx") || lower.hasSuffix(".p12") {
                let identity = try reportingErrors {
                    try CredentialLoader.loadIdentity(path: path, password: PasswordSource.resolve(password),
                                                      policy: .inspectOnly)
                }
                print(CertificateFacts.text(identity.certificate, now: now))
                print("  private key   present (\(identity.privateKey.algorithm)), matches the certificate")
                for (index, certificate) in identity.chain.enumerated() {
                    print("chain #\(index + 1)")
                    print(CertificateFacts.text(certificate, now: now))
                }
            } else {
                let certificates = try reportingErrors { try CredentialLoader.loadCertificates(path: path) }
                for (index, certificate) in certificates.enumerated() {
                    if certificates.count > 1 { print("certificate #\(index + 1)") }
                    print(CertificateFacts.text(certificate, now: now))
                }
            }
        }
    }
}
