import Foundation

extension TargetLoader {
    /// The `onboarding:` section: paths resolved from the file's folder, texts trimmed.
    /// Only what cannot be judged later is refused here (a production `environment`, a
    /// password variable name that is not one); everything else is preflight's to judge.
    mutating func resolveOnboarding(_ raw: TargetFile.Onboarding?) -> OnboardingDetails? {
        guard let raw else { return nil }
        var environment = "staging"
        if let text = nonEmpty(raw.environment) {
            switch text.lowercased() {
            case "staging", "test", "testing":
                environment = "staging"
            default:
                record(.targetInvalidValue, "onboarding.environment", line: lineOf(["onboarding", "environment"]),
                       "\"\(text)\" is not an environment the harness tests in; the target's URLs describe the Service's test deployment, checked against MPass staging.",
                       "write `environment: staging`, and give the production URLs and certificate under `onboarding.production` (they are checked, never called as MPass).")
            }
        }
        func list(_ values: [String]?) -> [String] {
            (values ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return OnboardingDetails(
            systemName: nonEmpty(text(raw.systemName, "onboarding", "system_name")),
            environment: environment,
            attributes: list(raw.attributes),
            customAttributes: list(raw.customAttributes),
            test: resolveOnboardingEnvironment(raw.test, name: "test"),
            production: resolveOnboardingEnvironment(raw.production, name: "production"),
            mnotify: raw.mnotify.map { OnboardingDetails.MNotify(testIPs: list($0.testIPs), productionIPs: list($0.productionIPs),
                                                                 channels: list($0.channels)) })
    }

    private mutating func resolveOnboardingEnvironment(_ raw: TargetFile.Onboarding.Environment?, name: String) -> OnboardingDetails.Environment {
        guard let raw else { return OnboardingDetails.Environment() }
        var credential: OnboardingDetails.Credential?
        if let path = nonEmpty(raw.certificate) {
            credential = OnboardingDetails.Credential(certificate: onboardingPath(path),
                                                      key: nonEmpty(raw.key).map(onboardingPath),
                                                      passwordVariable: nonEmpty(raw.passwordEnv))
        } else if nonEmpty(raw.key) != nil {
            record(.targetMissingField, "onboarding.\(name).certificate", line: lineOf(["onboarding", name, "key"]),
                   "a key is given without its certificate.",
                   "add `certificate:` with the \(name) system certificate (.pfx, .pem or .cer) beside `key:`.")
        }
        if let variable = nonEmpty(raw.passwordEnv),
           !variable.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" }) {
            record(.targetInvalidValue, "onboarding.\(name).password_env", line: lineOf(["onboarding", name, "password_env"]),
                   "\"\(variable)\" is not the name of an environment variable; the password itself never goes in this file.",
                   "write the variable's name (e.g. `password_env: MPASS_TEST_PFX_PASSWORD`) and export the password in that variable.")
        }
        return OnboardingDetails.Environment(
            credential: credential, acsURL: nonEmpty(raw.acsURL), logoutRequestURL: nonEmpty(raw.logoutRequestURL),
            logoutResponseURL: nonEmpty(raw.logoutResponseURL), issuer: nonEmpty(raw.issuer))
    }

    /// A path as written: `~/` is the home folder; relative paths start at the file's folder.
    private func onboardingPath(_ text: String) -> URL {
        var path = text
        if path.hasPrefix("~/") { path = FileManager.default.homeDirectoryForCurrentUser.path + String(path.dropFirst(1)) }
        return (path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)).standardizedFileURL
    }
}

extension OnboardingDetails {
    /// The test environment's URLs default to the target's own (the test deployment).
    func withTestDefaults(acsURL: URL, sloURL: URL, logoutResponseURL: URL) -> OnboardingDetails {
        var details = self
        details.test.acsURL = details.test.acsURL ?? acsURL.absoluteString
        details.test.logoutRequestURL = details.test.logoutRequestURL ?? sloURL.absoluteString
        details.test.logoutResponseURL = details.test.logoutResponseURL ?? logoutResponseURL.absoluteString
        return details
    }
}
