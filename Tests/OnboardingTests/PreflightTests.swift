import Foundation
import HarnessModel
import MPassSAML
@testable import Onboarding
import Testing
import TestSupport

/// Preflight over target files and certificates made here: a good description passes, and
/// each fault is flagged by its check id, with a fix.
@Suite(.temporaryDirectories) struct PreflightTests {
    @Test func goodDescriptionPasses() async throws {
        let directory = try OnboardingFixtures.goodFolder()
        let report = try await OnboardingFixtures.preflight(yaml: OnboardingFixtures.yaml(), in: directory)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(!report.hasFailures)
        let ids = Set(report.items.filter { $0.status == .pass }.map(\.id))
        for id in ["system.name", "certificate.loads", "certificate.key-matches", "certificate.rsa-2048", "certificate.digital-signature",
                   "certificate.valid-now", "certificate.days-left", "environments.certificates-differ", "url.present", "url.absolute",
                   "url.https", "url.not-localhost", "attributes.listed", "attributes.known", "mnotify.ip.well-formed",
                   "mnotify.ip.distinct", "mnotify.channels"] {
            #expect(ids.contains(id), "\(id) did not pass")
        }
        // Offline: reachability is skipped, saying why.
        #expect(report.items.filter { $0.id == "url.reachable" }.allSatisfy { $0.status == .skip && $0.detail.contains("--offline") })
        // The forms carry what AGE needs.
        #expect(report.forms.mpass.contains("Name of the information system: Registrul de test"))
        #expect(report.forms.mpass.contains("https://service.example.md/mpass-slo"))
        #expect(report.forms.mpass.contains("https://localhost:5001/mpass-slo"))
        #expect(report.forms.mpass.contains("NameIdentifier, FirstName, LastName, BirthDate, Role"))
        #expect(report.forms.mnotify?.contains("testing environment: 203.0.113.10") == true)
        #expect(report.forms.mnotify?.contains("Notification channels: email, sms") == true)
        let text = report.text()
        #expect(text.contains("Serial number for AGE: \(report.serialForAGE ?? "?")"))
        #expect(text.contains("MPass integration details (ready to paste)"))
        #expect(text.contains("Where the onboarding stands"))
        #expect(report.progress.mpass.first { $0.number == 4 }?.state == .ready)
        #expect(report.progress.mpass.first { $0.number == 9 }?.state == .yours)
    }

    /// One fault per case: what to break, and the check id that must fail (or warn).
    struct Fault: CustomTestStringConvertible, Sendable {
        let name: String
        let check: String
        let status: PreflightStatus
        let subject: String?
        let prepare: @Sendable (URL) throws -> [String: String?]

        var testDescription: String { name }
    }

    static let day: TimeInterval = 86_400

    static let faults: [Fault] = [
        Fault(name: "expired", check: "certificate.valid-now", status: .fail, subject: "test certificate") { directory in
            try OnboardingFixtures.writePEM(try OnboardingFixtures.identity("expired", notBefore: OnboardingFixtures.now.addingTimeInterval(-400 * day),
                                                                             notAfter: OnboardingFixtures.now.addingTimeInterval(-day)),
                                            to: directory.appendingPathComponent("test.pem"))
            return [:]
        },
        Fault(name: "expiring in 10 days", check: "certificate.days-left", status: .warn, subject: "test certificate") { directory in
            try OnboardingFixtures.writePEM(try OnboardingFixtures.identity("expiring", notAfter: OnboardingFixtures.now.addingTimeInterval(10 * day + 3600)),
                                            to: directory.appendingPathComponent("test.pem"))
            return [:]
        },
        Fault(name: "1024-bit key", check: "certificate.rsa-2048", status: .fail, subject: "test certificate") { directory in
            try OnboardingFixtures.writePEM(try OnboardingFixtures.identity("small", bits: 1024), to: directory.appendingPathComponent("test.pem"))
            return [:]
        },
        Fault(name: "no digitalSignature", check: "certificate.digital-signature", status: .fail, subject: "test certificate") { directory in
            try OnboardingFixtures.writePEM(try OnboardingFixtures.identity("encipher", keyUsage: "critical,keyEncipherment"),
                                            to: directory.appendingPathComponent("test.pem"))
            return [:]
        },
        Fault(name: "mismatched key", check: "certificate.key-matches", status: .fail, subject: "test certificate") { directory in
            let certificate = try OnboardingFixtures.identity("certificate").certificate
            try Data(certificate.pem.utf8).write(to: directory.appendingPathComponent("test-cert.pem"))
            try Data(try OnboardingFixtures.identity("other").privateKey.pkcs8PEM().utf8).write(to: directory.appendingPathComponent("other.key"))
            return ["test.certificate": "test-cert.pem", "test.key": "other.key"]
        },
        Fault(name: "missing certificate file", check: "certificate.loads", status: .fail, subject: "production certificate") { _ in
            ["production.certificate": "nowhere.cer"]
        },
        Fault(name: "same certificate for test and production", check: "environments.certificates-differ", status: .fail,
              subject: nil) { _ in
            ["production.certificate": "test.pem"]
        },
        Fault(name: "production on http", check: "url.https", status: .fail, subject: "production ACS URL") { _ in
            ["production.acs_url": "http://service.example.md/mpass-login"]
        },
        Fault(name: "production on localhost", check: "url.not-localhost", status: .fail, subject: "production LogoutRequest URL") { _ in
            ["production.logout_request_url": "https://localhost:5001/mpass-slo"]
        },
        Fault(name: "production URL missing", check: "url.present", status: .fail, subject: "production LogoutResponse URL") { _ in
            ["production.logout_response_url": nil]
        },
        Fault(name: "production URL relative", check: "url.absolute", status: .fail, subject: "production ACS URL") { _ in
            ["production.acs_url": "/mpass-login"]
        },
        Fault(name: "unknown attribute", check: "attributes.known", status: .fail, subject: "Firstname") { _ in
            ["attributes": "[NameIdentifier, Firstname]"]
        },
        Fault(name: "undeclared custom attribute", check: "attributes.known", status: .fail, subject: "Role") { _ in
            ["custom_attributes": nil]
        },
        Fault(name: "no attributes", check: "attributes.listed", status: .fail, subject: nil) { _ in
            ["attributes": nil]
        },
        Fault(name: "bad IP", check: "mnotify.ip.well-formed", status: .fail, subject: "test IP 172.46.45") { _ in
            ["mnotify.test_ips": "[172.46.45]"]
        },
        Fault(name: "IP range", check: "mnotify.ip.well-formed", status: .fail, subject: "production IP 203.0.113.0/24") { _ in
            ["mnotify.production_ips": "[203.0.113.0/24]"]
        },
        Fault(name: "private IP", check: "mnotify.ip.well-formed", status: .warn, subject: "test IP 192.168.1.10") { _ in
            ["mnotify.test_ips": "[192.168.1.10]"]
        },
        Fault(name: "same IP for test and production", check: "mnotify.ip.distinct", status: .fail, subject: nil) { _ in
            ["mnotify.production_ips": "[203.0.113.10]"]
        },
        Fault(name: "no channels", check: "mnotify.channels", status: .fail, subject: nil) { _ in
            ["mnotify.channels": "[]"]
        },
        Fault(name: "no system name", check: "system.name", status: .fail, subject: nil) { _ in
            ["system_name": nil]
        },
    ]

    @Test(arguments: faults)
    func eachFaultIsFlaggedWithItsFix(_ fault: Fault) async throws {
        let directory = try OnboardingFixtures.goodFolder()
        let overrides = try fault.prepare(directory)
        let report = try await OnboardingFixtures.preflight(yaml: OnboardingFixtures.yaml(overrides), in: directory)
        let flagged = report.items.filter { item in
            item.id == fault.check && item.status == fault.status && (fault.subject.map { item.subject == $0 } ?? true)
        }
        #expect(!flagged.isEmpty, "\(fault.name): no \(fault.status.label) \(fault.check); got \(report.items.filter { $0.status != .pass && $0.status != .skip })")
        #expect(flagged.allSatisfy { ($0.fix ?? "").count > 10 }, "\(fault.name): a flagged item has no fix")
        // The verdict: any failure is exit 1; a warning alone is not.
        #expect(report.hasFailures == (fault.status == .fail))
        // Every other failure is explained by the fault (no collateral failures from a good file).
        if fault.status == .fail {
            let unrelated = report.failures.filter { $0.id != fault.check }
            #expect(unrelated.allSatisfy { $0.id == "certificate.loads" || $0.id.hasPrefix("url.") || $0.id.hasPrefix("mnotify.ip") },
                    "\(fault.name): unrelated failures \(unrelated)")
        }
        #expect(report.text().contains("fix: "))
    }

    @Test func expiringCertificateSaysDaysLeft() async throws {
        let directory = try OnboardingFixtures.goodFolder()
        try OnboardingFixtures.writePEM(try OnboardingFixtures.identity("expiring", notAfter: OnboardingFixtures.now.addingTimeInterval(10 * Self.day + 3600)),
                                        to: directory.appendingPathComponent("test.pem"))
        let report = try await OnboardingFixtures.preflight(yaml: OnboardingFixtures.yaml(), in: directory)
        let item = try #require(report.items.first { $0.id == "certificate.days-left" && $0.subject == "test certificate" })
        #expect(item.detail.hasPrefix("10 days left"))
    }

    @Test func pkcs12LikeThePublicSampleLoadsAndItsSerialIsPrinted() async throws {
        let directory = try OnboardingFixtures.goodFolder()
        let (pfx, serial) = try OnboardingFixtures.sampleLikePKCS12(in: directory, password: "QdutCdFE7zZe9uybzV3q")
        let yaml = OnboardingFixtures.yaml(["test.certificate": pfx.lastPathComponent, "test.password_env": "SAMPLE_PFX_PASSWORD"])
        let report = try await OnboardingFixtures.preflight(yaml: yaml, in: directory,
                                                            variables: ["SAMPLE_PFX_PASSWORD": "QdutCdFE7zZe9uybzV3q"])
        let loads = try #require(report.items.first { $0.id == "certificate.loads" && $0.subject == "test certificate" })
        #expect(loads.status == .pass)
        #expect(loads.detail.contains("PKCS#12, with its private key, 1 chain certificate"))
        #expect(serial == "1C1A0D18AA2816D83D67A55BFCA59EBF77C08FA3")
        #expect(loads.detail.contains("serial \(serial)"))
        #expect(report.items.first { $0.id == "certificate.chain-issuer" && $0.subject == "test certificate" }?.status == .pass)
        #expect(report.forms.mpass.contains("serial \(serial)"))

        // Without its password: the fix names the variable to set.
        let locked = try await OnboardingFixtures.preflight(yaml: yaml, in: directory)
        let failed = try #require(locked.items.first { $0.id == "certificate.loads" && $0.subject == "test certificate" })
        #expect(failed.status == .fail)
        #expect(failed.fix?.contains("SAMPLE_PFX_PASSWORD") == true)
    }

    @Test func reachabilityWarnsButDoesNotFail() async throws {
        let directory = try OnboardingFixtures.goodFolder()
        let prober = FakeProber { url in
            url.host == "localhost" ? .answered(status: 405, milliseconds: 3) : .noAnswer(reason: "connection refused")
        }
        let report = try await OnboardingFixtures.preflight(yaml: OnboardingFixtures.yaml(), in: directory, prober: prober)
        let reachability = report.items.filter { $0.id == "url.reachable" }
        #expect(reachability.count == 6)
        #expect(reachability.filter { $0.subject.hasPrefix("test") }.allSatisfy { $0.status == .pass && $0.detail.contains("405") })
        #expect(reachability.filter { $0.subject.hasPrefix("production") }.allSatisfy { $0.status == .warn && $0.fix != nil })
        #expect(!report.hasFailures)
    }

    @Test func realProberAgainstLoopback() async throws {
        let prober = HTTPEndpointProber(timeout: .seconds(2))
        // A closed port on this machine: no answer, said plainly.
        if case .noAnswer(let reason) = await prober.probe(URL(string: "http://127.0.0.1:9/mpass-slo")!) {
            #expect(!reason.isEmpty)
        } else {
            Issue.record("port 9 answered")
        }
        // Production is never probed.
        let refused = await prober.probe(URL(string: "https://mpass.gov.md/login/saml")!)
        guard case .noAnswer(let reason) = refused else { Issue.record("probed: \(refused)"); return }
        #expect(reason.hasPrefix("not probed: ") && reason.contains("a production host of AGE"))
    }

    @Test func productionMPassAnywhereInTheFileIsRefused() throws {
        let yaml = OnboardingFixtures.yaml(["production.acs_url": "https://mpass.gov.md/login/saml"])
        #expect(throws: TargetError.self) { try TargetDescription.parse(yaml: yaml) }
        do {
            _ = try TargetDescription.parse(yaml: yaml)
        } catch {
            #expect(error.allProblems.contains { $0.code == .targetProductionRefused && $0.field == "onboarding.production.acs_url" })
        }
    }

    @Test func onboardingSectionErrorsNameTheField() throws {
        for (overrides, field, code) in [
            (["system_name": "[a, b]"], "onboarding.system_name", TargetError.Code.targetWrongType),
            (["test.password_env": "\"my password\""], "onboarding.test.password_env", .targetInvalidValue),
        ] as [([String: String?], String, TargetError.Code)] {
            do {
                _ = try TargetDescription.parse(yaml: OnboardingFixtures.yaml(overrides))
                Issue.record("\(field) accepted")
            } catch {
                #expect(error.allProblems.contains { $0.code == code && $0.field == field }, "\(error)")
                #expect(error.description.contains("Fix:"))
            }
        }
        do {
            _ = try TargetDescription.parse(yaml: OnboardingFixtures.yaml() + "  environment: production\n")
            Issue.record("environment: production accepted")
        } catch {
            #expect(error.allProblems.contains { $0.field == "onboarding.environment" })
        }
        do {
            _ = try TargetDescription.parse(yaml: OnboardingFixtures.yaml() + "  sytem_name: x\n")
            Issue.record("a typo accepted")
        } catch {
            #expect(error.code == .targetUnknownKey)
            #expect(error.fix.contains("onboarding.system_name"))
        }
    }

    @Test func withoutAnOnboardingSectionEverythingMissingIsNamed() async throws {
        let directory = OnboardingFixtures.folder()
        let file = directory.appendingPathComponent("service.yaml")
        try Data("base_url: https://localhost:5001\nissuer: https://x.test\nlogged_in:\n  url: /protected\n".utf8).write(to: file)
        let target = try TargetDescription.load(contentsOf: file)
        let report = await Preflight(input: PreflightInput(target: target, file: file.path), now: OnboardingFixtures.now).run()
        #expect(report.hasFailures)
        for id in ["system.name", "certificate.loads", "url.present", "attributes.listed"] {
            #expect(report.failures.contains { $0.id == id }, "\(id)")
        }
        // The test URLs come from the target itself.
        #expect(report.items.contains { $0.id == "url.present" && $0.subject == "test ACS URL" && $0.status == .pass })
        #expect(report.forms.mpass.contains("(missing: fill in before sending)"))
        #expect(report.progress.mpass.first { $0.number == 4 }?.state == .blocked)
    }
}

/// Where the onboarding stands, from preflight's items, the IdP cache and a live report.
@Suite(.temporaryDirectories) struct OnboardingProgressTests {
    static func liveReport(verdicts: [CaseVerdict], kind: IdentityProviderKind = .staging) -> RunReport {
        let cases = verdicts.enumerated().map { index, verdict in
            CaseResult(id: "TC_FUNCT_0\(index + 1)", title: "", reference: "", kind: .functional, severity: .required,
                       expected: "", observed: "", verdict: verdict, reason: "", durationMs: 1)
        }
        return RunReport(tool: .init(version: "0"), startedAt: Date(), finishedAt: Date(),
                         target: .init(name: "x", baseURL: "https://localhost:5001", issuer: nil),
                         idp: .init(kind: kind, baseURL: "https://mpass.staging.egov.md", issuer: nil), plan: "live", cases: cases)
    }

    @Test func aPassingLiveRunConfirmsTheStagingSteps() {
        let progress = OnboardingProgress(items: [], hasMNotify: false, idpCache: nil,
                                          liveReport: Self.liveReport(verdicts: Array(repeating: .pass, count: 5)))
        #expect(progress.mpass.first { $0.number == 5 }?.state == .confirmed)
        #expect(progress.mpass.first { $0.number == 6 }?.state == .confirmed)
        #expect(progress.mnotify == nil)
    }

    @Test func aFailingLiveRunBlocksTheFunctionalStep() {
        let progress = OnboardingProgress(items: [], hasMNotify: true, idpCache: nil,
                                          liveReport: Self.liveReport(verdicts: [.pass, .pass, .fail, .pass, .pass]))
        #expect(progress.mpass.first { $0.number == 5 }?.state == .confirmed)
        #expect(progress.mpass.first { $0.number == 6 }?.state == .blocked)
        #expect(progress.mpass.first { $0.number == 6 }?.note.contains("4 of 5") == true)
        #expect(progress.mnotify?.count == 8)
    }

    @Test func failuresBlockTheStepsTheyBelongTo() {
        let failure = PreflightItem("url.https", .urls, subject: "production ACS URL", status: .fail, detail: "", fix: "x")
        let progress = OnboardingProgress(items: [failure], hasMNotify: false, idpCache: nil, liveReport: nil)
        #expect(progress.mpass.first { $0.number == 3 }?.state == .ready)
        #expect(progress.mpass.first { $0.number == 4 }?.state == .blocked)
        #expect(progress.mpass.first { $0.number == 8 }?.state == .blocked)
        #expect(progress.mpass.first { $0.number == 6 }?.state == .yours)
    }
}
