import ArgumentParser
import Foundation
import MPassSAML
import Vocabulary

struct MetadataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Make a Service's signed SAML metadata, or read MPass's and check it against a pinned fingerprint.",
        subcommands: [ServiceProvider.self, IdentityProvider.self])

    struct ServiceProvider: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sp",
            abstract: "The Service's metadata (EntityDescriptor with SPSSODescriptor: ACS, SLO endpoints, signing key), signed.")

        @OptionGroup var credential: CredentialOptions

        @Option(name: .customLong("entity-id"), help: "The Service's Issuer (entity ID).")
        var entityID: String

        @Option(name: .customLong("service-root"), help: "The Service's root URL; endpoints follow the official library's paths (/mpass-login, /mpass-slo, /mpass-logout).")
        var serviceRoot: String

        @Flag(help: "Ask for signed Assertions (WantAssertionsSigned).")
        var wantAssertionsSigned = false

        func validate() throws {
            try refuseProductionURLs(["--service-root": serviceRoot, "--entity-id": entityID])
        }

        func run() throws {
            guard let url = URL(string: serviceRoot), url.scheme == "https" || url.scheme == "http", url.host() != nil else {
                throw ValidationError("--service-root must be an absolute http(s) URL; got \"\(serviceRoot)\"")
            }
            let identity = try credential.loadIdentity(now: Date())
            let document = try reportingErrors {
                try ServiceProviderMetadata.signedOfficialLibraryLayout(entityID: entityID, serviceRoot: serviceRoot, identity: identity,
                                                                        wantAssertionsSigned: wantAssertionsSigned)
            }
            print(document, terminator: "")
        }
    }

    struct IdentityProvider: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "idp",
            abstract: "Read MPass's IdP metadata (a file, e.g. saved from https://mpass.staging.egov.md/meta/saml) and check its signing certificate against a pinned fingerprint.")

        @Argument(help: ArgumentHelp("The metadata file ('-' for stdin).", valueName: "file"))
        var file: String

        @Option(help: "Pinned SHA-256 fingerprint of the signing certificate (default: staging's).")
        var pin: [String] = [MPassEnvironment.staging.signingCertificateSHA256!]

        @Option(name: .customLong("cert-out"), help: ArgumentHelp("Write the pinned signing certificate here (PEM), for --idp-cert.", valueName: "path"))
        var certificateOut: String?

        func run() throws {
            let data = try readInputFile(file)
            let reading: IdentityProviderMetadataReader.Reading
            do {
                reading = try IdentityProviderMetadataReader(pinnedFingerprints: pin, now: Date()).read(data)
            } catch {
                printError(error)
                throw Self.metadataExitCode(for: error)
            }
            let metadata = reading.metadata
            print("entityID      \(metadata.entityID)")
            for endpoint in metadata.singleSignOnServices { print("SSO           \(endpoint.location)  (\(endpoint.binding?.name ?? endpoint.bindingURI))") }
            for endpoint in metadata.singleLogoutServices { print("SLO           \(endpoint.location)  (\(endpoint.binding?.name ?? endpoint.bindingURI))") }
            // Every signing certificate once (a key rollover lists two); only the pinned are trusted.
            for certificate in metadata.signingCertificates {
                let mark = reading.pinnedCertificates.contains(certificate) ? "pinned" : "not pinned, not trusted"
                print("signing cert  \(certificate.subject), serial \(certificate.serialHex), SHA-256 \(certificate.sha256Fingerprint) (\(mark))")
            }
            for check in reading.checks { print(check.line) }
            if let certificateOut, let certificate = reading.pinnedCertificates.first {
                do {
                    try Data(certificate.pem.utf8).write(to: URL(fileURLWithPath: certificateOut), options: .atomic)
                } catch {
                    printError("error: cannot write \(certificateOut): \(error.localizedDescription)")
                    throw ToolExit.internalFailure
                }
            }
            if reading.hasFailures { throw ToolExit.finding }
        }

        /// A finding (exit 1) when the metadata was read but refused: a certificate that matches
        /// no pin, a part missing, not IdP metadata at all. 65 only for bytes that are not XML
        /// (or are refused before parsing); 64 for a pin that is not a fingerprint.
        static func metadataExitCode(for error: HarnessError) -> ExitCode {
            switch error.code {
            case .metadataFingerprintMismatch, .metadataIncomplete, .xmlWrongRoot: ToolExit.finding
            case .metadataBadFingerprint: ToolExit.usage
            default: ToolExit.code(for: error)
            }
        }
    }
}
