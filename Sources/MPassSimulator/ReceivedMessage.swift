import Foundation
import MPassSAML
import Vocabulary

/// A SAML message taken off an HTTP request: POST form or Redirect query.
struct ReceivedMessage {
    let xml: Data
    let relayState: String?
    /// Set for the Redirect binding (its query signature is checked separately).
    let redirect: RedirectBindingMessage?

    var bindingName: String { redirect == nil ? "POST" : "Redirect" }

    static func decode(_ request: SimulatorRequest, expected: SAMLMessageField?) throws(HarnessError) -> ReceivedMessage {
        if request.method.uppercased() == "POST" {
            let message = try HTTPPostBinding.decode(fields: request.form)
            if let expected, message.field != expected {
                throw HarnessError(.bindingMissingParameter, "expected \(expected.parameterName) in the form, found \(message.field.parameterName)")
            }
            return ReceivedMessage(xml: message.xml, relayState: message.relayState, redirect: nil)
        }
        guard let query = request.rawQuery, !query.isEmpty else {
            throw HarnessError(.bindingMissingParameter, "no SAMLRequest or SAMLResponse in the query or the form")
        }
        let message = try HTTPRedirectBinding.decode(query: query)
        return ReceivedMessage(xml: message.xml, relayState: message.relayState, redirect: message)
    }
}
