import Foundation
import Logging
import MPassSAML
import Vocabulary

extension ReferenceService {
    /// `mpass-harness service serve`: what the Service is told, by file and value.
    public struct LaunchRequest: Sendable {
        /// On 127.0.0.1; 0: a free one.
        public var port: Int
        public var issuer: String
        /// Where the Service keeps its test key and certificate; made on first use.
        public var identityDirectory: String
        /// MPass's (or the simulator's) signing certificate, pinned.
        public var idpCertificatePath: String
        public var idpIssuer: String
        public var idpSSOURL: String
        public var idpSLOURL: String
        public var requestBinding: HTTPBinding = .post
        /// Switched on, in the order given (the announcement names them so).
        public var weaknesses: [ServiceWeakness] = []

        public init(port: Int, issuer: String, identityDirectory: String, idpCertificatePath: String, idpIssuer: String,
                    idpSSOURL: String, idpSLOURL: String) {
            self.port = port
            self.issuer = issuer
            self.identityDirectory = identityDirectory
            self.idpCertificatePath = idpCertificatePath
            self.idpIssuer = idpIssuer
            self.idpSSOURL = idpSSOURL
            self.idpSLOURL = idpSLOURL
        }
    }

    /// The Service once it accepts connections, and what a person should know about it.
    public struct Launched: Sendable {
        public let running: RunningReferenceService
        /// A new identity was made in the identity folder (the Service's certificate changed).
        public let identityCreated: Bool
        /// Where it answers, its Issuer and certificate, what is switched on.
        public let announcement: [String]
    }

    /// Reads the pinned IdP certificate and the Service's identity (made when missing), then
    /// serves with warnings-only logging.
    ///
    /// - Throws: `HarnessError`: the certificate or identity cannot be read
    ///   (`credential.*`), the configuration is refused (`configuration.*`), the port
    ///   cannot be bound (`server.failed`).
    public static func launch(_ request: LaunchRequest) async throws(HarnessError) -> Launched {
        let idpCertificates = try CredentialLoader.loadCertificates(path: request.idpCertificatePath)
        let (identity, created) = try TestIdentityStore.loadOrCreate(in: URL(fileURLWithPath: request.identityDirectory), name: "service",
                                                                     commonName: "mpass-harness reference Service")
        var logger = Logger(label: "mpass-reference-service")
        logger.logLevel = .warning
        var configuration = ReferenceServiceConfiguration(
            issuer: request.issuer, identity: identity, idpIssuer: request.idpIssuer, idpCertificates: idpCertificates,
            idpSSOURL: request.idpSSOURL, idpSLOURL: request.idpSLOURL, weaknesses: Set(request.weaknesses))
        configuration.requestBinding = request.requestBinding
        let running: RunningReferenceService
        do {
            running = try await serve(configuration: configuration, port: request.port, logger: logger)
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError(.serverFailed, "the Service could not serve on 127.0.0.1:\(request.port): \(error)")
        }
        var announcement = [
            "reference Service on \(running.baseURL)  (login /login, ACS /mpass-login, SLO /mpass-slo, /mpass-logout, /protected, /metadata)",
            "Issuer \(request.issuer); certificate \(request.identityDirectory)/service.cert.pem",
        ]
        if request.requestBinding == .redirect { announcement.append("AuthnRequest and LogoutRequest sent with HTTP-Redirect (signed query)") }
        if !request.weaknesses.isEmpty {
            announcement.append("WEAKNESSES ON: \(request.weaknesses.map(\.rawValue).joined(separator: ", "))")
        }
        return Launched(running: running, identityCreated: created, announcement: announcement)
    }
}
