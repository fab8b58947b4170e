import Evidence

/// One SAML exchange rebuilt from a recording: a login (AuthnRequest and the Response that
/// answers it), a Service-initiated logout (the Service's LogoutRequest and MPass's answer)
/// or an MPass-initiated logout (MPass's LogoutRequest and the Service's answer).
struct RecordedFlow: Sendable {
    enum Kind: String, Sendable {
        case login
        case serviceLogout = "service-logout"
        case mpassLogout = "mpass-logout"
    }

    var kind: Kind
    /// Index (into the recording's messages) of the message that opened the flow; nil for a
    /// Response nobody asked for.
    var request: Int?
    /// Index of the answer, when the recording shows one.
    var answer: Int?
    /// The HAR entry where the flow's first message was first seen.
    var firstEntry: Int
    /// The case the harness recorded the flow under (`_case`), when it did.
    var caseLabel: String?
    /// For a Response posted again, byte for byte, after its first delivery: the entry of
    /// this later delivery (the message is kept once, with a sighting per delivery).
    var redelivery: Int?
}

extension ExtractedMessage {
    /// The entry whose request carried the message to its recipient (the POST to the ACS,
    /// the GET of MPass's SSO URL); the last sighting when no request shows it.
    var deliveryEntry: Int {
        sightings.first { $0.place == .requestBody || $0.place == .requestURL }?.entry ?? sightings.last?.entry ?? 0
    }

    var firstEntry: Int { sightings.first?.entry ?? 0 }

    /// Every entry whose request carried the message to its recipient, in recording order.
    var deliveries: [Int] {
        Set(sightings.filter { $0.place == .requestBody || $0.place == .requestURL }.map(\.entry)).sorted()
    }
}

/// Rebuilds the flows of one recording from its messages, in recording order.
///
/// An answer joins the flow whose request ID its InResponseTo names; an answer naming no
/// request this recording shows (a lost session, a forged InResponseTo, none at all) joins
/// the latest flow of its kind still waiting for an answer, since that is the browser
/// session it arrived in.
enum FlowBuilder {
    static func flows(of messages: [ExtractedMessage], entries: [HAR.Entry]) -> [RecordedFlow] {
        var flows: [RecordedFlow] = []

        func label(_ entry: Int) -> String? { entries.indices.contains(entry) ? entries[entry].caseID : nil }

        func attach(_ index: Int, to kind: RecordedFlow.Kind) {
            let message = messages[index]
            let matching = flows.lastIndex { flow in
                flow.kind == kind && flow.answer == nil
                    && flow.request.map { messages[$0].messageID != nil && messages[$0].messageID == message.inResponseTo } == true
            }
            let open = matching ?? flows.lastIndex { $0.kind == kind && $0.answer == nil && $0.request != nil
                && label($0.firstEntry) == label(message.firstEntry) }
            if let open {
                flows[open].answer = index
            } else {
                flows.append(RecordedFlow(kind: kind, request: nil, answer: index, firstEntry: message.firstEntry,
                                          caseLabel: label(message.firstEntry)))
            }
        }

        let recordsDeliveries = messages.contains { $0.kind == .response && !$0.deliveries.isEmpty }
        for (index, message) in messages.enumerated() {
            guard let kind = message.kind else { continue }
            let toIdP = message.direction == .toIdentityProvider
            switch (kind, toIdP) {
            case (.authnRequest, _):
                flows.append(RecordedFlow(kind: .login, request: index, firstEntry: message.firstEntry, caseLabel: label(message.firstEntry)))
            case (.response, _):
                // A Response shown in MPass's page but never posted to the ACS (the browser
                // stopped: the Service had sent it back to MPass for a new login, which MPass
                // answered at once) reached no Service: it answers nothing. Only where the
                // recording shows other Responses posted, so a recording without request
                // bodies keeps its Responses.
                if recordsDeliveries, message.deliveries.isEmpty,
                   message.sightings.contains(where: { $0.place == .responsePage }) { continue }
                attach(index, to: .login)
                // Each later POST of the very same Response is a login attempt of its own.
                for entry in message.deliveries.dropFirst() {
                    flows.append(RecordedFlow(kind: .login, request: nil, answer: index, firstEntry: entry, caseLabel: label(entry),
                                              redelivery: entry))
                }
            case (.logoutRequest, true):
                flows.append(RecordedFlow(kind: .serviceLogout, request: index, firstEntry: message.firstEntry, caseLabel: label(message.firstEntry)))
            case (.logoutRequest, false):
                flows.append(RecordedFlow(kind: .mpassLogout, request: index, firstEntry: message.firstEntry, caseLabel: label(message.firstEntry)))
            case (.logoutResponse, false):
                attach(index, to: .serviceLogout)
            case (.logoutResponse, true):
                attach(index, to: .mpassLogout)
            }
        }
        // The very same AuthnRequest sent again (a Service reusing its request, ID and
        // instant alike) starts a login of its own each time; MPass answers none of them.
        for (index, message) in messages.enumerated() where message.kind == .authnRequest && message.direction == .toIdentityProvider {
            for entry in message.deliveries.dropFirst() {
                flows.append(RecordedFlow(kind: .login, request: index, firstEntry: entry, caseLabel: label(entry), redelivery: entry))
            }
        }
        // A redelivery joins the flows at the time it happened.
        return flows.enumerated().sorted { ($0.element.firstEntry, $0.offset) < ($1.element.firstEntry, $1.offset) }.map(\.element)
    }
}
