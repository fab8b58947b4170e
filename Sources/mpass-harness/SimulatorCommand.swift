import ArgumentParser
import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator

/// Where the simulator keeps its identity unless told otherwise.
let defaultSimulatorIdentityDirectory = ".mpass-harness/simulator"

struct SimulatorIdentityOptions: ParsableArguments {
    @Option(name: .customLong("identity-dir"), help: ArgumentHelp("Folder holding the simulator's signing key and certificate; made on first use. Configure your Service to trust the certificate in it.", valueName: "dir"))
    var identityDirectory: String = defaultSimulatorIdentityDirectory

    @Option(name: .customLong("identity-cert"), help: ArgumentHelp("Use this signing credential instead (.pfx, or PEM with --identity-key); password from MPASS_HARNESS_PASSWORD.", valueName: "path"))
    var identityCertificate: String?

    @Option(name: .customLong("identity-key"), help: ArgumentHelp("The private key for --identity-cert, when it holds only the certificate.", valueName: "path"))
    var identityKey: String?

    func load() throws -> SigningIdentity {
        if let identityCertificate {
            return try reportingErrors {
                try CredentialLoader.loadIdentity(path: identityCertificate, keyPath: identityKey,
                                                  password: PasswordSource.resolve())
            }
        }
        let (identity, created) = try reportingErrors {
            try TestIdentityStore.loadOrCreate(in: URL(fileURLWithPath: identityDirectory), name: "simulator",
                                               commonName: "mpass-harness simulated MPass IdP")
        }
        if created {
            printError("made a new simulator identity in \(identityDirectory) (certificate SHA-256 \(identity.certificate.sha256Fingerprint))")
        }
        return identity
    }
}

struct SimulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "MPass without the network: serve it on loopback, or export what a Service must trust.",
        subcommands: [Serve.self, Metadata.self])

    /// Where `run` answers as MPass unless the target says otherwise (TargetDescription's default).
    static let runBaseURL = TargetDescription.defaultSimulatorBaseURL.absoluteString

    struct Metadata: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the simulator's IdP metadata and certificate: what a Service's test deployment trusts in place of staging's.")

        @OptionGroup var identity: SimulatorIdentityOptions

        @Option(help: ArgumentHelp("The simulator's base URL as the Service will see it: https://mpass.sim.test for `run` (its browser answers that host in process); http://127.0.0.1:PORT for `simulator serve --port PORT`.", valueName: "url"))
        var baseURL: String = SimulatorCommand.runBaseURL

        @Option(help: "The simulator's Issuer (default: the base URL).")
        var issuer: String?

        @Option(help: ArgumentHelp("Folder to write metadata.xml and simulator.cert.pem (default: print the metadata).", valueName: "dir"))
        var out: String?

        func validate() throws {
            try refuseProductionURLs(["--base-url": baseURL, "--issuer": issuer])
        }

        func run() async throws {
            guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https", url.host() != nil else {
                throw ValidationError("--base-url must be an absolute http(s) URL; got \"\(baseURL)\"")
            }
            let export = try await reportingAsyncErrors {
                try await SimulatorTrustExport.make(baseURL: url, issuer: issuer, identity: try identity.load(),
                                                    out: out.map { URL(fileURLWithPath: $0) },
                                                    runBaseURL: TargetDescription.defaultSimulatorBaseURL)
            }
            guard export.directory != nil else {
                print(export.metadata, terminator: "")
                return
            }
            for line in export.summary { print(line) }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the simulator on loopback, with a login page (user picker, Cancel) for people and real browsers.")

        @OptionGroup var identity: SimulatorIdentityOptions

        @Option(help: "Port on 127.0.0.1.")
        var port: Int = 7070

        @Option(help: "The simulator's Issuer (default: its base URL).")
        var issuer: String?

        @Option(name: .customLong("service-issuer"), help: "The registered Service's Issuer.")
        var serviceIssuer: String

        @Option(name: .customLong("service-cert"), help: ArgumentHelp("The registered Service's certificate (PEM or DER).", valueName: "path"))
        var serviceCertificate: String

        @Option(name: .customLong("acs-url"), help: "The Service's ACS URL.")
        var acsURL: String

        @Option(name: .customLong("slo-url"), help: "Where MPass posts its LogoutRequest (the Service's /mpass-slo).")
        var sloURL: String?

        @Option(name: .customLong("logout-response-url"), help: "Where MPass posts its LogoutResponse (the Service's /mpass-logout).")
        var logoutResponseURL: String?

        @Option(name: .customLong("advanced-option"),
                help: ArgumentHelp("Switch on one of MPass's \"SAML Advanced Options\" for every Response, as AGE does on staging for the security cases (repeatable): \(SAMLAdvancedOption.allCases.map(\.rawValue).joined(separator: ", ")).",
                                   valueName: "option"))
        var advancedOptions: [SAMLAdvancedOption] = []

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
            try refuseProductionURLs(["--acs-url": acsURL, "--slo-url": sloURL, "--logout-response-url": logoutResponseURL,
                                      "--issuer": issuer, "--service-issuer": serviceIssuer])
        }

        func run() async throws {
            let signing = try identity.load()
            let certificates = try reportingErrors { try CredentialLoader.loadCertificates(path: serviceCertificate) }
            let baseURL = URL(string: "http://127.0.0.1:\(port)")!
            let configuration = try reportingErrors {
                try SimulatorConfiguration(baseURL: baseURL, issuer: issuer, identity: signing, services: [
                    RegisteredService(issuer: serviceIssuer, certificates: certificates, acsURL: acsURL,
                                      singleLogoutURL: sloURL, logoutResponseURL: logoutResponseURL),
                ])
            }
            let simulator = MPassSimulator(configuration: configuration)
            if !advancedOptions.isEmpty {
                let switches = ResponseSwitches(advancedOptions: advancedOptions)
                await simulator.setResponseSwitches(switches)
                announce("SAML Advanced Options on: \(switches.summary.joined(separator: "; "))")
            }
            do {
                try await SimulatorServer.run(simulator, port: port) { bound in
                    announce("MPass simulator on http://127.0.0.1:\(bound)  (SSO /login/saml, SLO /logout/saml, metadata /meta/saml)")
                    announce("Issuer \(configuration.issuer); certificate SHA-256 \(signing.certificate.sha256Fingerprint)")

                }
            } catch {
                printError("error: the simulator could not serve on 127.0.0.1:\(port): \(error); is the port already in use? Choose another with --port")
                throw ToolExit.internalFailure
            }
        }
    }
}

/// A line on stdout at once, unbuffered: a server's announcements must reach a log or a
/// script reading a pipe while it runs, not when it stops.
func announce(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// `--advanced-option` takes MPass's switches by their names.
extension SAMLAdvancedOption: ExpressibleByArgument {}
