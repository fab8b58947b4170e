import Foundation
import HarnessModel
import MPassSAML

/// Reports made in code with a fixed clock, for the writer tests and for looking at the
/// HTML: the chapter-9 plan against a Service with one real weakness (it does not check
/// Destination), one case for review and one that could not run.
enum SampleReports {
    static let started = Date(timeIntervalSince1970: 1_740_821_400.250) // 2025-03-01T09:30:00.250Z
    static let finished = Date(timeIntervalSince1970: 1_740_821_401.731)

    static func chapter9(hostile: String? = nil) -> RunReport {
        var cases = [
            functional("TC_FUNCT_01", "Service initiated authentication", expected: "logged in",
                       observed: "logged in: the protected page showed \"Welcome, Ion Popescu\"", ms: 142),
            functional("TC_FUNCT_02", "Single sign-on through MPass", expected: "logged in without a login step",
                       observed: "logged in: MPass answered at once from its session", ms: 88),
            functional("TC_FUNCT_03", "Aborted authentication", expected: "not logged in, no error",
                       observed: "not logged in; the Service showed its start page (200)", ms: 63),
            CaseResult(id: "TC_FUNCT_04", title: "Service initiated logout",
                       reference: "MPass integration guide, chapter 9, TC_FUNCT_04", kind: .functional, severity: .required,
                       expected: "logged out", observed: "logged out, but the LogoutRequest's SessionIndex could not be compared",
                       verdict: .review,
                       reason: "The Service logged the user out, but its LogoutRequest carried two SessionIndex elements; a person should confirm which session it meant to end.",
                       durationMs: 120,
                       steps: [
                           CaseStep(title: "Log in through MPass", outcome: .pass, detail: "session opened", exchangeIDs: [31, 32, 33]),
                           CaseStep(title: "Follow the Service's logout link", outcome: .pass, detail: "302 to the simulator's SLO URL", exchangeIDs: [34]),
                           CaseStep(title: "Check the LogoutRequest", outcome: .review, detail: "two SessionIndex values"),
                           CaseStep(title: "Ask for the protected page", outcome: .pass, detail: "302 to /login", exchangeIDs: [36]),
                       ],
                       messages: [logoutRequest()]),
            CaseResult(id: "TC_FUNCT_05", title: "MPass initiated logout (single logout)",
                       reference: "MPass integration guide, chapter 9, TC_FUNCT_05", kind: .functional, severity: .required,
                       expected: "logged out", observed: "the SLO URL did not answer within 10 s",
                       verdict: .error,
                       reason: "The Service's SLO URL (/mpass-slo) did not answer within 10 seconds, so single logout could not be tested; check that the route exists and is reachable from the harness.",
                       durationMs: 10_004,
                       steps: [CaseStep(title: "POST a signed LogoutRequest to the SLO URL", outcome: .fail, detail: "timed out after 10 s", exchangeIDs: [41])]),
            security("TC_SEC_01", "Response signature is validated", fault: "Response and Assertion carry no signature", ms: 71),
            security("TC_SEC_02", "The signing certificate is validated", fault: "signed with a look-alike certificate carried in KeyInfo", ms: 77),
            security("TC_SEC_03", "Expired Response is refused", fault: "every time condition hours in the past", ms: 69),
            security("TC_SEC_04", "Response from the future is refused", fault: "IssueInstant three hours ahead", ms: 70),
            CaseResult(id: "TC_SEC_05", title: "Destination is validated",
                       reference: "MPass integration guide, chapter 9, TC_SEC_05", kind: .security, severity: .required,
                       expected: "rejected", observed: "accepted: the protected page was served after a Response without Destination",
                       verdict: .fail,
                       reason: "The Service accepted a Response that had no Destination; it must refuse any Response whose Destination is absent or is not its own ACS URL (https://service.test/mpass-login).",
                       durationMs: 74,
                       steps: [
                           CaseStep(title: "Open the login URL", outcome: .pass, detail: "302 to the simulator with a signed AuthnRequest", exchangeIDs: [1, 2]),
                           CaseStep(title: "Answer with a Response without Destination", outcome: .info, detail: "switch: no Destination", exchangeIDs: [3]),
                           CaseStep(title: "Ask for the protected page", outcome: .fail, detail: "200 with the logged-in marker", exchangeIDs: [4]),
                       ],
                       messages: [authnRequest(), response(destination: false)]),
            security("TC_SEC_06", "InResponseTo is required", fault: "no InResponseTo anywhere", ms: 66),
            security("TC_SEC_07", "InResponseTo is validated", fault: "the Service's cookies dropped between request and Response", ms: 81),
            CaseResult(id: "EXT_AUDIENCE_WRONG", title: "Wrong Audience is refused",
                       reference: "mpass-saml.md, what a Service must check", kind: .extended, severity: .recommended,
                       expected: "rejected", observed: "rejected: 302 to /login", verdict: .pass,
                       reason: "The Service refused a Response whose Audience was another Service's.", durationMs: 58),
        ]
        if let hostile {
            cases[9].reason = hostile
            cases[9].observed = hostile
            cases[9].title = hostile
            cases[9].steps[0].detail = hostile
            cases[9].messages[1].checks.add(.fail(CheckID(rawValue: "hostile.check"), hostile))
            cases[9].messages[1].xml += hostile
        }
        return RunReport(tool: .init(version: "0.1.0"), startedAt: started, finishedAt: finished,
                         target: .init(name: "Primăria Demo (test)", baseURL: "https://service.test", issuer: "https://service.test/metadata"),
                         idp: .init(kind: .simulator, baseURL: "https://mpass.sim.test", issuer: "https://mpass.sim.test/meta/saml"),
                         plan: "chapter9", cases: cases)
    }

    private static func functional(_ id: String, _ title: String, expected: String, observed: String, ms: Int) -> CaseResult {
        CaseResult(id: id, title: title, reference: "MPass integration guide, chapter 9, \(id)", kind: .functional,
                   severity: .required, expected: expected, observed: observed, verdict: .pass,
                   reason: "The Service behaved as the guide requires.", durationMs: ms,
                   steps: [
                       CaseStep(title: "Open the login URL", outcome: .pass, detail: "302 to the simulator", exchangeIDs: [1, 2]),
                       CaseStep(title: "Ask for the protected page", outcome: .pass, detail: "200 with the logged-in marker", exchangeIDs: [5]),
                   ],
                   messages: [authnRequest(), response(destination: true)])
    }

    private static func security(_ id: String, _ title: String, fault: String, ms: Int) -> CaseResult {
        CaseResult(id: id, title: title, reference: "MPass integration guide, chapter 9, \(id)", kind: .security,
                   severity: .required, expected: "rejected",
                   observed: "rejected: the protected resource redirected to the login page", verdict: .pass,
                   reason: "The Service refused the faulty Response (\(fault)) and opened no session.", durationMs: ms,
                   steps: [
                       CaseStep(title: "Open the login URL", outcome: .pass, detail: "302 to the simulator", exchangeIDs: [1, 2]),
                       CaseStep(title: "Answer with the faulty Response", outcome: .info, detail: fault, exchangeIDs: [3]),
                       CaseStep(title: "Ask for the protected page", outcome: .pass, detail: "302 to /login", exchangeIDs: [4]),
                   ],
                   messages: [authnRequest()])
    }

    static func authnRequest() -> MessageEvidence {
        MessageEvidence(direction: .serviceToIdP, kind: "AuthnRequest", binding: .redirect, id: "_a1b2c3d4e5f6",
            xml: """
            <saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion"
                ID="_a1b2c3d4e5f6" Version="2.0" IssueInstant="2025-03-01T09:30:00.300Z"
                Destination="https://mpass.sim.test/login/saml"
                AssertionConsumerServiceURL="https://service.test/mpass-login"
                ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">
              <saml2:Issuer>https://service.test/metadata</saml2:Issuer>
              <saml2p:NameIDPolicy AllowCreate="true"/>
            </saml2p:AuthnRequest>
            """,
            checks: ValidationReport(messageKind: "AuthnRequest", checks: [
                .pass(CheckID(rawValue: "authn-request.signature"), "RSA-SHA256 over the Redirect query, by the registered certificate"),
                .pass(CheckID.authnRequestDestination, "https://mpass.sim.test/login/saml"),
                .pass(CheckID.authnRequestNameIDPolicy, "AllowCreate=\"true\""),
                .pass(CheckID.authnRequestACSURL, "https://service.test/mpass-login"),
                .pass(CheckID.authnRequestProtocolBinding, "HTTP-POST"),
            ]))
    }

    static func response(destination: Bool) -> MessageEvidence {
        let destinationAttribute = destination ? "\n    Destination=\"https://service.test/mpass-login\"" : ""
        return MessageEvidence(direction: .idpToService, kind: "Response", binding: .post, id: "_r9f8e7d6",
            xml: """
            <saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r9f8e7d6" Version="2.0"
                IssueInstant="2025-03-01T09:30:00.400Z" InResponseTo="_a1b2c3d4e5f6"\(destinationAttribute)>
              <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">https://mpass.sim.test/meta/saml</saml2:Issuer>
              <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">…</ds:Signature>
              <saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>
              <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="_as1" Version="2.0">…</saml2:Assertion>
            </saml2p:Response>
            """,
            checks: ValidationReport(messageKind: "Response", checks: [
                .pass(CheckID.messageSigned, "the Response is signed by the pinned MPass certificate"),
                destination ? .pass(CheckID.responseDestination, "https://service.test/mpass-login")
                    : .fail(CheckID.responseDestination, "Destination is absent"),
                .pass(CheckID.responseInResponseTo, "_a1b2c3d4e5f6"),
                .pass(CheckID.responseStatus, "Success"),
                .skip(CheckID.assertionSubjectConfirmationRecipient, because: CheckID.responseDestination),
                .notApplicable(CheckID.assertionSessionNotOnOrAfter, "MPass sets no SessionNotOnOrAfter"),
            ]))
    }

    static func logoutRequest() -> MessageEvidence {
        MessageEvidence(direction: .serviceToIdP, kind: "LogoutRequest", binding: .redirect, id: "_lr42",
            xml: "<saml2p:LogoutRequest ID=\"_lr42\">…</saml2p:LogoutRequest>",
            checks: ValidationReport(messageKind: "LogoutRequest", checks: [
                .pass(CheckID.logoutRequestNameID, "IDNP 2000000000000"),
                .fail(CheckID.logoutRequestSessionIndex, "SessionIndex is \"_s1, _s2\", but the session's is \"_s1\""),
            ]))
    }
}
