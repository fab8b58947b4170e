import Foundation
import MPassSAML

/// MPass without the network: checks what a Service sends the way MPass does, and answers
/// as MPass would, shaped by switches. HTTP-agnostic: the browser agent calls `handle` in
/// process; `SimulatorServer` puts the same logic behind HTTP for people and browsers.
///
/// Endpoints (under `baseURL`): `/login/saml` (SSO, POST or Redirect), `/login/submit`
/// (the login page's form), `/logout/saml` (SLO: a Service's LogoutRequest or LogoutResponse),
/// `/logout/start` (MPass-initiated single logout for the browser's session), `/meta/saml`
/// (IdP metadata), `/` (an index page).
public actor MPassSimulator {
    public nonisolated let configuration: SimulatorConfiguration
    public private(set) var responseSwitches = ResponseSwitches.none
    public private(set) var logoutSwitches = LogoutSwitches.none
    public private(set) var logoutResponseSwitches = LogoutResponseSwitches.none
    public private(set) var events: [SimulatorEvent] = []

    // The state the endpoints share, one file per endpoint: router (`+Router`), SSO
    // (`+SingleSignOn`), SLO (`+SingleLogout`), the session store (`+Sessions`), metadata
    // (`+Metadata`). Internal, not private, so that each endpoint's extension reaches it.
    var sessions: [String: BrowserSession] = [:]
    var pending: [String: PendingLogin] = [:]
    var seenRequestIDs: Set<String> = []
    /// LogoutRequests MPass sent, by ID, with the session they end.
    var outstandingLogouts: [String: (service: String, cookie: String?)] = [:]
    var previousLogoutRequestID: String?
    var compatibleIdentityCache: SigningIdentity?
    var nextSequence = 1

    public static let sessionCookie = "mpass_sim_session"

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
    }

    // Control (the runner's side)

    public func setResponseSwitches(_ switches: ResponseSwitches) { responseSwitches = switches }
    public func setLogoutSwitches(_ switches: LogoutSwitches) { logoutSwitches = switches }
    public func setLogoutResponseSwitches(_ switches: LogoutResponseSwitches) { logoutResponseSwitches = switches }

    /// A real browser cannot be stopped between two pages the way the in-process agent stops
    /// a login flow: when the Service answers MPass's Response by sending the browser back
    /// with a new AuthnRequest, MPass would answer at once from its session, and its next
    /// (clean) Response would log the person in and hide that the Service refused the first.
    /// Set to the sequence number at the start of a browser action, the simulator answers such
    /// a restarted login with a page saying so instead, once it has sent a Response after that
    /// mark: the flow ends where the in-process agent ends it. nil (the default): never held.
    public private(set) var restartedLoginHoldMark: Int?
    public func holdRestartedLogins(after sequence: Int?) { restartedLoginHoldMark = sequence }

    /// Forgets sessions, pending logins, events and switches: a fresh MPass for the next case.
    public func reset() {
        restartedLoginHoldMark = nil
        sessions = [:]
        pending = [:]
        events = []
        outstandingLogouts = [:]
        responseSwitches = .none
        logoutSwitches = .none
        logoutResponseSwitches = .none
        nextSequence = 1
    }

    public func clearEvents() { events = [] }

    /// Events since (and excluding) sequence number `after`.
    public func events(after sequence: Int) -> [SimulatorEvent] { events.filter { $0.sequence > sequence } }

    public var lastSequence: Int { nextSequence - 1 }

    /// The look-alike identity: same subject and issuer as the simulator's certificate, another key.
    func compatibleIdentity() throws -> SigningIdentity {
        if let compatibleIdentityCache { return compatibleIdentityCache }
        let made = try TestCredentialFactory.make(.init(commonName: "compatible", namesCopiedFrom: configuration.identity.certificate))
        compatibleIdentityCache = made
        return made
    }

    /// Prepares what a switch needs ahead of time (key generation is slow; do it off the hot path).
    public func prepareCompatibleIdentity() throws { _ = try compatibleIdentity() }

    func record(_ kind: SimulatorEvent.Kind, binding: String? = nil, id: String? = nil, xml: Data? = nil,
                report: ValidationReport? = nil, note: String = "") {
        events.append(SimulatorEvent(sequence: nextSequence, time: configuration.now(), kind: kind, binding: binding,
                                     messageID: id, xml: xml.map { String(decoding: $0, as: UTF8.self) }, report: report, note: note))
        nextSequence += 1
    }
}
