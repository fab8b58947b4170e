import Foundation
import HarnessModel
import MPassSAML

/// `mpass-harness preflight`: every check on what a beneficiary sends AGE (certificates, URLs,
/// attributes, MNotify data), the two forms filled in, and where the onboarding stands.
///
/// All checks run and all are kept (a missing certificate does not hide a bad URL); the clock,
/// the process environment (passwords) and the network are injected.
public struct Preflight: Sendable {
    public var input: PreflightInput
    public var now: Date
    /// Where password variables are looked up.
    public var variables: [String: String]
    /// nil: offline, nothing is probed.
    public var prober: (any EndpointProber)?
    public var idpCache: IdPCache.Entry?
    public var liveReport: RunReport?

    public init(input: PreflightInput, now: Date = Date(), variables: [String: String] = ProcessInfo.processInfo.environment,
                prober: (any EndpointProber)? = nil, idpCache: IdPCache.Entry? = nil, liveReport: RunReport? = nil) {
        self.input = input
        self.now = now
        self.variables = variables
        self.prober = prober
        self.idpCache = idpCache
        self.liveReport = liveReport
    }

    public func run() async -> PreflightReport {
        var items: [PreflightItem] = []
        let prefix = "onboarding"

        // The system.
        if let name = input.systemName, !name.isEmpty {
            items.append(PreflightItem("system.name", .system, subject: "information system", status: .pass, detail: name))
        } else {
            items.append(PreflightItem("system.name", .system, subject: "information system", status: .fail,
                                       detail: "the information system's name is not given; both forms ask for it",
                                       fix: "add `onboarding.system_name: \"…\"` with the system's name (as registered in the state register, for public systems)"))
        }
        if let issuer = input.issuer, !issuer.isEmpty {
            items.append(PreflightItem("system.issuer", .system, subject: "Issuer", status: .pass, detail: issuer))
        }

        // Certificates.
        let test = CertificateChecks(environment: "test", credential: input.test.credential, variables: variables, now: now,
                                     fieldPrefix: "\(prefix).test").run()
        let production = CertificateChecks(environment: "production", credential: input.production.credential, variables: variables,
                                           now: now, fieldPrefix: "\(prefix).production").run()
        items += test.items + production.items

        // Environments: the guide asks for separate certificates and keys for test and production.
        if let a = test.loaded?.certificate, let b = production.loaded?.certificate {
            if a == b || a.hasSamePublicKey(as: b) {
                items.append(PreflightItem("environments.certificates-differ", .environments, subject: "test and production certificates",
                                           status: .fail,
                                           detail: a == b ? "the same certificate (serial \(a.serialHex)) is given for test and production"
                                                          : "the test and production certificates share one key",
                                           fix: "MPass requires separate certificates and keys for test and production: request a second system certificate from STISC for production"))
            } else {
                items.append(PreflightItem("environments.certificates-differ", .environments, subject: "test and production certificates",
                                           status: .pass, detail: "test serial \(a.serialHex), production serial \(b.serialHex)"))
            }
        } else {
            items.append(PreflightItem("environments.certificates-differ", .environments, subject: "test and production certificates",
                                       status: .skip, detail: "both certificates are needed to compare them"))
        }

        // URLs, then one concurrent round of probes.
        var probes: [(subject: String, url: URL)] = []
        for (environment, urls, isProduction) in [("test", input.test, false), ("production", input.production, true)] {
            let checks = URLChecks(environment: environment, isProduction: isProduction, fieldPrefix: "\(prefix).\(environment)")
            for kind in URLChecks.Kind.allCases {
                let text: String? = switch kind {
                case .acs: urls.acsURL
                case .logoutRequest: urls.logoutRequestURL
                case .logoutResponse: urls.logoutResponseURL
                }
                let (urlItems, url) = checks.check(text, kind: kind)
                items += urlItems
                if let url { probes.append(("\(environment) \(kind.label)", url)) }
            }
        }
        items += await probe(probes)

        items += AttributeChecks(attributes: input.attributes, customAttributes: input.customAttributes).run()
        items += MNotifyChecks(mnotify: input.mnotify).run()

        if let idpCache {
            items.append(PreflightItem("idp.metadata-pinned", .idp, subject: "MPass staging metadata", status: .pass,
                                       detail: "fetched from \(idpCache.sourceURL) on \(idpCache.fetchedAt); signing certificate pinned (SHA-256 \(idpCache.pinnedSHA256))"))
        } else {
            items.append(PreflightItem("idp.metadata-pinned", .idp, subject: "MPass staging metadata", status: .warn,
                                       detail: "MPass staging's metadata has not been fetched and pinned on this machine",
                                       fix: "run `mpass-harness idp fetch --env staging` (needs access to mpass.staging.egov.md)"))
        }

        let forms = IntegrationForms(input: input, test: test.loaded, production: production.loaded, items: items)
        let progress = OnboardingProgress(items: items, hasMNotify: input.mnotify != nil, idpCache: idpCache, liveReport: liveReport)
        return PreflightReport(file: input.file, checkedAt: SAMLTime.format(now), items: items, forms: forms, progress: progress,
                               serialForAGE: (production.loaded ?? test.loaded)?.certificate.serialHex)
    }

    private func probe(_ targets: [(subject: String, url: URL)]) async -> [PreflightItem] {
        guard let prober else {
            return targets.map { URLChecks.reachability(nil, url: $0.url, subject: $0.subject) }
        }
        // The same URL is often given twice (test defaults); ask once.
        let unique = Array(Set(targets.map(\.url)))
        let answers = await withTaskGroup(of: (URL, EndpointProbe).self) { group in
            for url in unique { group.addTask { (url, await prober.probe(url)) } }
            var answers: [URL: EndpointProbe] = [:]
            for await (url, answer) in group { answers[url] = answer }
            return answers
        }
        return targets.map { URLChecks.reachability(answers[$0.url], url: $0.url, subject: $0.subject) }
    }
}
