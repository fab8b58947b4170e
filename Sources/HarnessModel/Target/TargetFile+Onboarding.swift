extension TargetFile {
    /// The `onboarding:` section exactly as written.
    struct Onboarding: Decodable {
        struct Environment: Decodable {
            var certificate: String?
            var key: String?
            var passwordEnv: String?
            var issuer: String?
            var acsURL: String?
            var logoutRequestURL: String?
            var logoutResponseURL: String?

            enum CodingKeys: String, CodingKey {
                case certificate, key, issuer
                case passwordEnv = "password_env"
                case acsURL = "acs_url"
                case logoutRequestURL = "logout_request_url"
                case logoutResponseURL = "logout_response_url"
            }
        }

        struct MNotify: Decodable {
            var testIPs: [String]?
            var productionIPs: [String]?
            var channels: [String]?

            enum CodingKeys: String, CodingKey {
                case testIPs = "test_ips"
                case productionIPs = "production_ips"
                case channels
            }
        }

        var systemName: String?
        var environment: String?
        var attributes: [String]?
        var customAttributes: [String]?
        var test: Environment?
        var production: Environment?
        var mnotify: MNotify?

        enum CodingKeys: String, CodingKey {
            case systemName = "system_name"
            case environment, attributes, test, production, mnotify
            case customAttributes = "custom_attributes"
        }
    }
}
