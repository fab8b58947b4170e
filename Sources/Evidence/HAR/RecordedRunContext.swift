/// What a harness run was about, written into its HAR file (`log._mpassHarness`) so that the
/// file replays on its own: the Service as the run described it, the MPass it played, and the
/// certificates each side's messages were checked against.
///
/// Certificates are public, base64 DER. A simulator run's MPass key is made for the run and
/// exists nowhere else, so the recording is the only place its certificate can come from; a
/// replay says where each pinned certificate came from, and options override these.
public struct RecordedRunContext: Sendable, Codable, Equatable {
    public struct Service: Sendable, Codable, Equatable {
        public var name: String
        public var baseURL: String
        /// nil when not known (a browser recording replayed without a target).
        public var issuer: String?
        public var acsURL: String?
        public var singleLogoutURL: String?
        public var logoutResponseURL: String?
        /// The protected resource: served only to a logged-in browser (nil: not known).
        public var protectedURL: String?
        public var loggedInMarker: String?
        public var loggedInStatus: Int
        public var errorMarkers: [String]
        /// Base64 DER of each registered certificate.
        public var certificates: [String]

        public init(name: String, baseURL: String, issuer: String?, acsURL: String?, singleLogoutURL: String?,
                    logoutResponseURL: String?, protectedURL: String?, loggedInMarker: String?, loggedInStatus: Int,
                    errorMarkers: [String], certificates: [String]) {
            self.name = name
            self.baseURL = baseURL
            self.issuer = issuer
            self.acsURL = acsURL
            self.singleLogoutURL = singleLogoutURL
            self.logoutResponseURL = logoutResponseURL
            self.protectedURL = protectedURL
            self.loggedInMarker = loggedInMarker
            self.loggedInStatus = loggedInStatus
            self.errorMarkers = errorMarkers
            self.certificates = certificates
        }
    }

    public struct IdentityProvider: Sendable, Codable, Equatable {
        /// `simulator` or `staging`.
        public var kind: String
        public var baseURL: String
        public var issuer: String?
        public var singleSignOnURL: String
        public var singleLogoutURL: String
        public var certificates: [String]

        public init(kind: String, baseURL: String, issuer: String?, singleSignOnURL: String, singleLogoutURL: String,
                    certificates: [String]) {
            self.kind = kind
            self.baseURL = baseURL
            self.issuer = issuer
            self.singleSignOnURL = singleSignOnURL
            self.singleLogoutURL = singleLogoutURL
            self.certificates = certificates
        }
    }

    /// The plan that ran (`chapter9`).
    public var plan: String
    /// The ids of every case the plan held, in order, so `report verify` can refuse a
    /// bundle that leaves one out (nil in recordings made before it was written, and in
    /// replays, whose cases are what the recordings show).
    public var planCases: [String]?
    /// Case id → why the plan expected it to fail (nil: none).
    public var expectedFailures: [String: String]?
    public var service: Service
    public var identityProvider: IdentityProvider

    public init(plan: String, planCases: [String]? = nil, expectedFailures: [String: String]? = nil,
                service: Service, identityProvider: IdentityProvider) {
        self.plan = plan
        self.planCases = planCases
        self.expectedFailures = expectedFailures
        self.service = service
        self.identityProvider = identityProvider
    }
}
