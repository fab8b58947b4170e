import BrowserAgent
import CaseCatalogue
import Conformance
import Foundation
import HarnessModel
import ReferenceService
import Testing

/// A verdict is worth what it can prove on a Service nobody here wrote. These tests make the
/// harness face the Services that fooled it: one whose logins are never recognised (a wrong
/// marker, a withheld cookie), one that answers a cancel with an error page, one that shares
/// its host with MPass, one that reads a wrapped Response.
@Suite(.serialized, .timeLimit(.minutes(20))) struct VerdictTrustTests {
    static func run(_ weaknesses: Set<ServiceWeakness> = [], cases: [ConformanceCase] = Chapter9.cases,
                    simulatorBaseURL: URL = EmbeddedRun.simulatorBaseURL,
                    adjust: (inout ServiceUnderTest) -> Void = { _ in }) async throws -> [CaseResult] {
        let embedded = try await EmbeddedRun.start(weaknesses: weaknesses, simulatorBaseURL: simulatorBaseURL)
        var service = embedded.service
        adjust(&service)
        let results = await ConformanceRunner(service: service, simulator: embedded.simulator).run(cases)
        await embedded.stop()
        return results
    }

    static func result(_ id: String, in results: [CaseResult]) throws -> CaseResult {
        try #require(results.first { $0.id == id }, "no result for \(id)")
    }

    // MARK: The positive control

    /// The issue's reproduction: `marker: "Welcome back"` on a Service that never shows it.
    /// No login is recognised, so no refusal can be told from the Service refusing everything.
    @Test func wrongMarkerLeavesNoRefusalPassed() async throws {
        let results = try await Self.run { $0.loggedInMarker = "Welcome back" }
        let refusals = Chapter9.cases.filter(\.expectation.isRefusal).map(\.id)
        #expect(refusals.count == 8)  // TC_FUNCT_03 and the seven security cases
        for id in refusals {
            let result = try Self.result(id, in: results)
            #expect(result.verdict == .notJudged, "\(id) \(result.verdict): \(result.reason)")
            #expect(result.reason.contains("positive control failed"))
            #expect(result.reason.contains("without the logged-in marker \"Welcome back\""))
        }
        let login = try Self.result("TC_FUNCT_01", in: results)
        #expect(login.verdict == .fail)
        #expect(login.reason.contains("logged_in.marker is wrong"))
        // The page the person ends on is quoted: the marker to use is in it.
        #expect(login.reason.contains("Logged in as"))
        #expect(RunVerdict(cases: results) == .fail)
        #expect(RunSummary(cases: results).notJudged == 8)
        #expect(!results.contains { $0.verdict == .pass })
    }

    /// The same over the whole catalogue: not one refusal passes when no login works.
    @Test func wrongMarkerLeavesNoRefusalPassedInTheFullPlan() async throws {
        let results = try await Self.run(cases: Catalogue.cases) { $0.loggedInMarker = "Welcome back" }
        let refusals = Set(Catalogue.cases.filter(\.expectation.isRefusal).map(\.id))
        let passed = results.filter { refusals.contains($0.id) && $0.verdict == .pass }
        #expect(passed.isEmpty, "\(passed.map { "\($0.id): \($0.reason)" })")
        #expect(results.filter { refusals.contains($0.id) }.allSatisfy { [.notJudged, .fail].contains($0.verdict) })
    }

    /// A refusal that holds gets the control's word in its reason.
    @Test func refusalWithWorkingControlSaysSo() async throws {
        let results = try await Self.run(cases: Chapter9.cases.filter { $0.id == "TC_SEC_01" })
        let result = try Self.result("TC_SEC_01", in: results)
        #expect(result.verdict == .pass)
        #expect(result.reason.contains("then logged in with MPass's valid Response"))
        #expect(result.steps.contains { $0.title.hasPrefix("positive control") && $0.outcome == .pass })
    }

    /// A Service that keeps the login it started only in a SameSite=Lax cookie: the browser
    /// withholds that cookie on MPass's cross-site POST, and the harness names it and the fix.
    @Test func withheldStateCookieIsNamedWithTheFix() async throws {
        let results = try await Self.run([.loginStateInCookieOnly])
        let login = try Self.result("TC_FUNCT_01", in: results)
        #expect(login.verdict == .fail)
        #expect(login.reason.contains("withheld the Service's cookie `rs_state` (SameSite=Lax)"))
        #expect(login.reason.contains("SameSite=None; Secure"))
        let signature = try Self.result("TC_SEC_01", in: results)
        #expect(signature.verdict == .notJudged)
        #expect(signature.reason.contains("`rs_state`"))
    }

    /// After a faulty LogoutRequest is refused, a valid one must end the session; a Service
    /// that keeps every session on single logout "refuses" every faulty one for nothing.
    @Test func singleLogoutRefusalsNeedAWorkingSingleLogout() async throws {
        let sessionKept = Catalogue.cases.filter { $0.expectation == .sessionKept }.prefix(3)
        #expect(sessionKept.count == 3)
        let broken = try await Self.run([.keepSessionOnSLO], cases: Array(sessionKept))
        for result in broken {
            #expect(result.verdict == .notJudged, "\(result.id) \(result.verdict): \(result.reason)")
            #expect(result.reason.contains("a valid LogoutRequest from MPass did not end the session either"))
        }
        let hardened = try await Self.run(cases: Array(sessionKept))
        #expect(hardened.allSatisfy { $0.verdict == .pass }, "\(hardened.map { "\($0.id) \($0.verdict): \($0.reason)" })")
    }

    // MARK: Errors as a person sees them

    @Test func forbiddenPageAfterCancelIsAnError() async throws {
        let results = try await Self.run([.forbiddenOnCancel], cases: Chapter9.cases.filter { $0.id == "TC_FUNCT_03" })
        let cancel = try Self.result("TC_FUNCT_03", in: results)
        #expect(cancel.verdict == .fail)
        #expect(cancel.reason.contains("HTTP 403"))
        #expect(cancel.reason.contains("LOGIN-FAILED"))
    }

    @Test func friendlyErrorPageInRomanianIsReviewedNotPassed() async throws {
        let results = try await Self.run([.friendlyErrorOnCancel], cases: Chapter9.cases.filter { $0.id == "TC_FUNCT_03" })
        let cancel = try Self.result("TC_FUNCT_03", in: results)
        #expect(cancel.verdict == .review)
        #expect(cancel.reason.contains("\"eroare\""))
        #expect(cancel.reason.contains("error_markers"))
    }

    /// mod_auth_mellon answers a Response it cannot use by sending the browser back to MPass,
    /// which answers at once from its session: the pages loop. That is a refusal (no session is
    /// ever usable), not an ERROR; and MPass's next, clean answer must not be taken for the
    /// Service accepting the faulty one (the unsolicited Response, MPX-RPL-03).
    @Test func serviceSendingTheBrowserBackToMPassRefused() async throws {
        let ids: Set<String> = ["TC_SEC_01", "TC_SEC_05", "MPX-RPL-03"]
        let cases = Catalogue.cases.filter { ids.contains($0.id) }
        let results = try await Self.run([.restartLoginOnRefusal], cases: cases)
        for id in ids {
            let result = try Self.result(id, in: results)
            #expect(result.verdict == .pass, "\(id) \(result.verdict): \(result.reason)")
            #expect(result.reason.contains("sent the browser straight back to MPass for a new login"), "\(id): \(result.reason)")
            #expect(result.steps.contains { $0.title == "the Service starts a new login" }, "\(id) records no restart step")
        }
        // The hardened Service shows its refusal page: no restart is read into it.
        let hardened = try await Self.run(cases: cases)
        for result in hardened {
            #expect(result.verdict == .pass, "\(result.id) \(result.verdict): \(result.reason)")
            #expect(!result.steps.contains { $0.title == "the Service starts a new login" }, "\(result.id)")
        }
    }

    /// Every functional case shows the page the person ends on: its title and opening text.
    @Test func functionalCasesQuoteTheLandingPage() async throws {
        let results = try await Self.run(cases: Chapter9.cases.filter { $0.kind == .functional })
        for result in results {
            #expect(result.verdict == .pass, "\(result.id): \(result.reason)")
            #expect(result.reason.contains("ends on") || result.steps.contains { $0.detail.contains("ends on") },
                    "\(result.id) does not show where the person ends")
            #expect(result.steps.contains { $0.detail.contains("«") }, "\(result.id) quotes no page title")
        }
    }

    // MARK: Same host, whose session

    /// `simulator serve` next to the Service: both on 127.0.0.1 (cookies ignore ports).
    /// Dropping "the Service's cookies" for single sign-on must keep MPass's own session.
    @Test func singleSignOnWhenMPassSharesTheServicesHost() async throws {
        let results = try await Self.run(cases: Chapter9.cases.filter { $0.id == "TC_FUNCT_02" },
                                         simulatorBaseURL: URL(string: "http://127.0.0.1:9")!)
        let sso = try Self.result("TC_FUNCT_02", in: results)
        #expect(sso.verdict == .pass, "\(sso.reason)")
        #expect(sso.steps.contains { $0.detail.contains("MPass shares the host 127.0.0.1") })
    }

    /// A wrapping-vulnerable Service logs in the attacker: the verdict says so.
    @Test func wrappedResponseNamesTheAttackersSession() async throws {
        let xsw3 = try #require(Catalogue.entry("MPX-SIG-37")?.testCase)
        #expect(xsw3.guardsSignedReading)
        let results = try await Self.run([.acceptWrappedSignature], cases: [xsw3])
        let result = try Self.result("MPX-SIG-37", in: results)
        #expect(result.verdict == .fail)
        #expect(result.reason.contains("ATTACKER"))
        #expect(result.observed.contains("accepted as the attacker"))
    }

    /// Two Assertions MPass signed, the first read: the genuine user, yet the "one Assertion"
    /// rule is broken, so the case fails and says whose session it was.
    @Test func genuineSessionStillFailsWhereTheRuleIsTheShape() async throws {
        let twoAssertions = try #require(Catalogue.entry("MPX-SIG-44")?.testCase)
        #expect(!twoAssertions.guardsSignedReading)
        let results = try await Self.run([.acceptMultipleAssertions], cases: [twoAssertions])
        let result = try Self.result("MPX-SIG-44", in: results)
        #expect(result.verdict == .fail)
        #expect(result.observed.contains("accepted as the genuine user"))
    }
}
