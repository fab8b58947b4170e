import HarnessModel
import MPassSAML
import MPassSimulator

extension SimulatorEvent {
    /// The message this event carried, as a case's report shows it: what the Service sent
    /// with the checks MPass made on it, or what MPass sent. nil for an event with no message.
    var evidence: MessageEvidence? {
        guard let xml else { return nil }
        let direction: MessageEvidence.Direction
        let kind: String
        switch self.kind {
        case .authnRequestReceived: (direction, kind) = (.serviceToIdP, "AuthnRequest")
        case .logoutRequestReceived: (direction, kind) = (.serviceToIdP, "LogoutRequest")
        case .logoutResponseReceived: (direction, kind) = (.serviceToIdP, "LogoutResponse")
        case .responseSent: (direction, kind) = (.idpToService, "Response")
        case .logoutRequestSent: (direction, kind) = (.idpToService, "LogoutRequest")
        case .logoutResponseSent: (direction, kind) = (.idpToService, "LogoutResponse")
        case .refused: (direction, kind) = (.serviceToIdP, "refused message")
        default: return nil
        }
        // What MPass sent carries no checks of its own: the Service's behaviour judges it.
        return MessageEvidence(direction: direction, kind: kind, binding: binding == "Redirect" ? .redirect : .post,
                               id: messageID ?? "", xml: xml, checks: report ?? ValidationReport(messageKind: kind))
    }
}
