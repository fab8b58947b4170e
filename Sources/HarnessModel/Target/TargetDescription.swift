import Foundation
import MPassSAML

/// The Service under test, as its `target.yaml` describes it, with every default filled
/// in and every relative URL and path resolved.
///
/// In YAML the keys are snake_case (`base_url`, `logged_in`); `TargetTemplate` writes a
/// commented example. Load with `load(contentsOf:)` or `parse(yaml:file:)`, which refuse a
/// file with any problem (`TargetError`, naming file, line, field and fix) and refuse MPass
/// production wherever it appears.
public struct TargetDescription: Codable, Sendable, Equatable {
    /// How the harness tells that the browser is logged in to the Service.
    public struct LoggedIn: Codable, Sendable, Equatable {
        /// A protected URL: served when logged in, refused or redirected otherwise.
        public var url: URL
        /// Text the page at `url` holds only when logged in; nil: the status alone decides.
        public var marker: String?
        /// The status `url` answers with when logged in (default 200).
        public var status: Int

        public init(url: URL, marker: String? = nil, status: Int = 200) {
            self.url = url
            self.marker = marker
            self.status = status
        }
    }

    /// The MPass the Service is configured to trust for this run.
    public struct IdentityProvider: Codable, Sendable, Equatable {
        public var kind: IdentityProviderKind
        /// Where the simulator answers (in-process; the host is never resolved on a network).
        public var simulatorBaseURL: URL
        /// The IdP's entity ID the Service expects; nil: the IdP's own default.
        public var issuer: String?

        public init(kind: IdentityProviderKind = .simulator,
                    simulatorBaseURL: URL = TargetDescription.defaultSimulatorBaseURL, issuer: String? = nil) {
            self.kind = kind
            self.simulatorBaseURL = simulatorBaseURL
            self.issuer = issuer
        }

        /// The IdP's base URL for this kind: the simulator's, or MPass staging's.
        public var baseURL: URL {
            switch kind {
            case .simulator: simulatorBaseURL
            case .staging: URL(string: "https://\(MPassEnvironment.staging.host)")!
            }
        }

        private enum CodingKeys: String, CodingKey {
            case kind
            case simulatorBaseURL = "simulator_base_url"
            case issuer
        }
    }

    public struct Timeouts: Codable, Sendable, Equatable {
        /// The longest one HTTP request to the Service may take.
        public var requestSeconds: Double

        public init(requestSeconds: Double = 10) {
            self.requestSeconds = requestSeconds
        }

        private enum CodingKeys: String, CodingKey {
            case requestSeconds = "request_seconds"
        }
    }

    public static let defaultSimulatorBaseURL = URL(string: "https://mpass.sim.test")!

    public var name: String
    public var baseURL: URL
    /// Opening it starts a login (the Service sends the browser to MPass).
    public var loginURL: URL
    /// Opening it while logged in starts the Service's logout.
    public var logoutURL: URL
    /// The Assertion Consumer Service: where MPass posts its Response.
    public var acsURL: URL
    /// Where MPass sends its LogoutRequest (MPass-initiated logout).
    public var sloURL: URL
    /// Where MPass sends its LogoutResponse (Service-initiated logout).
    public var logoutResponseURL: URL
    /// The binding the Service registered for logout: how MPass sends it its LogoutRequest
    /// and LogoutResponse (`post` by default, or `redirect`).
    public var logoutBinding: HTTPBinding
    public var loggedIn: LoggedIn
    /// Texts that mean "the Service shows an error" when found in a page.
    public var errorMarkers: [String]
    /// The Service's entity ID: the Issuer of its AuthnRequests.
    public var issuer: String
    /// The Service's certificate (absolute path), to verify what it signs. `run` requires it
    /// (MPass authenticates a Service only by its signature; ServiceUnderTest refuses a target
    /// without one, exit 65); nil is for the commands that never play MPass to the Service:
    /// `preflight`, and `replay`, which takes it from --sp-cert instead.
    public var certificate: URL?
    /// Sent with every request to the Service (a test deployment behind a gateway, say).
    public var headers: [String: String]
    public var cookies: [String: String]
    public var idp: IdentityProvider
    public var timeouts: Timeouts
    /// The `onboarding:` section, when the file has one (preflight and the forms).
    public var onboarding: OnboardingDetails?

    public init(name: String, baseURL: URL, loginURL: URL, logoutURL: URL, acsURL: URL, sloURL: URL,
                logoutResponseURL: URL, loggedIn: LoggedIn, errorMarkers: [String] = [], issuer: String,
                certificate: URL? = nil, headers: [String: String] = [:], cookies: [String: String] = [:],
                idp: IdentityProvider = IdentityProvider(), timeouts: Timeouts = Timeouts(),
                onboarding: OnboardingDetails? = nil, logoutBinding: HTTPBinding = .post) {
        self.logoutBinding = logoutBinding
        self.name = name
        self.baseURL = baseURL
        self.loginURL = loginURL
        self.logoutURL = logoutURL
        self.acsURL = acsURL
        self.sloURL = sloURL
        self.logoutResponseURL = logoutResponseURL
        self.loggedIn = loggedIn
        self.errorMarkers = errorMarkers
        self.issuer = issuer
        self.certificate = certificate
        self.headers = headers
        self.cookies = cookies
        self.idp = idp
        self.timeouts = timeouts
        self.onboarding = onboarding
    }

    /// The keys of target.yaml, as the file reader spells them.
    private typealias CodingKeys = TargetFile.CodingKeys

    /// Reads and checks a target file. Relative `certificate` paths are taken from the
    /// file's folder.
    public static func load(contentsOf file: URL) throws(TargetError) -> TargetDescription {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw TargetError(.targetFileUnreadable, field: nil, file: file.path,
                              reason: "the file cannot be read (\(error.localizedDescription)).",
                              fix: "check the path, or run `mpass-harness init` to write a commented target file.")
        }
        return try parse(yaml: text, file: file)
    }

    /// Checks a target description given as YAML text.
    ///
    /// - Parameters:
    ///   - file: where the text came from, for messages and for relative certificate paths.
    ///   - baseDirectory: where relative certificate paths start when there is no file
    ///     (default: the current directory).
    public static func parse(yaml: String, file: URL? = nil, baseDirectory: URL? = nil) throws(TargetError) -> TargetDescription {
        let directory = file?.deletingLastPathComponent()
            ?? baseDirectory
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var loader = TargetLoader(yaml: yaml, file: file?.path, directory: directory)
        return try loader.load()
    }

    /// The Service as a run report names it.
    public var reportTarget: RunReport.Target {
        RunReport.Target(name: name, baseURL: baseURL.absoluteString, issuer: issuer)
    }

    /// The IdP as a run report names it.
    public var reportIdentityProvider: RunReport.IdentityProvider {
        RunReport.IdentityProvider(kind: idp.kind, baseURL: idp.baseURL.absoluteString, issuer: idp.issuer)
    }
}
