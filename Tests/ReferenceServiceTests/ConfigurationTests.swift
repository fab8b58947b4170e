import Foundation
import MPassSAML
import Testing
@testable import ReferenceService
import Vocabulary

@Suite("Configuration")
struct ConfigurationTests {
    private func error(_ change: (inout ReferenceServiceConfiguration) -> Void) -> HarnessError? {
        var configuration = makeConfiguration()
        change(&configuration)
        do {
            _ = try ServiceCore(configuration: configuration)
            return nil
        } catch {
            return error
        }
    }

    @Test("A production IdP URL is refused, whichever field holds it")
    func production() {
        #expect(error { $0.idpSSOURL = MPassEnvironment.production.singleSignOnURL }?.code == .configurationProductionRefused)
        #expect(error { $0.idpSLOURL = "https://MPASS.gov.md./logout/saml" }?.code == .configurationProductionRefused)
        #expect(error { $0.idpOrigin = "https://mpass.gov.md" }?.code == .configurationProductionRefused)
        #expect(error { $0.idpSSOURL = MPassEnvironment.staging.singleSignOnURL } == nil)
    }

    @Test("No pinned IdP certificate is refused with a reason that says what to give")
    func missingCertificate() throws {
        let failure = try #require(error { $0.idpCertificates = [] })
        #expect(failure.code == .configurationMissingIdPCertificate)
        #expect(failure.reason.contains("certificate"))
    }

    @Test("Bad URLs and empty names are refused")
    func badValues() {
        #expect(error { $0.baseURL = "http://127.0.0.1:8080/app" }?.code == .configurationBadURL)
        #expect(error { $0.baseURL = "127.0.0.1:8080" }?.code == .configurationBadURL)
        #expect(error { $0.baseURL = nil }?.code == .configurationBadURL)
        #expect(error { $0.idpSSOURL = "javascript:alert(1)" }?.code == .configurationBadURL)
        #expect(error { $0.issuer = "" }?.code == .configurationBadValue)
        #expect(error { $0.idpIssuer = "" }?.code == .configurationBadValue)
        #expect(error { $0.messageLifetime = 0 }?.code == .configurationBadValue)
    }

    @Test("Derived values: base URL without a trailing slash, IdP origin from the SLO URL")
    func derived() throws {
        var configuration = makeConfiguration()
        configuration.baseURL = "http://127.0.0.1:8080/"
        let core = try ServiceCore(configuration: configuration)
        #expect(core.baseURL == "http://127.0.0.1:8080")
        #expect(core.acsURL == "http://127.0.0.1:8080/mpass-login")
        #expect(core.singleLogoutURL == "http://127.0.0.1:8080/mpass-slo")
        #expect(core.logoutResponseURL == "http://127.0.0.1:8080/mpass-logout")
        #expect(core.idpOrigin == "https://mpass.sim.test")
    }
}

@Suite("Metadata and health")
struct MetadataTests {
    @Test("/metadata is the Service's SP metadata in the official layout, signed with its key")
    func metadata() async throws {
        try await withService { service in
            let page = try await service.get("/metadata")
            #expect(page.status == .ok)
            #expect(page.header("Content-Type")?.hasPrefix("application/samlmetadata+xml") == true)
            let document = try SafeXMLParser().parse(page.body)
            #expect(document.root.attribute("entityID") == Names.issuer)
            let verification = SignatureVerifier(policy: SignaturePolicy(pinnedCertificates: [TestIdentities.service.certificate]))
                .verify(document.root, checks: SignatureCheckIDs(scope: "metadata"))
            #expect(verification.isValid)
            let locations = document.allElements().compactMap { $0.attribute("Location") }
            #expect(Set(locations) == [Names.baseURL + "/mpass-login", Names.baseURL + "/mpass-slo"])
            #expect(document.allElements().compactMap { $0.attribute("ResponseLocation") } == [Names.baseURL + "/mpass-logout"])
        }
    }

    @Test("/health answers ok")
    func health() async throws {
        try await withService { service in
            let page = try await service.get("/health")
            #expect(page.status == .ok)
            #expect(page.body == "ok")
        }
    }

    @Test("The home page offers a login and names the weaknesses switched on")
    func home() async throws {
        try await withService(weaknesses: [.skipAudience]) { service in
            let page = try await service.get("/")
            #expect(page.body.contains("href=\"/login\""))
            #expect(page.body.contains("skipAudience"))
        }
    }
}
