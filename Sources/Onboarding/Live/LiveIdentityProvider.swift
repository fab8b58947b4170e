import Foundation
import MPassSAML
import Vocabulary

/// The MPass a live session talks to: staging (from the pinned cache) or, in tests, a
/// loopback stand-in. Production cannot be one.
public struct LiveIdentityProvider: Sendable {
    public let baseURL: String
    public let issuer: String
    public let singleSignOnURL: String
    public let singleLogoutURL: String
    /// Pinned: the only certificates MPass's messages may be signed with.
    public let certificates: [Certificate]

    public init(baseURL: String, issuer: String, singleSignOnURL: String, singleLogoutURL: String,
                certificates: [Certificate]) throws(HarnessError) {
        for url in [baseURL, issuer, singleSignOnURL, singleLogoutURL] {
            if let refusal = GovernmentEndpoints.refusal(url, what: "IdP endpoint") {
                throw HarnessError(.onboardingProductionRefused, refusal)
            }
        }
        guard !certificates.isEmpty else {
            throw HarnessError(.onboardingCacheMissing, "no MPass certificate is pinned; run `mpass-harness idp fetch --env staging` or give --idp-cert")
        }
        for url in [singleSignOnURL, singleLogoutURL] {
            guard let parsed = URL(string: url), parsed.host != nil else {
                throw HarnessError(.onboardingStandInNotLoopback, "\(url) is not an absolute URL")
            }
            try NetworkAddress.requireStagingOrLoopback(parsed, stagingHost: MPassEnvironment.staging.host, what: url,
                                                        stagingName: "MPass staging",
                                                        reason: "`live` talks to staging, and to a loopback stand-in only in tests")
        }
        self.baseURL = baseURL
        self.issuer = issuer
        self.singleSignOnURL = singleSignOnURL
        self.singleLogoutURL = singleLogoutURL
        self.certificates = certificates
    }

    /// From the `idp fetch` cache.
    public init(cache: IdPCache.Contents) throws(HarnessError) {
        let metadata = cache.metadata
        guard let sso = (metadata.singleSignOnService(for: .post) ?? metadata.singleSignOnServices.first)?.location,
              let slo = (metadata.singleLogoutService(for: .post) ?? metadata.singleLogoutServices.first)?.location,
              let source = URL(string: cache.entry.sourceURL), let scheme = source.scheme, let host = source.host else {
            throw HarnessError(.onboardingCacheInvalid, "the cached metadata has no HTTP-POST SSO or SLO endpoint; fetch it again")
        }
        try self.init(baseURL: "\(scheme)://\(host)\(source.port.map { ":\($0)" } ?? "")", issuer: metadata.entityID,
                      singleSignOnURL: sso, singleLogoutURL: slo, certificates: cache.certificates)
    }
}
