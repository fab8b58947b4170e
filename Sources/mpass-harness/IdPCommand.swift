import ArgumentParser
import Foundation
import MPassSAML
import Onboarding
import Vocabulary

/// The MPass environments a command may name; production exists only to be refused with
/// a reason rather than a parsing error.
enum MPassEnvironmentName: String, ExpressibleByArgument, CaseIterable {
    case staging, production
}

struct IdPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idp",
        abstract: "MPass staging's metadata: fetch it, check its signing certificate against the pin, cache it for verify and live.",
        subcommands: [Fetch.self])

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download <base>/meta/saml, check the signing certificate against the pinned fingerprint, and cache it.",
            discussion: """
                Staging's signing certificate is pinned in the harness (SHA-256 \(MPassEnvironment.staging.signingCertificateSHA256!)).
                The cache (metadata.xml, signing.cert.pem, cache.json) is what `live` trusts by default and
                `verify --idp-cache` reads. Production is refused. --base-url exists for tests: a stand-in on
                this machine (e.g. `simulator serve`), which then needs its own --pin.
                """)

        @Option(help: "The MPass environment: staging (production is refused).")
        var env: MPassEnvironmentName = .staging

        @Option(name: .customLong("base-url"), help: ArgumentHelp("For tests only: a loopback stand-in for staging (http://127.0.0.1:PORT).", valueName: "url"))
        var baseURL: String?

        @Option(help: ArgumentHelp("The pinned SHA-256 fingerprint (default: staging's; another only with --base-url).", valueName: "sha256"))
        var pin: String?

        @Option(help: ArgumentHelp("Cache folder.", valueName: "dir"))
        var cache: String = IdPCache.defaultDirectory

        func run() async throws {
            guard env == .staging else {
                printError("error: production is refused: MPass allows no test of any kind against production, and the harness never calls it. Use --env staging")
                throw ToolExit.usage
            }
            let now = Date()
            let source: IdPMetadataSource
            do {
                source = try IdPMetadataSource(baseURL: baseURL, pin: pin)
            } catch {
                printError(error)
                throw error.code == .onboardingProductionRefused || error.code == .onboardingStandInNotLoopback ? ToolExit.usage : ToolExit.dataError
            }
            do {
                let (entry, reading) = try await IdPCache(directory: URL(fileURLWithPath: cache)).refresh(from: source, now: now)
                print("fetched   \(entry.sourceURL)")
                print("entityID  \(entry.entityID)")
                if let sso = entry.singleSignOnURL { print("SSO       \(sso)") }
                if let slo = entry.singleLogoutURL { print("SLO       \(slo)") }
                for certificate in reading.pinnedCertificates {
                    print("pinned    \(certificate.subject), serial \(certificate.serialHex), SHA-256 \(certificate.sha256Fingerprint)")
                }
                for check in reading.checks { print(check.line) }
                print("cached in \(cache)")
                if reading.hasFailures { throw ToolExit.finding }
            } catch let error as HarnessError {
                printError(error)
                switch error.code {
                case .onboardingFetchFailed: throw ToolExit.noInput
                case .onboardingFileFailed: throw ToolExit.internalFailure
                default: throw ToolExit.dataError
                }
            }
        }
    }
}

/// Loads the IdP cache for a command, printing which copy is trusted (stderr), or the error
/// that says how to make one.
func loadIdPCache(_ directory: String, now: Date) throws -> IdPCache.Contents {
    do {
        let contents = try IdPCache(directory: URL(fileURLWithPath: directory)).load(now: now)
        printError(contents.trustNote)
        return contents
    } catch {
        printError(error)
        throw error.code == .onboardingCacheMissing ? ToolExit.noInput : ToolExit.dataError
    }
}
