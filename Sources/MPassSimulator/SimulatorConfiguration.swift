import Foundation
import MPassSAML
import Vocabulary

/// A Service as MPass knows it from its registration: what AGE configured on staging.
public struct RegisteredService: Sendable {
    /// The Service's Issuer (entity ID).
    public var issuer: String
    /// The registered certificate(s) its AuthnRequest and logout messages are checked against.
    public var certificates: [Certificate]
    /// The ACS URL MPass posts Responses to (when the AuthnRequest names none).
    public var acsURL: String
    /// Where MPass posts its LogoutRequest (single logout), the official library's `/mpass-slo`.
    public var singleLogoutURL: String?
    /// Where MPass posts its LogoutResponse, the official library's `/mpass-logout`.
    public var logoutResponseURL: String?
    /// The binding the Service registered for logout: how MPass sends it its LogoutRequest
    /// and LogoutResponse (HTTP-POST with an enveloped signature, or HTTP-Redirect with the
    /// query signed, SAML Bindings 3.4.4.1).
    public var logoutBinding: HTTPBinding

    public init(issuer: String, certificates: [Certificate], acsURL: String, singleLogoutURL: String? = nil,
                logoutResponseURL: String? = nil, logoutBinding: HTTPBinding = .post) {
        self.logoutBinding = logoutBinding
        self.issuer = issuer
        self.certificates = certificates
        self.acsURL = acsURL
        self.singleLogoutURL = singleLogoutURL
        self.logoutResponseURL = logoutResponseURL
    }
}

/// A person who can log in at the simulator: a NameID (an IDNP) and MPass attributes.
public struct SimulatedUser: Sendable, Equatable {
    public var nameID: String
    public var attributes: [Attribute]

    public init(nameID: String, attributes: [Attribute]) {
        self.nameID = nameID
        self.attributes = attributes
    }

    /// A plausible citizen with the standard attributes (`mpass-saml.md`).
    public static let ionPopescu = SimulatedUser(nameID: "2001234567890", attributes: [
        Attribute(name: "FirstName", values: ["Ion"]),
        Attribute(name: "LastName", values: ["Popescu"]),
        Attribute(name: "BirthDate", values: ["1980-05-17"]),
        Attribute(name: "Gender", values: ["1"]),
        Attribute(name: "IsResident", values: ["true"]),
        Attribute(name: "EmailAddress", values: ["ion.popescu@example.md"]),
        Attribute(name: "Language", values: ["ro"]),
    ])

    /// A representative of two legal entities, with a multi-valued custom Role.
    public static let mariaRusu = SimulatedUser(nameID: "2009876543210", attributes: [
        Attribute(name: "FirstName", values: ["Maria"]),
        Attribute(name: "LastName", values: ["Rusu"]),
        Attribute(name: "BirthDate", values: ["1975-11-02"]),
        Attribute(name: "Gender", values: ["2"]),
        Attribute(name: "AdministeredLegalEntity", values: ["Exemplu SRL 1003600000000", "Alt Exemplu SA 1002600000001"]),
        Attribute(name: "Role", values: ["Administrator", "Reviewer"]),
    ])
}

/// Everything the simulator needs to play MPass.
public struct SimulatorConfiguration: Sendable {
    /// Where the simulator answers: `https://mpass.sim.test` in-process, `http://127.0.0.1:PORT` when served.
    public var baseURL: URL
    /// Its Issuer in messages (MPass's is not its host name; configurable like the real one).
    public var issuer: String
    /// Its signing identity (the certificate a Service under test pins in place of staging's).
    public var identity: SigningIdentity
    public var services: [RegisteredService]
    public var users: [SimulatedUser]
    /// How long an MPass SSO session lives.
    public var sessionLifetime: TimeInterval
    /// Clock skew and message lifetime applied to what Services send.
    public var clockSkew: TimeInterval
    public var messageLifetime: TimeInterval
    /// The injected clock.
    public var now: @Sendable () -> Date

    public init(baseURL: URL, issuer: String? = nil, identity: SigningIdentity, services: [RegisteredService],
                users: [SimulatedUser] = [.ionPopescu, .mariaRusu], sessionLifetime: TimeInterval = 8 * 3600,
                clockSkew: TimeInterval = 180, messageLifetime: TimeInterval = 600,
                now: @escaping @Sendable () -> Date = { Date() }) throws(HarnessError) {
        try MPassEnvironment.refuseProduction(baseURL.absoluteString, what: "simulator base URL")
        self.baseURL = baseURL
        self.issuer = issuer ?? baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.identity = identity
        self.services = services
        self.users = users
        self.sessionLifetime = sessionLifetime
        self.clockSkew = clockSkew
        self.messageLifetime = messageLifetime
        self.now = now
    }

    /// MPass's paths, as on staging.
    public var singleSignOnURL: String { url("login/saml") }
    public var singleLogoutURL: String { url("logout/saml") }
    public var metadataURL: String { url("meta/saml") }

    /// An absolute URL under the base URL.
    public func url(_ path: String) -> String {
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        return base + "/" + path
    }

    func service(issuer: String?) -> RegisteredService? {
        guard let issuer else { return nil }
        return services.first { $0.issuer == issuer }
    }
}
