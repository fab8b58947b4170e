/// A target file exactly as written: every field optional, nothing resolved. Decoded by
/// Yams' `YAMLDecoder`; `TargetLoader` turns it into a `TargetDescription`.
struct TargetFile: Decodable {
    struct LoggedIn: Decodable {
        var url: String?
        var marker: String?
        var status: Int?
    }

    struct IdentityProvider: Decodable {
        var kind: String?
        var simulatorBaseURL: String?
        var issuer: String?

        enum CodingKeys: String, CodingKey {
            case kind
            case simulatorBaseURL = "simulator_base_url"
            case issuer
        }
    }

    struct Timeouts: Decodable {
        var requestSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case requestSeconds = "request_seconds"
        }
    }

    var name: String?
    var baseURL: String?
    var loginURL: String?
    var logoutURL: String?
    var acsURL: String?
    var sloURL: String?
    var logoutResponseURL: String?
    var logoutBinding: String?
    var loggedIn: LoggedIn?
    var errorMarkers: [String]?
    var issuer: String?
    var certificate: String?
    var headers: [String: String]?
    var cookies: [String: String]?
    var idp: IdentityProvider?
    var timeouts: Timeouts?
    var onboarding: Onboarding?

    enum CodingKeys: String, CodingKey {
        case name
        case baseURL = "base_url"
        case loginURL = "login_url"
        case logoutURL = "logout_url"
        case acsURL = "acs_url"
        case sloURL = "slo_url"
        case logoutResponseURL = "logout_response_url"
        case logoutBinding = "logout_binding"
        case loggedIn = "logged_in"
        case errorMarkers = "error_markers"
        case issuer, certificate, headers, cookies, idp, timeouts, onboarding
    }
}
