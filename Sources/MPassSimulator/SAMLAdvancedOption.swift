/// MPass's five "SAML Advanced Options": the switches AGE turns on for a registration so that
/// a Service can prove TC_SEC_01, 02, 04, 05 and 06 (the guide's chapter 9), by the names
/// `simulator serve --advanced-option` takes.
public enum SAMLAdvancedOption: String, CaseIterable, Sendable {
    /// "Do not sign SAML Response" (TC_SEC_01).
    case doNotSign = "do-not-sign"
    /// "Use compatible certificate for signing" (TC_SEC_02).
    case compatibleCertificate = "compatible-certificate"
    /// "SAML Response IssueInstant is specified in local time, instead of UTC" (TC_SEC_04).
    case localTimeIssueInstant = "local-time-issue-instant"
    /// "Do not specify Destination in SAML Response" (TC_SEC_05).
    case noDestination = "no-destination"
    /// "Do not specify InResponseTo in SAML Response" (TC_SEC_06).
    case noInResponseTo = "no-in-response-to"

    /// Turns this option's switch on.
    public func apply(to switches: inout ResponseSwitches) {
        switch self {
        case .doNotSign: switches.doNotSign = true
        case .compatibleCertificate: switches.useCompatibleCertificate = true
        case .localTimeIssueInstant: switches.issueInstantInLocalTime = true
        case .noDestination: switches.omitDestination = true
        case .noInResponseTo: switches.omitInResponseTo = true
        }
    }
}

extension ResponseSwitches {
    /// MPass's answer with these Advanced Options on and nothing else changed.
    public init(advancedOptions: some Sequence<SAMLAdvancedOption>) {
        self.init()
        for option in advancedOptions { option.apply(to: &self) }
    }
}
