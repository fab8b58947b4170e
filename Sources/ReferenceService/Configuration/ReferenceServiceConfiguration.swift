import Foundation
import MPassSAML
import Vocabulary

/// Everything the reference Service needs to know: where it is, who it is, which MPass it
/// trusts, its time rules, and the weaknesses it is given for a test.
public struct ReferenceServiceConfiguration: Sendable {

    /// Where the Service is served (`http://127.0.0.1:8080`, no path). nil: `serve` sets it
    /// to the address it bound (port 0 becomes the port the system chose).
    public var baseURL: String?
    /// The Service's Issuer (entity ID), as registered with MPass: the Audience it expects.
    public var issuer: String
    /// Signs the Service's AuthnRequest, LogoutRequest, LogoutResponse and metadata.
    public var identity: SigningIdentity
    /// MPass's Issuer value, read from its metadata or configuration (it is not the host name).
    public var idpIssuer: String
    /// MPass's signing certificate(s), pinned: the only keys a message may be signed with.
    public var idpCertificates: [Certificate]
    /// MPass's SSO URL: the AuthnRequest's Destination.
    public var idpSSOURL: String
    /// MPass's SLO URL: where LogoutRequests and LogoutResponses go.
    public var idpSLOURL: String
    /// The origin allowed to frame the single-logout answer; nil: the origin of `idpSLOURL`.
    public var idpOrigin: String?
    /// Allowance for clocks that disagree.
    public var clockSkew: TimeInterval
    /// How long after IssueInstant a message is accepted (the official library: 10 minutes).
    public var messageLifetime: TimeInterval
    /// Refuse a Response whose Assertion is not signed itself (MPass signs it on request).
    public var requireSignedAssertion: Bool
    /// How long a started login (an outstanding AuthnRequest) waits for MPass's answer.
    public var loginTimeout: TimeInterval
    /// How it sends its own AuthnRequest and LogoutRequest to MPass: `post` (an
    /// auto-submitting form with an enveloped XML signature, MPass's recommendation) or
    /// `redirect` (HTTP-Redirect, the query signed with SigAlg and Signature, SAML Bindings 3.4.4.1).
    public var requestBinding: HTTPBinding = .post
    /// The flaws switched on; empty for the hardened Service.
    public var weaknesses: Set<ServiceWeakness>
    /// Accept MPass's messages signed with RSA-SHA1 / SHA-1 digests by the pinned
    /// certificate (`live`: staging may sign so; the harness judges that with a WARN).
    /// Never about the Service's own messages. Off by default.
    public var acceptIdPSHA1 = false
    /// The clock: injected, so that tests and replays are exact.
    public var now: @Sendable () -> Date
    /// Makes message IDs and cookie values: injected for reproducible tests.
    public var makeID: @Sendable () -> String

    public init(baseURL: String? = nil, issuer: String, identity: SigningIdentity, idpIssuer: String,
                idpCertificates: [Certificate], idpSSOURL: String, idpSLOURL: String, idpOrigin: String? = nil,
                clockSkew: TimeInterval = 180, messageLifetime: TimeInterval = 600, requireSignedAssertion: Bool = false,
                loginTimeout: TimeInterval = 1800, weaknesses: Set<ServiceWeakness> = [],
                now: @escaping @Sendable () -> Date = { Date() },
                makeID: @escaping @Sendable () -> String = { SAMLIdentifier.make() }) {
        self.baseURL = baseURL
        self.issuer = issuer
        self.identity = identity
        self.idpIssuer = idpIssuer
        self.idpCertificates = idpCertificates
        self.idpSSOURL = idpSSOURL
        self.idpSLOURL = idpSLOURL
        self.idpOrigin = idpOrigin
        self.clockSkew = clockSkew
        self.messageLifetime = messageLifetime
        self.requireSignedAssertion = requireSignedAssertion
        self.loginTimeout = loginTimeout
        self.weaknesses = weaknesses
        self.now = now
        self.makeID = makeID
    }

    /// Checks the configuration and fills in what is derived: the base URL without a
    /// trailing slash and the IdP origin. Throws the first problem found, saying what to do.
    func validated() throws(HarnessError) -> ResolvedConfiguration {
        // MPass: "No test of any kind ... is allowed against production."
        for (url, what) in [(idpSSOURL, "IdP SSO URL"), (idpSLOURL, "IdP SLO URL"), (idpOrigin ?? "", "IdP origin")] where !url.isEmpty {
            do {
                try MPassEnvironment.refuseProduction(url, what: what)
            } catch {
                throw HarnessError(.configurationProductionRefused, error.reason)
            }
        }
        guard !idpCertificates.isEmpty else {
            throw HarnessError(.configurationMissingIdPCertificate,
                "no IdP certificate is pinned, so no MPass message could be verified; give MPass's signing certificate (staging: mpass.staging.egov.md.cer, or the simulator's)")
        }
        guard !issuer.isEmpty else {
            throw HarnessError(.configurationBadValue, "the Service's issuer (entity ID) is empty; give the Issuer registered with MPass")
        }
        guard !idpIssuer.isEmpty else {
            throw HarnessError(.configurationBadValue, "the IdP issuer is empty; read it from MPass's metadata (it is not the host name)")
        }
        guard clockSkew >= 0, messageLifetime > 0, loginTimeout > 0 else {
            throw HarnessError(.configurationBadValue, "clockSkew must be 0 or more, messageLifetime and loginTimeout more than 0")
        }
        guard let baseURL else {
            throw HarnessError(.configurationBadURL, "the base URL is not set; give the URL the Service is reached at, or start it with serve(…), which sets it")
        }
        let base = try Self.origin(of: baseURL, what: "base URL", pathAllowed: false)
        _ = try Self.origin(of: idpSSOURL, what: "IdP SSO URL", pathAllowed: true)
        let sloOrigin = try Self.origin(of: idpSLOURL, what: "IdP SLO URL", pathAllowed: true)
        let frameOrigin = try idpOrigin.map { origin throws(HarnessError) in
            try Self.origin(of: origin, what: "IdP origin", pathAllowed: false)
        } ?? sloOrigin
        return ResolvedConfiguration(configuration: self, baseURL: base, idpOrigin: frameOrigin)
    }

    /// `scheme://host[:port]` of an absolute http(s) URL; refuses a path where none is allowed.
    static func origin(of url: String, what: String, pathAllowed: Bool) throws(HarnessError) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw HarnessError(.configurationBadURL, "the \(what) \"\(url)\" is not an absolute http(s) URL")
        }
        if !pathAllowed, !(components.path.isEmpty || components.path == "/") || components.query != nil || components.fragment != nil {
            throw HarnessError(.configurationBadURL,
                "the \(what) \"\(url)\" has a path, query or fragment; give only scheme, host and port (the Service serves its routes at the root)")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart)\(components.port.map { ":\($0)" } ?? "")"
    }
}

/// A configuration that passed `validated()`, with its derived values.
struct ResolvedConfiguration: Sendable {
    let configuration: ReferenceServiceConfiguration
    /// `scheme://host[:port]`, no trailing slash.
    let baseURL: String
    let idpOrigin: String

    var acsURL: String { baseURL + "/mpass-login" }
    var sloURL: String { baseURL + "/mpass-slo" }
    var logoutResponseURL: String { baseURL + "/mpass-logout" }
    var isHTTPS: Bool { baseURL.hasPrefix("https://") }

    func has(_ weakness: ServiceWeakness) -> Bool { configuration.weaknesses.contains(weakness) }
}
