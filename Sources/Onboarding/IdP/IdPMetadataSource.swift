import Foundation
import MPassSAML
import Vocabulary

/// Where MPass staging's metadata comes from: the real staging (`/meta/saml`), or, for
/// tests only, a stand-in on this machine (a simulator serving the same path). Production
/// is never a source.
public struct IdPMetadataSource: Sendable, Equatable {
    /// The IdP's base URL (`https://mpass.staging.egov.md`).
    public let baseURL: URL
    /// The SHA-256 fingerprint the signing certificate must have.
    public let pin: String

    public var metadataURL: URL { baseURL.appendingPathComponent("meta").appendingPathComponent("saml") }
    /// True for the real staging (its pin is the one compiled in).
    public var isRealStaging: Bool { baseURL.host?.lowercased() == MPassEnvironment.staging.host }

    public static let staging = IdPMetadataSource(
        uncheckedBaseURL: URL(string: "https://\(MPassEnvironment.staging.host)")!,
        pin: MPassEnvironment.staging.signingCertificateSHA256!)

    private init(uncheckedBaseURL: URL, pin: String) {
        self.baseURL = uncheckedBaseURL
        self.pin = pin
    }

    /// Staging, or a stand-in: a stand-in must be on loopback (it exists for tests) and
    /// needs its own pin; production is refused whatever is given.
    public init(baseURL: String?, pin: String?) throws(HarnessError) {
        guard let baseURL else {
            if let pin, (try? SHA256Fingerprint(pin)) != (try? SHA256Fingerprint(Self.staging.pin)) {
                throw HarnessError(.onboardingMetadataRejected,
                    "--pin \(pin) is not staging's pinned fingerprint (\(Self.staging.pin)); a different pin is only for a test stand-in given with --base-url. If MPass rotated its certificate, confirm the new one with AGE and update the harness")
            }
            self = .staging
            return
        }
        if let refusal = GovernmentEndpoints.refusal(baseURL, what: "IdP base URL") {
            throw HarnessError(.onboardingProductionRefused, refusal)
        }
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host != nil else {
            throw HarnessError(.onboardingStandInNotLoopback, "--base-url \(baseURL) is not an absolute http(s) URL")
        }
        if url.host?.lowercased() == MPassEnvironment.staging.host {
            self = .staging
            return
        }
        guard NetworkAddress.isLoopbackURL(url) else {
            throw HarnessError(.onboardingStandInNotLoopback,
                "--base-url \(baseURL) is neither MPass staging nor on this machine; a different base URL exists only for a test stand-in on loopback (127.0.0.1, localhost)")
        }
        guard let pin else {
            throw HarnessError(.onboardingMetadataRejected,
                "a stand-in at \(baseURL) needs its own pinned fingerprint: give --pin with the SHA-256 of its signing certificate")
        }
        var trimmed = url.absoluteString
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.baseURL = URL(string: trimmed)!
        self.pin = pin
    }
}
