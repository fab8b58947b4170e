import Foundation
import HeadlessChromium
import TestSupport
import Testing

/// One third-party Service Provider of the suite: the Debian packages it needs, how it is
/// started on loopback, the target file that describes it and its table of expectations.
struct ThirdPartySP: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable { case python3SAML(strict: Bool), pysaml2, mellon }

    let name: String
    let kind: Kind
    let packages: [String]
    let table: String

    var testDescription: String { name }

    static let all: [ThirdPartySP] = [
        ThirdPartySP(name: "python3-saml strict", kind: .python3SAML(strict: true),
                     packages: ["python3-onelogin-saml2"], table: Python3SAMLExpectations.strict),
        ThirdPartySP(name: "python3-saml lax", kind: .python3SAML(strict: false),
                     packages: ["python3-onelogin-saml2"], table: Python3SAMLExpectations.lax),
        ThirdPartySP(name: "pysaml2", kind: .pysaml2,
                     packages: ["python3-pysaml2", "xmlsec1"], table: PySAML2Expectations.table),
        ThirdPartySP(name: "mod_auth_mellon", kind: .mellon,
                     packages: ["apache2", "libapache2-mod-auth-mellon"], table: MellonExpectations.table),
    ]

    static let apps = packageRoot.appendingPathComponent("Tests/ThirdPartySPs")

    static func isInstalled(_ package: String) -> Bool {
        guard let result = try? ChildProcess.run(URL(fileURLWithPath: "/usr/bin/dpkg-query"), ["-W", "-f=${Status}", package]) else {
            return false
        }
        return result.stdout.contains("install ok installed")
    }

    /// The SP's entity ID (its Issuer), registered with the simulator through the target file.
    var entityID: String {
        switch kind {
        case .python3SAML: "https://sp.python3-saml.test"
        case .pysaml2: "https://sp.pysaml2.test"
        case .mellon: "https://sp.mellon.test"
        }
    }

    /// The SP's own URLs, as its library defines them.
    func paths(port: Int) -> (login: String, logout: String, acs: String, slo: String, logoutResponse: String) {
        switch kind {
        case .python3SAML, .pysaml2:
            return ("/login", "/logout", "/mpass-login", "/mpass-slo", "/mpass-slo")
        case .mellon:
            // mod_auth_mellon's endpoints under MellonEndpointPath (README: login, logout, postResponse).
            let back = "http%3A%2F%2F127.0.0.1%3A\(port)"
            return ("/mellon/login?ReturnTo=\(back)%2Fprotected", "/mellon/logout?ReturnTo=\(back)%2F",
                    "/mellon/postResponse", "/mellon/logout", "/mellon/logout")
        }
    }

    /// Starts the SP on the workspace's port (held for it until it binds there) and waits
    /// until it answers.
    func start(in workspace: Workspace) async throws -> BackgroundProcess {
        let port = workspace.port
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        let process: BackgroundProcess
        switch kind {
        case .python3SAML(let strict):
            process = try BackgroundProcess(python, [
                Self.apps.appendingPathComponent("python3-saml/sp.py").path, "--port", "\(port)",
                "--strict", strict ? "true" : "false",
                "--idp-cert", workspace.simulatorCertificate.path, "--idp-entity-id", Workspace.simulatorBase,
                "--idp-sso", Workspace.simulatorBase + "/login/saml", "--idp-slo", Workspace.simulatorBase + "/logout/saml",
                "--sp-cert", workspace.spCertificate.path, "--sp-key", workspace.spKey.path, "--entity-id", entityID,
            ], in: workspace.directory, log: "sp.log")
        case .pysaml2:
            process = try BackgroundProcess(python, [
                Self.apps.appendingPathComponent("pysaml2/sp.py").path, "--port", "\(port)",
                "--idp-metadata", workspace.simulatorMetadata.path,
                "--sp-cert", workspace.spCertificate.path, "--sp-key", workspace.spKey.path, "--entity-id", entityID,
            ], in: workspace.directory, log: "sp.log")
        case .mellon:
            let template = try String(contentsOf: Self.apps.appendingPathComponent("mellon/httpd.conf.template"), encoding: .utf8)
            let config = template
                .replacingOccurrences(of: "@PORT@", with: "\(port)")
                .replacingOccurrences(of: "@DIR@", with: workspace.directory.path)
                .replacingOccurrences(of: "@HERE@", with: Self.apps.appendingPathComponent("mellon").path)
                .replacingOccurrences(of: "@ENTITY_ID@", with: entityID)
                .replacingOccurrences(of: "@IDP_METADATA@", with: workspace.simulatorMetadata.path)
                .replacingOccurrences(of: "@SP_CERT@", with: workspace.spCertificate.path)
                .replacingOccurrences(of: "@SP_KEY@", with: workspace.spKey.path)
            let file = workspace.directory.appendingPathComponent("httpd.conf")
            try Data(config.utf8).write(to: file)
            process = try BackgroundProcess(URL(fileURLWithPath: "/usr/sbin/apache2"), ["-X", "-f", file.path],
                                            in: workspace.directory, log: "sp.log")
        }
        do {
            try await waitForHTTP("http://127.0.0.1:\(port)/", timeout: 60)
        } catch {
            process.stop()
            throw SetupFailure("\(name) did not start on 127.0.0.1:\(port): \(process.output)")
        }
        return process
    }
}

/// A folder for one SP: the simulator's identity and metadata as the Service trusts it, the
/// SP's own test key, its target file and the reports.
struct Workspace {
    /// What `run` answers as MPass in process (README, "Testing your own Service").
    static let simulatorBase = "https://mpass.sim.test"

    let directory: URL
    /// The SP's port, held (bound, not listening) until the SP binds it: no other test can take
    /// it between the target file naming it and the SP starting.
    let heldPort: HeldLoopbackPort
    var port: Int { heldPort.port }
    var simulatorIdentity: URL { directory.appendingPathComponent("simulator-identity") }
    var simulatorMetadata: URL { directory.appendingPathComponent("sim/metadata.xml") }
    var simulatorCertificate: URL { directory.appendingPathComponent("sim/simulator.cert.pem") }
    var spCertificate: URL { directory.appendingPathComponent("keys/sp.cert.pem") }
    var spKey: URL { directory.appendingPathComponent("keys/sp.key.pem") }
    var target: URL { directory.appendingPathComponent("target.yaml") }

    static func make(for sp: ThirdPartySP) throws -> Workspace {
        let directory = scopedTemporaryDirectory("thirdparty")
        let workspace = Workspace(directory: directory, heldPort: try HeldLoopbackPort())
        let metadata = try Harness.run(["simulator", "metadata", "--identity-dir", workspace.simulatorIdentity.path,
                                        "--base-url", simulatorBase, "--out", directory.appendingPathComponent("sim").path])
        guard metadata.status == 0 else { throw SetupFailure("simulator metadata failed: \(metadata.stderr)") }
        let keys = try Harness.run(["keys", "generate", "--out", directory.appendingPathComponent("keys").path, "--name", "sp"])
        guard keys.status == 0 else { throw SetupFailure("keys generate failed: \(keys.stderr)") }
        let paths = sp.paths(port: workspace.port)
        let yaml = """
            name: "\(sp.name)"
            base_url: "http://127.0.0.1:\(workspace.port)"
            login_url: "\(paths.login)"
            logout_url: "\(paths.logout)"
            acs_url: "\(paths.acs)"
            slo_url: "\(paths.slo)"
            logout_response_url: "\(paths.logoutResponse)"
            logged_in:
              url: /protected
              marker: "Logged in as"
            issuer: "\(sp.entityID)"
            certificate: keys/sp.cert.pem
            """
        try Data(yaml.utf8).write(to: workspace.target)
        return workspace
    }
}
