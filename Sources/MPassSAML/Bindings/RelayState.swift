import Vocabulary

/// The 80-byte rule on RelayState, shared by both bindings.
///
/// SAML Bindings 3.4.3 (Redirect) and 3.5.3 (POST): "The value MUST NOT exceed 80 bytes in
/// length and SHOULD be integrity protected by the entity creating the message".
/// Senders (this library) refuse a longer value; receivers report it as a check, because a
/// Service under test that sends one has a finding, not an unreadable message.
public enum RelayState {
    public static let maxBytes = 80

    /// Throws `bindingRelayStateTooLong` when `value` is over 80 bytes of UTF-8.
    public static func validate(_ value: String) throws(HarnessError) {
        let length = value.utf8.count
        guard length <= maxBytes else {
            throw HarnessError(.bindingRelayStateTooLong,
                "RelayState is \(length) bytes; SAML Bindings 3.4.3 and 3.5.3 allow at most \(maxBytes). Keep a short key (the request ID, as MPass's library does) and store the rest server-side")
        }
    }

    /// `binding.relay-state.length`: passed, failed (over 80 bytes) or not applicable (absent).
    public static func check(_ value: String?) -> CheckResult {
        let id = CheckID.bindingRelayStateLength
        guard let value else { return .notApplicable(id, "no RelayState") }
        let length = value.utf8.count
        if length <= maxBytes { return .pass(id, "\(length) bytes") }
        return .fail(id, "RelayState is \(length) bytes; SAML Bindings 3.4.3 and 3.5.3 allow at most \(maxBytes)")
    }
}
