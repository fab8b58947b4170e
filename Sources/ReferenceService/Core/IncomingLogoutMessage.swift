import Foundation
import MPassSAML
import Vocabulary

/// A logout message from MPass as it arrived: posted in a form (its XML signed itself), or
/// in a redirect's query (signed over the query's exact octets, SAML Bindings 3.4.4.1).
struct IncomingLogoutMessage: Sendable {
    let field: SAMLMessageField
    let xml: Data
    let relayState: String?
    /// Set for HTTP-Redirect: the query signature still to be checked.
    let redirect: RedirectBindingMessage?

    init(posted message: PostBindingMessage) {
        (field, xml, relayState, redirect) = (message.field, message.xml, message.relayState, nil)
    }

    init(query: String) throws(HarnessError) {
        let message = try HTTPRedirectBinding.decode(query: query)
        (field, xml, relayState, redirect) = (message.field, message.xml, message.relayState, message)
    }

    /// The query signature's checks against MPass's pinned certificates (none for POST),
    /// and whether they all passed: then the XML carries no signature of its own to check.
    func bindingChecks(pinned: [Certificate], allowSHA1: Bool = false) -> (checks: [CheckResult], verified: Bool) {
        guard let redirect else { return ([], false) }
        let checks = redirect.verifySignature(policy: SignaturePolicy(pinnedCertificates: pinned, allowWeakAlgorithms: allowSHA1))
        return (checks, checks.allSatisfy { !$0.isFailure })
    }
}
