import Evidence
import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

/// `mpass-harness live` as one call: MPass staging's pinned metadata from the cache, the
/// Service's credentials, the session with a person in the loop, and the reports (with
/// `exchanges.har`) written.
public enum LiveRun {
    public struct Request: Sendable {
        /// The Service's Issuer as registered at MPass staging.
        public var issuer: String
        /// The port of `https://localhost:PORT`.
        public var port: Int
        /// The HTTPS credential (`--tls-cert`, `--tls-key`); none: one made for the session.
        public var tlsCertificatePath: String?
        public var tlsKeyPath: String?
        public var tlsPassword: String?
        /// MPass staging's cached metadata (`idp fetch`).
        public var idpCache: URL
        public var stepTimeout: TimeInterval
        public var strictIdPAlgorithm = false
        /// The report folder; none: `mpass-reports/live-<UTC time>`.
        public var out: URL?
        public var started: Date

        public init(issuer: String, port: Int, idpCache: URL, stepTimeout: TimeInterval, started: Date = Date()) {
            self.issuer = issuer
            self.port = port
            self.idpCache = idpCache
            self.stepTimeout = stepTimeout
            self.started = started
        }
    }

    public struct Written: Sendable {
        public var report: RunReport
        public var directory: URL
    }

    /// Runs the session and writes its reports. MPass comes first: without a pinned
    /// certificate nothing can be trusted, so nothing starts (and no credential is read).
    ///
    /// - Parameters:
    ///   - identity: the Service's signing identity, read once the cache is trusted.
    ///   - note: what the person should know before the session (which cache is trusted).
    ///   - say: each instruction of the session, as it comes.
    /// - Throws: `LiveFailure` naming the stage that failed, or what `identity` throws.
    public static func performAndWrite(_ request: Request, identity: () throws -> SigningIdentity,
                                       note: (String) -> Void = { _ in },
                                       say: @escaping @Sendable (String) -> Void) async throws -> Written {
        let cached: IdPCache.Contents
        do {
            cached = try IdPCache(directory: request.idpCache).load(now: request.started)
        } catch {
            throw LiveFailure.idpCache(error)
        }
        note(cached.trustNote)
        let idp: LiveIdentityProvider
        do {
            idp = try LiveIdentityProvider(cache: cached)
        } catch {
            throw LiveFailure.identityProvider(error)
        }
        let signing = try identity()
        let tlsIdentity: SigningIdentity?
        do {
            tlsIdentity = try request.tlsCertificatePath.map { path throws(HarnessError) in
                try CredentialLoader.loadIdentity(path: path, keyPath: request.tlsKeyPath, password: request.tlsPassword)
            }
        } catch {
            throw LiveFailure.tlsCredential(error)
        }
        // The folder is taken before the session: a person's minutes at MPass staging must not
        // end in "the folder is not empty".
        let directory: URL
        do {
            directory = try RunArtefacts.reserveFolder(out: request.out?.path, started: request.started, prefix: "live-")
        } catch {
            throw LiveFailure.artefacts(error)
        }
        var configuration = LiveConfiguration(issuer: request.issuer, identity: signing, port: request.port, tlsIdentity: tlsIdentity,
                                              idp: idp, stepTimeout: request.stepTimeout)
        configuration.strictIdPAlgorithm = request.strictIdPAlgorithm
        let outcome: LiveOutcome
        do {
            outcome = try await LiveSession(configuration: configuration, say: say).run()
        } catch {
            throw LiveFailure.session(error)
        }
        do {
            try RunArtefacts.write(outcome.report, to: directory, files: ["exchanges.har": try HARWriter.encode(outcome.har)])
        } catch {
            throw LiveFailure.artefacts(error)
        }
        return Written(report: outcome.report, directory: directory)
    }
}

/// Why a live session stopped before its verdicts: each case a stage, its description the
/// line a person reads after `error: `.
public enum LiveFailure: Error, Sendable, CustomStringConvertible {
    /// No cache (`onboarding.cache-missing`: `idp fetch --env staging` makes one) or an unusable one.
    case idpCache(HarnessError)
    /// The cached metadata cannot serve (`onboarding.production-refused` for production's).
    case identityProvider(HarnessError)
    /// The `--tls-cert` credential cannot be read.
    case tlsCredential(HarnessError)
    /// The session could not run (the Service did not start, a socket failed).
    case session(HarnessError)
    /// The report folder cannot be taken (`--out` is not empty), or the reports or
    /// `exchanges.har` could not be written.
    case artefacts(HarnessError)

    public var description: String {
        switch self {
        case .idpCache(let error), .identityProvider(let error), .tlsCredential(let error), .session(let error):
            error.userMessage
        case .artefacts(let error):
            error.reason
        }
    }
}
