import Foundation
import HarnessModel

/// What preflight looks at, gathered from the target description: the system, both
/// environments, attributes and MNotify. Built by `init(target:)`; tests may build one directly.
public struct PreflightInput: Sendable {
    public var file: String?
    public var systemName: String?
    public var issuer: String?
    public var test: OnboardingDetails.Environment
    public var production: OnboardingDetails.Environment
    public var attributes: [String]
    public var customAttributes: [String]
    public var mnotify: OnboardingDetails.MNotify?
    /// False when the target file has no `onboarding:` section at all (the fix then says
    /// to add the section rather than each key).
    public var hasOnboardingSection: Bool

    public init(file: String? = nil, systemName: String? = nil, issuer: String? = nil,
                test: OnboardingDetails.Environment = .init(), production: OnboardingDetails.Environment = .init(),
                attributes: [String] = [], customAttributes: [String] = [], mnotify: OnboardingDetails.MNotify? = nil,
                hasOnboardingSection: Bool = true) {
        self.file = file
        self.systemName = systemName
        self.issuer = issuer
        self.test = test
        self.production = production
        self.attributes = attributes
        self.customAttributes = customAttributes
        self.mnotify = mnotify
        self.hasOnboardingSection = hasOnboardingSection
    }

    /// The target's onboarding section, with the test environment falling back on the
    /// target's own URLs and certificate (the test deployment it describes).
    public init(target: TargetDescription, file: String?) {
        let details = target.onboarding ?? OnboardingDetails()
        var test = details.test
        test.acsURL = test.acsURL ?? target.acsURL.absoluteString
        test.logoutRequestURL = test.logoutRequestURL ?? target.sloURL.absoluteString
        test.logoutResponseURL = test.logoutResponseURL ?? target.logoutResponseURL.absoluteString
        if test.credential == nil, let certificate = target.certificate {
            test.credential = OnboardingDetails.Credential(certificate: certificate)
        }
        self.init(file: file, systemName: details.systemName,
                  issuer: target.issuer, test: test, production: details.production,
                  attributes: details.attributes, customAttributes: details.customAttributes, mnotify: details.mnotify,
                  hasOnboardingSection: target.onboarding != nil)
    }
}
