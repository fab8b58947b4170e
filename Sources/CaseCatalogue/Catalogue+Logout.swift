import Foundation
import MPassSAML
import MPassSimulator

/// SLO: logout in both directions. MPass's LogoutRequest to the Service must be checked like
/// any MPass message (a faulty one ends nothing); the Service's own logout messages must pass
/// MPass's checks; MPass's LogoutResponse must not be taken on trust.
extension Catalogue {
    static let logout: [CatalogueEntry] = {
        let slo = AreaBuilder(area: .logout)
        let check = "MPass guide, LogoutRequest (a Service that receives one must validate it, end the matching local session); security considerations 1-4"
        let answer = "MPass guide, LogoutRequest and LogoutResponse (answer with a signed LogoutResponse, InResponseTo the request's ID)"
        let own = "MPass guide, LogoutRequest (@ID, @IssueInstant, @Destination, Issuer, Signature, NameID and SessionIndex as received)"
        let reply = "MPass guide, security considerations 1-5 applied to MPass's LogoutResponse"
        func logoutSwitches(_ configure: (inout LogoutSwitches) -> Void) -> LogoutSwitches {
            var switches = LogoutSwitches()
            configure(&switches)
            return switches
        }
        func shaped(_ change: @escaping @Sendable (inout LogoutRequest) -> Void) -> ConformanceCase.Scenario {
            .mpassLogoutRefused(logoutSwitches { $0.shapeRequest = change })
        }
        func answered(_ configure: (inout LogoutResponseSwitches) -> Void) -> ConformanceCase.Scenario {
            var switches = LogoutResponseSwitches()
            configure(&switches)
            return .serviceLogoutAnswered(switches)
        }
        return [
            // MARK: MPass's LogoutRequest to the Service
            slo.make(1, "Unsigned LogoutRequest from MPass ends nothing",
                     rule: "\(check); SAML Bindings 3.5.5.2", expect: .sessionKept,
                     fault: "MPass's LogoutRequest for the logged-in user without a Signature",
                     .mpassLogoutRefused(logoutSwitches { $0.doNotSign = true })),
            slo.make(2, "LogoutRequest signed by another key ends nothing",
                     rule: "\(check) (the pinned certificate, never KeyInfo's)", expect: .sessionKept,
                     fault: "signed with a key whose certificate copies MPass's names, carried in KeyInfo",
                     .mpassLogoutRefused(logoutSwitches { $0.signWithOtherKey = true })),
            slo.make(3, "LogoutRequest for another user ends nothing",
                     rule: "\(check) (end the matching session: NameID as received)", expect: .sessionKept,
                     fault: "a valid signed LogoutRequest naming another NameID, with this session's SessionIndex",
                     .mpassLogoutRefused(logoutSwitches { $0.nameIDOverride = "2009876543210" })),
            slo.make(4, "LogoutRequest for another SessionIndex ends nothing",
                     rule: "\(check) (SessionIndex as received in AuthnStatement); SAML Core 3.7.3.2", expect: .sessionKept,
                     fault: "a valid signed LogoutRequest for this user with another SessionIndex",
                     .mpassLogoutRefused(logoutSwitches { $0.sessionIndexOverride = SAMLIdentifier.make() })),
            slo.make(5, "Stale LogoutRequest ends nothing",
                     rule: "\(check); MPass guide, security considerations 2 (IssueInstant always)", expect: .sessionKept,
                     fault: "IssueInstant an hour old",
                     .mpassLogoutRefused(logoutSwitches { $0.timeShift = -3600 })),
            slo.make(6, "LogoutRequest from the future ends nothing",
                     rule: "\(check); MPass guide, security considerations 2", expect: .sessionKept,
                     fault: "IssueInstant three hours ahead (local time written as UTC)",
                     .mpassLogoutRefused(logoutSwitches { $0.timeShift = 3 * 3600 })),
            slo.make(7, "LogoutRequest without Destination ends nothing",
                     rule: "\(check); SAML Bindings 3.5.5.2 (Destination of a signed message)", expect: .sessionKept,
                     fault: "no @Destination", .mpassLogoutRefused(logoutSwitches { $0.omitDestination = true })),
            slo.make(8, "LogoutRequest for another Service's SLO URL ends nothing",
                     rule: "\(check); SAML Bindings 3.5.5.2", expect: .sessionKept,
                     fault: "@Destination is another Service's SLO URL",
                     shaped { $0.destination = "https://other-service.example/mpass-slo" }),
            slo.make(9, "LogoutRequest from another issuer ends nothing",
                     rule: "\(check); SAML Core 3.2.1 (Issuer)", expect: .sessionKept,
                     fault: "Issuer is another IdP's entity ID (signed by MPass's key)",
                     shaped { $0.issuer = "https://idp.example.org" }),
            slo.make(10, "LogoutRequest with an expired NotOnOrAfter ends nothing",
                     rule: "SAML Core 3.7.1 (NotOnOrAfter: the request expires)", expect: .sessionKept,
                     fault: "NotOnOrAfter 5 minutes ago",
                     shaped { $0.notOnOrAfter = SAMLInstant(Date().addingTimeInterval(-300)) }),
            slo.make(11, "LogoutRequest with Version 1.1 ends nothing",
                     rule: "SAML Core 3.2.1 (Version 2.0)", severity: .recommended, expect: .sessionKept,
                     fault: "Version=\"1.1\"", shaped { $0.version = "1.1" }),
            slo.make(12, "LogoutRequest reusing an earlier one's ID ends nothing (replay)",
                     rule: "\(check); SAML Core 1.3.4 (IDs unique); replay of a captured LogoutRequest", expect: .sessionKept,
                     fault: "after a first single logout and a new login, MPass's next LogoutRequest carries the first one's ID",
                     // keepSessionOnSLO: the first, valid single logout must work for the replay to be judged.
                     .mpassLogoutReusingID),
            slo.make(13, "LogoutRequest with a malformed ID ends nothing",
                     rule: "SAML Core 1.3.4 (xs:ID)", severity: .recommended, expect: .sessionKept,
                     fault: "@ID starts with a digit", shaped { $0.id = "1" + SAMLIdentifier.make().dropFirst() }),

            // MARK: The Service's answer to MPass's LogoutRequest
            slo.make(14, "The answer to single logout is signed",
                     rule: answer, expect: .messageValid, fault: "none: a valid LogoutRequest from MPass",
                     .singleLogoutAnswerChecks([.logoutResponseSignature.present, .logoutResponseSignature.value])),
            slo.make(15, "The answer to single logout names the request it answers",
                     rule: answer, expect: .messageValid, fault: "none: a valid LogoutRequest from MPass",
                     .singleLogoutAnswerChecks([.logoutResponseInResponseTo])),
            slo.make(16, "The answer to single logout reports Success",
                     rule: "\(answer); SAML Core 3.7.3.2", expect: .messageValid, fault: "none: a valid LogoutRequest from MPass",
                     .singleLogoutAnswerChecks([.logoutResponseStatus])),
            slo.make(17, "The answer to single logout goes to MPass's SLO URL, fresh, from the Service",
                     rule: "\(answer) (@Destination, @IssueInstant UTC, Issuer)", expect: .messageValid,
                     fault: "none: a valid LogoutRequest from MPass", 
                     .singleLogoutAnswerChecks([.logoutResponseDestination, .logoutResponseIssueInstant, .logoutResponseIssuer])),

            // MARK: The Service's own LogoutRequest
            slo.make(18, "The Service's LogoutRequest is signed",
                     rule: own, expect: .messageValid, fault: "none: the user logs out at the Service",
                     .logoutRequestChecks([.logoutRequestSignature.present, .logoutRequestSignature.value])),
            slo.make(19, "The Service's LogoutRequest carries the session's SessionIndex",
                     rule: own, expect: .messageValid, fault: "none: the user logs out at the Service",
                     .logoutRequestChecks([.logoutRequestSessionIndex])),
            slo.make(20, "The Service's LogoutRequest carries the session's NameID",
                     rule: own, expect: .messageValid, fault: "none: the user logs out at the Service",
                     .logoutRequestChecks([.logoutRequestNameID])),
            slo.make(21, "The Service's LogoutRequest is fresh",
                     rule: "\(own); SAML Core 1.3.3 (UTC)", expect: .messageValid, fault: "none: the user logs out at the Service",
                     .logoutRequestChecks([.logoutRequestIssueInstant])),
            slo.make(22, "The Service's LogoutRequest goes to MPass's SLO URL with a unique ID",
                     rule: "\(own); SAML Core 1.3.4", expect: .messageValid, fault: "none: the user logs out at the Service",
                     .logoutRequestChecks([.logoutRequestDestination, .logoutRequestID, .logoutRequestIssuer])),

            // MARK: MPass's LogoutResponse to the Service
            slo.make(23, "Unsigned LogoutResponse is not taken for a confirmed logout",
                     rule: reply, expect: .logoutNotConfirmed, fault: "MPass's LogoutResponse without a Signature",
                     answered { $0.doNotSign = true }),
            slo.make(24, "LogoutResponse signed by another key is not taken for a confirmed logout",
                     rule: reply, expect: .logoutNotConfirmed, fault: "signed with a look-alike key, its certificate in KeyInfo",
                     answered { $0.signWithOtherKey = true }),
            slo.make(25, "LogoutResponse answering another request is not taken for a confirmed logout",
                     rule: "\(reply) (InResponseTo = the LogoutRequest's ID)", expect: .logoutNotConfirmed,
                     fault: "InResponseTo names a request the Service never sent",
                     answered { $0.wrongInResponseTo = true }),
            slo.make(26, "Non-Success LogoutResponse is not taken for a confirmed logout",
                     rule: "\(reply) (Status Success; the official library also accepts PartialLogout)", expect: .logoutNotConfirmed,
                     fault: "Status Responder",
                     answered { $0.status = Status(code: SAMLURI.statusResponder) }),
            slo.make(27, "Stale LogoutResponse is not taken for a confirmed logout",
                     rule: "\(reply) (IssueInstant)", expect: .logoutNotConfirmed, fault: "IssueInstant an hour old",
                     answered { $0.timeShift = -3600 }),
            slo.make(28, "LogoutResponse from the future is not taken for a confirmed logout",
                     rule: "\(reply) (IssueInstant)", expect: .logoutNotConfirmed, fault: "IssueInstant three hours ahead",
                     answered { $0.timeShift = 3 * 3600 }),
            slo.make(29, "LogoutRequest with an empty Destination ends nothing",
                     rule: "\(check); SAML Bindings 3.5.5.2 (Destination of a signed message names the receiver)", expect: .sessionKept,
                     fault: "@Destination=\"\"", shaped { $0.destination = "" }),
        ]
    }()
}
