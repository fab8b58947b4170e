/// The commented target file that `mpass-harness init` writes: every key, what it means,
/// and its default.
///
/// Decision: the template is valid as written. Its required values (`base_url`, `issuer`,
/// `logged_in.url`) come from `Values`, whose defaults describe the embedded reference
/// Service on loopback; `init` passes what the user gave instead. Optional keys without a
/// useful default (certificate, marker, headers…) are written commented out, so the file
/// loads as is and a person uncomments what applies.
public enum TargetTemplate {
    public struct Values: Sendable, Equatable {
        public var name: String
        public var baseURL: String
        public var issuer: String
        /// A page only a logged-in user can open (absolute, or a path under base_url).
        public var loggedInURL: String
        /// The Service's certificate; nil writes the key commented out.
        public var certificate: String?

        /// The defaults describe `mpass-harness service serve` as it starts with no options,
        /// so the template runs as written against it (its marker is the reference Service's
        /// "Logged in as"; a real Service changes it).
        public init(name: String = "Reference Service (mpass-harness)",
                    baseURL: String = "http://127.0.0.1:5001",
                    issuer: String = "https://reference-service.mpass-harness.test",
                    loggedInURL: String = "/protected",
                    certificate: String? = nil) {
            self.name = name
            self.baseURL = baseURL
            self.issuer = issuer
            self.loggedInURL = loggedInURL
            self.certificate = certificate
        }
    }

    public static func commented(_ values: Values = Values()) -> String {
        let certificateLine = values.certificate.map { "certificate: \(quoted($0))" }
            ?? "# certificate: service.crt"
        return """
        # The Service under test, for `mpass-harness run --target THIS-FILE`.
        #
        # URLs: a full http(s) URL, or a path. A path starting with `/` is taken from the
        # host of base_url (`/login`); a path without it, from base_url as a folder (`login`
        # under `https://host/app` is `https://host/app/login`). Keys not shown here are
        # refused, so a typo cannot be silently ignored. MPass production (mpass.gov.md) is
        # refused anywhere in this file: MPass allows no test of any kind against it.

        # A name for people, shown in the report. Default: the host of base_url.
        name: \(quoted(values.name))

        # Required. The root of the Service's TEST deployment (never production).
        base_url: \(quoted(values.baseURL))

        # Opening this URL starts a login: the Service sends the browser to MPass.
        # Default: /login under base_url.
        login_url: /login

        # Opening this URL while logged in starts the Service's logout.
        # Default: /logout under base_url.
        logout_url: /logout

        # The Assertion Consumer Service, where MPass posts its Response (HTTP-POST).
        # Must be the ACS URL the Service registered. Default: /mpass-login under base_url.
        acs_url: /mpass-login

        # Where MPass sends its LogoutRequest when the user logs out at MPass (single
        # logout). Default: /mpass-slo under base_url.
        slo_url: /mpass-slo

        # Where MPass sends its LogoutResponse after a logout the Service started.
        # Default: /mpass-logout under base_url.
        logout_response_url: /mpass-logout

        # The binding the Service registered with MPass for these two logout URLs: how MPass
        # sends them its LogoutRequest and LogoutResponse. `post` (default, an auto-submitted
        # form, the message signed) or `redirect` (HTTP-Redirect, the query signed).
        # logout_binding: post

        # How the harness tells that a login was accepted. After every login attempt it asks
        # for `url` with the browser's cookies: served (with `marker`, when given) means
        # logged in; refused or sent to MPass means not logged in.
        logged_in:
          # Required. A page only a logged-in user can open.
          url: \(quoted(values.loggedInURL))
          # Text found on that page only when logged in (the user's name, "Log out").
          # Optional: without it, the status alone decides. Recommended, since some
          # Services answer 200 with a login form.
          marker: "Logged in as"
          # The status of that page when logged in. Default: 200.
          status: 200

        # Texts that mean "the Service shows an error" (searched for in every page). A case
        # where the guide says "no error shown" fails when one appears. Default: none.
        error_markers: []
        # error_markers: ["Internal Server Error", "A apărut o eroare"]

        # Required. The Service's SAML entity ID: the Issuer of its AuthnRequests, as
        # registered with MPass. Responses are addressed to it (Audience).
        issuer: \(quoted(values.issuer))

        # Required by `run`. The Service's certificate (PEM or DER; the public part only), as
        # registered with MPass: MPass knows a Service only by the signature on its
        # AuthnRequests, LogoutRequests and LogoutResponses, so the simulator refuses them
        # unsigned or signed by another key, as MPass does. A relative path is taken from
        # this file's folder. (`preflight` does without it; `replay` also takes --sp-cert.)
        \(certificateLine)

        # Sent with every request to the Service, e.g. for a test deployment behind a
        # gateway. Default: none. (Cookies go under `cookies`, not in a Cookie header.)
        headers: {}
        # headers:
        #   X-Test-Access: "secret-for-the-test-gateway"

        # Cookies set in the browser for the Service before every case. Default: none.
        cookies: {}
        # cookies:
        #   consent: "accepted"

        # The MPass the Service's test deployment trusts for this run.
        idp:
          # `simulator`: the harness plays MPass, and every case runs unattended; configure
          # the Service to trust the simulator's metadata (`mpass-harness simulator metadata`).
          # `staging`: the real MPass staging (mpass.staging.egov.md), for `live` runs.
          # Default: simulator.
          kind: simulator
          # Where the Service sends users for MPass when kind is simulator: the SSO and SLO
          # URLs in the simulator's metadata are under it. Nothing is looked up on the
          # network: the harness answers for this host itself. Default: https://mpass.sim.test
          simulator_base_url: "https://mpass.sim.test"
          # The IdP entity ID the Service expects. Default: the simulator's own (or
          # staging's, for kind staging).
          # issuer: "https://mpass.sim.test/meta/saml"

        # Limits, so that a Service that never answers ends a case instead of hanging it.
        timeouts:
          # The longest one request to the Service may take, in seconds. Default: 10.
          request_seconds: 10

        # Onboarding: what `mpass-harness preflight` checks before you write to AGE, and
        # what fills in the two integration-detail forms (MPass, MNotify). Optional; the
        # URLs above are the test environment's unless given under `test`.
        # onboarding:
          # The information system's name, as both forms ask for it.
          # system_name: "My information system"
          # What the URLs above describe: always the test deployment. Default: staging.
          # environment: staging
          # Attributes the Service needs, from the MPass list (NameIdentifier, FirstName, ...).
          # attributes: [NameIdentifier, FirstName, LastName, BirthDate]
          # Custom attributes agreed with AGE. Default: none.
          # custom_attributes: [Role]
          # The test environment: its system certificate (.pfx, .pem or .cer) and URLs.
          # test:
            # A relative path is taken from this file's folder.
            # certificate: certs/test.pfx
            # The key, when the certificate file holds only the certificate.
            # key: certs/test.key
            # The environment variable holding the .pfx password (never the password itself).
            # password_env: MPASS_TEST_PFX_PASSWORD
            # The Issuer registered for this environment. Default: `issuer` above.
            # issuer: "https://test.service.example.md"
            # Where MPass sends its LogoutRequest. Default: slo_url above.
            # logout_request_url: https://test.service.example.md/mpass-slo
          # The production environment: the certificate (often the .cer only) and URLs,
          # checked (HTTPS, not localhost) but never called as MPass.
          # production:
            # certificate: certs/production.cer
            # acs_url: https://service.example.md/mpass-login
            # logout_request_url: https://service.example.md/mpass-slo
            # Where MPass sends its LogoutResponse.
            # logout_response_url: https://service.example.md/mpass-logout
          # MNotify: the public addresses calls come from, per environment, and the channels.
          # mnotify:
            # test_ips: [203.0.113.10]
            # production_ips: [203.0.113.11]
            # The notification channels your system will use.
            # channels: [email, sms]

        """
    }

    /// A YAML double-quoted scalar: always a string, whatever it looks like (`yes`,
    /// `1.0`, `@x`, `# not a comment`), with backslash, quote and controls escaped.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16).uppercased()
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
