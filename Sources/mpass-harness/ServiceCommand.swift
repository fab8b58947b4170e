import ArgumentParser
import Foundation
import MPassSAML
import ReferenceService
import Vocabulary

extension ServiceWeakness: ExpressibleByArgument {}
/// `post` or `redirect` on the command line (also the binding's URI or full name).
extension HTTPBinding: ExpressibleByArgument {
    public init?(argument: String) { self.init(named: argument) }

    public static var allValueStrings: [String] { allCases.map(\.shortName) }
}

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "The reference Service: a small real MPass Service built on this library, with switchable weaknesses.",
        subcommands: [Serve.self])

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the reference Service on loopback (routes /login, /mpass-login, /mpass-slo, /mpass-logout, /logout, /protected, /metadata).")

        @Option(help: "Port on 127.0.0.1 (0: a free one).")
        var port: Int = 5001

        @Option(help: "The Service's Issuer (entity ID).")
        var issuer: String = "https://reference-service.mpass-harness.test"

        @Option(name: .customLong("identity-dir"), help: ArgumentHelp("Folder holding the Service's test key and certificate; made on first use.", valueName: "dir"))
        var identityDirectory: String = ".mpass-harness/service"

        // The defaults trust the simulator as `run --target` plays it in process.
        @Option(name: .customLong("idp-cert"), help: ArgumentHelp("MPass's (or the simulator's) signing certificate, pinned.", valueName: "path"))
        var idpCertificate: String = "\(defaultSimulatorIdentityDirectory)/simulator.cert.pem"

        @Option(name: .customLong("idp-issuer"), help: "MPass's Issuer.")
        var idpIssuer: String = "https://mpass.sim.test"

        @Option(name: .customLong("idp-sso-url"), help: "MPass's SSO URL.")
        var idpSSOURL: String = "https://mpass.sim.test/login/saml"

        @Option(name: .customLong("idp-slo-url"), help: "MPass's SLO URL.")
        var idpSLOURL: String = "https://mpass.sim.test/logout/saml"

        @Option(name: .customLong("request-binding"),
                help: "How the Service sends its AuthnRequest and LogoutRequest to MPass: post (a signed form) or redirect (HTTP-Redirect, the query signed).")
        var requestBinding: HTTPBinding = .post

        @Option(help: "Switch on a weakness (repeatable): \(ServiceWeakness.allCases.map(\.rawValue).joined(separator: ", ")).")
        var weakness: [ServiceWeakness] = []

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        }

        func run() async throws {
            var request = ReferenceService.LaunchRequest(port: port, issuer: issuer, identityDirectory: identityDirectory,
                                                         idpCertificatePath: idpCertificate, idpIssuer: idpIssuer,
                                                         idpSSOURL: idpSSOURL, idpSLOURL: idpSLOURL)
            request.requestBinding = requestBinding
            request.weaknesses = weakness
            let launched = try await reportingAsyncErrors { try await ReferenceService.launch(request) }
            if launched.identityCreated { printError("made a new Service identity in \(identityDirectory)") }
            for line in launched.announcement { print(line) }
            try await launched.running.waitUntilStopped()
        }
    }
}
