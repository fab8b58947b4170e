import Foundation
import HarnessModel
import MPassSAML
import MPassSimulator

/// The Service under test, resolved: absolute URLs, loaded certificates. Made from the
/// target description file, or from the embedded reference Service's own configuration.
public struct ServiceUnderTest: Sendable {
    public var name: String
    public var baseURL: URL
    /// Starts a login (the Service answers with its AuthnRequest, directly or via redirects).
    public var loginURL: URL
    /// Starts a Service-initiated logout.
    public var logoutURL: URL
    /// Where MPass posts the Response.
    public var acsURL: String
    /// Where MPass posts its LogoutRequest (single logout).
    public var singleLogoutURL: String?
    /// Where MPass posts its LogoutResponse.
    public var logoutResponseURL: String?
    /// A resource served only to a logged-in user.
    public var protectedURL: URL
    /// Text present on the protected resource only when logged in (nil: the status decides).
    public var loggedInMarker: String?
    public var loggedInStatus: Int
    /// Texts that mean the Service shows an error.
    public var errorMarkers: [String]
    /// The Service's Issuer (entity ID), as registered with MPass.
    public var issuer: String
    /// The Service's registered certificate(s): what its messages are checked against.
    public var certificates: [Certificate]
    /// Headers sent with every request to the Service (a test deployment may need them).
    public var extraHeaders: [String: String]
    /// Cookies the browser holds for the Service before every case (a test deployment's gate).
    public var cookies: [String: String] = [:]
    /// How MPass sends the Service its LogoutRequest and LogoutResponse (as registered).
    public var logoutBinding: HTTPBinding = .post

    public init(name: String, baseURL: URL, loginURL: URL, logoutURL: URL, acsURL: String, singleLogoutURL: String?,
                logoutResponseURL: String?, protectedURL: URL, loggedInMarker: String?, loggedInStatus: Int = 200,
                errorMarkers: [String] = [], issuer: String, certificates: [Certificate], extraHeaders: [String: String] = [:]) {
        self.name = name
        self.baseURL = baseURL
        self.loginURL = loginURL
        self.logoutURL = logoutURL
        self.acsURL = acsURL
        self.singleLogoutURL = singleLogoutURL
        self.logoutResponseURL = logoutResponseURL
        self.protectedURL = protectedURL
        self.loggedInMarker = loggedInMarker
        self.loggedInStatus = loggedInStatus
        self.errorMarkers = errorMarkers
        self.issuer = issuer
        self.certificates = certificates
        self.extraHeaders = extraHeaders
    }

    /// The registration MPass (the simulator) holds for this Service.
    public var registration: RegisteredService {
        RegisteredService(issuer: issuer, certificates: certificates, acsURL: acsURL,
                          singleLogoutURL: singleLogoutURL, logoutResponseURL: logoutResponseURL, logoutBinding: logoutBinding)
    }
}

extension ServiceUnderTest {
    /// The Service a target file describes. Its certificate is required: without it no
    /// message the Service signs could be checked, and every login would fail at MPass.
    public init(target: TargetDescription) throws(TargetError) {
        guard let certificatePath = target.certificate?.path else {
            throw TargetError(.targetMissingField, field: "certificate",
                              reason: "the target names no certificate, so the Service's AuthnRequest and logout messages cannot be checked",
                              fix: "add `certificate: path/to/service.crt` (the certificate registered with MPass, PEM or DER)")
        }
        let certificates: [Certificate]
        do {
            certificates = try CredentialLoader.loadCertificates(path: certificatePath)
        } catch {
            throw TargetError(.targetCertificateInvalid, field: "certificate", reason: error.reason, fix: "give the Service's certificate as PEM or DER")
        }
        self.init(name: target.name, baseURL: target.baseURL, loginURL: target.loginURL, logoutURL: target.logoutURL,
                  acsURL: target.acsURL.absoluteString, singleLogoutURL: target.sloURL.absoluteString,
                  logoutResponseURL: target.logoutResponseURL.absoluteString, protectedURL: target.loggedIn.url,
                  loggedInMarker: target.loggedIn.marker, loggedInStatus: target.loggedIn.status,
                  errorMarkers: target.errorMarkers, issuer: target.issuer, certificates: certificates,
                  extraHeaders: target.headers)
        self.cookies = target.cookies
        self.logoutBinding = target.logoutBinding
    }
}
