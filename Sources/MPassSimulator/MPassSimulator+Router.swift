import Foundation
import MPassSAML
import Vocabulary

/// The router: which endpoint a request reaches, and the pages that refuse or fail it.
extension MPassSimulator {
    public func handle(_ request: SimulatorRequest) -> SimulatorResponse {
        let path = normalisedPath(request.path)
        switch (request.method.uppercased(), path) {
        case ("GET", "/login/saml"), ("POST", "/login/saml"): return singleSignOn(request)
        case ("POST", "/login/submit"): return loginSubmitted(request)
        case ("GET", "/login/unsolicited"), ("POST", "/login/unsolicited"): return unsolicitedLogin(request)
        case ("GET", "/logout/saml"), ("POST", "/logout/saml"): return singleLogout(request)
        case ("POST", "/logout/start"), ("GET", "/logout/start"): return startSingleLogout(request)
        case ("GET", "/meta/saml"): return metadata()
        case ("GET", "/"), ("GET", ""):
            let user = sessionFor(request).map(\.user.nameID)
            return .html(SimulatorPages.index(configuration: configuration, loggedInAs: user))
        default:
            return .html(SimulatorPages.error(title: "Not found", lines: ["\(request.method) \(request.path) is not an MPass endpoint"]), status: 404)
        }
    }

    /// The path relative to the base URL's own path (the simulator may live under a prefix).
    func normalisedPath(_ path: String) -> String {
        let basePath = configuration.baseURL.path
        var relative = path
        if !basePath.isEmpty, basePath != "/", relative.hasPrefix(basePath) { relative = String(relative.dropFirst(basePath.count)) }
        if relative.count > 1, relative.hasSuffix("/") { relative.removeLast() }
        return relative.isEmpty ? "/" : relative
    }

    /// The simulator's own failure (a message it could not build), not a judgement of the
    /// Service: recorded apart so that a runner ends the case in ERROR instead of reading
    /// the missing message as the Service's refusal.
    func failed(_ title: String, _ lines: [String]) -> SimulatorResponse {
        record(.failed, note: ([title] + lines).joined(separator: "; "))
        return .html(SimulatorPages.error(title: title, lines: lines), status: 500)
    }

    func refuse(_ title: String, _ lines: [String], xml: Data? = nil) -> SimulatorResponse {
        record(.refused, xml: xml, note: ([title] + lines).joined(separator: "; "))
        return .html(SimulatorPages.error(title: title, lines: lines), status: 400)
    }

    /// The HTTP-Redirect binding's checks of the query signature against the Service's
    /// certificates (none over HTTP-POST, or for a Service nobody registered), and whether
    /// they leave the message signed by the binding.
    func bindingChecks(_ decoded: ReceivedMessage, service: RegisteredService?) -> (checks: [CheckResult], verified: Bool) {
        var checks: [CheckResult] = []
        if let redirect = decoded.redirect, let service {
            checks = redirect.verifySignature(policy: SignaturePolicy(pinnedCertificates: service.certificates))
        }
        return (checks, decoded.redirect != nil && checks.allSatisfy { !$0.isFailure })
    }

    /// The time window MPass checks messages in, as of now.
    func window() -> TimeWindow {
        TimeWindow(now: configuration.now(), clockSkew: configuration.clockSkew, messageLifetime: configuration.messageLifetime)
    }

    /// A query parameter's value (RFC 3986: `+` stays `+`).
    func queryValue(_ query: String?, _ name: String) -> String? {
        FormURLEncoding.decode(query ?? "", plusAsSpace: false)[name]
    }
}
