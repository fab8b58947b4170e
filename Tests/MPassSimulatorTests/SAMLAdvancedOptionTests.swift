import Testing
import MPassSimulator

/// MPass's five "SAML Advanced Options" (the guide's chapter 9, TC_SEC_01, 02, 04, 05, 06):
/// each turns on its own switch and nothing else.
@Suite struct SAMLAdvancedOptionTests {
    @Test(arguments: [
        (SAMLAdvancedOption.doNotSign, "do not sign SAML Response"),
        (.compatibleCertificate, "use compatible certificate for signing"),
        (.localTimeIssueInstant, "IssueInstant in local time instead of UTC"),
        (.noDestination, "do not specify Destination"),
        (.noInResponseTo, "do not specify InResponseTo"),
    ])
    func eachOptionIsOneSwitch(option: SAMLAdvancedOption, summary: String) {
        #expect(ResponseSwitches(advancedOptions: [option]).summary == [summary])
    }

    @Test func theOptionNamesAreTheCommandLineOnes() {
        #expect(SAMLAdvancedOption.allCases.map(\.rawValue)
            == ["do-not-sign", "compatible-certificate", "local-time-issue-instant", "no-destination", "no-in-response-to"])
    }

    @Test func noOptionChangesNothing() {
        #expect(ResponseSwitches(advancedOptions: []).summary.isEmpty)
    }
}
