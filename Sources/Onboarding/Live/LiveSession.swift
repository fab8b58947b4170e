import Evidence
import Foundation
import HarnessModel
import Logging
import MPassSAML
import ReferenceService
import Vocabulary

/// `mpass-harness live`: the reference Service stands in as the beneficiary's registered
/// Service on `https://localhost:PORT`, against MPass staging, and a person goes through
/// TC_FUNCT_01–05 in their own browser. Each case is told step by step, waited for, and
/// judged as it happens from what reaches the Service: every message MPass sends is checked
/// with the pinned certificate only.
///
/// The cases run in the order the states allow (01 login, 02 single sign-on, 04 logout from
/// the Service, 03 cancel, 05 logout from MPass) and are reported by id.
public final class LiveSession: Sendable {
    public let configuration: LiveConfiguration
    /// Where instructions and verdicts go (the CLI prints them at once).
    private let say: @Sendable (String) -> Void
    private let log = LiveExchangeLog()

    public init(configuration: LiveConfiguration, say: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.say = say
    }

    /// Runs the five cases; throws only when the Service cannot start.
    public func run() async throws(HarnessError) -> LiveOutcome {
        let started = Date()
        let service = try await start()
        let base = configuration.serviceRoot
        let idp = configuration.idp
        say("""
            The Service stands in for yours as registered at MPass: Issuer \(configuration.issuer)
              root \(base)   ACS \(base)/mpass-login   SLO \(base)/mpass-slo   LogoutResponse \(base)/mpass-logout
              signing certificate serial \(configuration.identity.certificate.serialHex)
            MPass: \(idp.baseURL) (Issuer \(idp.issuer)); its messages are trusted only with the pinned certificate \(idp.certificates.first?.sha256Fingerprint ?? "")
            Use a private browser window. The first time, your browser warns about this session's HTTPS certificate for localhost: accept it.
            Each step waits up to \(Int(configuration.stepTimeout)) s.

            """)
        var messages = LiveMessages(serviceCertificate: configuration.identity.certificate, serviceIssuer: configuration.issuer,
                                    baseURL: base, idp: idp)
        messages.strictAlgorithm = configuration.strictIdPAlgorithm
        var judge = LiveJudge(messages: messages,
                              log: log, core: service.core, timeout: configuration.stepTimeout, base: base, idpBase: idp.baseURL, say: say)
        var results: [CaseResult] = []
        results.append(await judge.serviceInitiatedLogin())
        results.append(await judge.singleSignOn())
        results.append(await judge.serviceInitiatedLogout())
        results.append(await judge.abortedLogin())
        results.append(await judge.mpassInitiatedLogout())
        try? await service.shutdown()

        var mpass = RunReport.IdentityProvider(kind: .staging, baseURL: idp.baseURL, issuer: idp.issuer)
        mpass.signatureAlgorithms = Self.signatureAlgorithms(in: results)
        let report = RunReport(
            tool: RunReport.Tool(version: ToolInfo.version), startedAt: started, finishedAt: Date(),
            target: RunReport.Target(name: "live: \(configuration.issuer)", baseURL: base, issuer: configuration.issuer),
            idp: mpass, plan: "chapter9-functional-live", cases: results.sorted { $0.id < $1.id })
        return LiveOutcome(report: report, har: LiveHAR.archive(await log.exchanges, baseURL: base))
    }

    /// The signature and digest algorithms MPass's messages carried, as their checks name
    /// them (`rsa-sha256`, `rsa-sha1`, `digest sha1`, …), for the report.
    static func signatureAlgorithms(in results: [CaseResult]) -> [String] {
        let checks = results.flatMap(\.messages).filter { $0.direction == .idpToService }.flatMap(\.checks.checks)
        // `*.signature.algorithm` and `*.signature.digest-algorithm` (pass detail: the name).
        let named = checks.filter { check in
            (CheckID.signatureAlgorithmChecks.contains(check.id) || CheckID.digestAlgorithmChecks.contains(check.id))
                && (check.isPass || check.isWarning)
        }.map { check in
            check.isWarning ? (CheckID.digestAlgorithmChecks.contains(check.id) ? "digest sha1" : "rsa-sha1") : check.detail
        }
        return Array(Set(named)).sorted()
    }

    private func start() async throws(HarnessError) -> RunningReferenceService {
        let tlsIdentity: SigningIdentity
        if let given = configuration.tlsIdentity {
            tlsIdentity = given
        } else {
            do {
                tlsIdentity = try ServiceTLS.sessionIdentity()
            } catch {
                throw HarnessError(.onboardingServerFailed, "no HTTPS certificate could be made for the session: \(error.reason)")
            }
        }
        if configuration.tlsIdentity == nil {
            say("HTTPS certificate made for this session: CN=localhost, SHA-256 \(tlsIdentity.certificate.sha256Fingerprint)")
        }
        let idp = configuration.idp
        var logger = Logger(label: "mpass-live-service")
        logger.logLevel = .warning
        let log = self.log
        do {
            var serviceConfiguration = ReferenceServiceConfiguration(
                baseURL: configuration.serviceRoot, issuer: configuration.issuer, identity: configuration.identity,
                idpIssuer: idp.issuer, idpCertificates: idp.certificates, idpSSOURL: idp.singleSignOnURL, idpSLOURL: idp.singleLogoutURL,
                idpOrigin: idp.baseURL)
            // MPass's SHA-1 is judged by the live checks (WARN, or FAIL when strict), not by
            // the Service refusing the login.
            serviceConfiguration.acceptIdPSHA1 = !configuration.strictIdPAlgorithm
            return try await ReferenceService.serve(configuration: serviceConfiguration, host: configuration.bindHost,
                                                    port: configuration.port, tls: try ServiceTLS.configuration(identity: tlsIdentity),
                                                    observer: { await log.append($0) }, logger: logger)
        } catch let error as HarnessError where error.code == .serverFailed {
            // The port is taken (or cannot be bound): the fix is another port, registered as such.
            throw HarnessError(.onboardingServerFailed,
                "the Service could not listen on \(configuration.bindHost):\(configuration.port) (\(error.reason)); is the port in use? Choose another with --port, and use that port in the registration")
        } catch let error as HarnessError {
            throw HarnessError(.onboardingServerFailed, "the Service could not start: \(error)")
        } catch {
            throw HarnessError(.onboardingServerFailed,
                "the Service could not listen on \(configuration.bindHost):\(configuration.port) (\(error)); is the port in use? Choose another with --port, and use that port in the registration")
        }
    }
}
