import Foundation

/// A message received through the HTTP-POST binding, decoded but not yet parsed or checked.
public struct PostBindingMessage: Sendable, Equatable {
    /// Which field carried it: `SAMLRequest` or `SAMLResponse`.
    public let field: SAMLMessageField
    /// The message XML, exactly as decoded from base64 (hand it to `SafeXMLParser`).
    public let xml: Data
    public let relayState: String?

    /// `binding.relay-state.length` for the RelayState received.
    public var relayStateCheck: CheckResult { RelayState.check(relayState) }
}
