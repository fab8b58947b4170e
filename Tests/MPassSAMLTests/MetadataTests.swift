import Foundation
import Testing
@testable import MPassSAML
import Vocabulary

@Suite struct ServiceProviderMetadataTests {
    func metadata() -> ServiceProviderMetadata {
        var metadata = ServiceProviderMetadata.officialLibraryLayout(
            entityID: "https://mpass.localhost.egov.md/?a=1&b=\"2\"", serviceRoot: "https://localhost:5001/",
            signingCertificate: TestIdentities.service.certificate)
        metadata.nameIDFormats = ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"]
        metadata.validUntil = testNow.addingTimeInterval(86_400)
        metadata.wantAssertionsSigned = false
        return metadata
    }

    @Test func signedMetadataReparsesAndVerifies() throws {
        let bytes = try metadata().signedDocument(id: "_md1", identity: TestIdentities.service).serialized()
        let root = try SafeXMLParser().parse(bytes).root

        let verification = SignatureVerifier(policy: SignaturePolicy(pinnedCertificates: [TestIdentities.service.certificate]))
            .verify(root, checks: SignatureCheckIDs(scope: "metadata"))
        #expect(verification.isValid, "\(verification.checks.map(\.line))")
        #expect(verification.signedElement?.isSameNode(as: root) == true)

        #expect(root.is("EntityDescriptor", .md))
        #expect(root.attribute("entityID") == "https://mpass.localhost.egov.md/?a=1&b=\"2\"")
        #expect(String(decoding: bytes, as: UTF8.self).contains("?a=1&amp;b=&quot;2&quot;"))
        #expect(root.attribute("ID") == "_md1")
        #expect(root.attribute("validUntil") == "2026-11-23T10:00:00Z")
        // No Issuer in metadata: the Signature is the first child (Metadata 2.3.2).
        #expect(root.children.map(\.localName) == ["Signature", "SPSSODescriptor"])

        let sp = try #require(root.child("SPSSODescriptor", .md))
        #expect(sp.attribute("AuthnRequestsSigned") == "true")
        #expect(sp.attribute("WantAssertionsSigned") == "false")
        #expect(sp.attribute("protocolSupportEnumeration") == "urn:oasis:names:tc:SAML:2.0:protocol")
        #expect(sp.children.map(\.localName) == ["KeyDescriptor", "SingleLogoutService", "NameIDFormat", "AssertionConsumerService"])

        let key = try #require(sp.child("KeyDescriptor", .md))
        #expect(key.attribute("use") == "signing")
        let certificateText = key.child("KeyInfo", .ds)?.child("X509Data", .ds)?.child("X509Certificate", .ds)?.text
        #expect(try Certificate(base64Encoded: #require(certificateText)) == TestIdentities.service.certificate)

        let slo = try #require(sp.child("SingleLogoutService", .md))
        #expect(slo.attribute("Binding") == HTTPBinding.post.uri)
        #expect(slo.attribute("Location") == "https://localhost:5001/mpass-slo")
        #expect(slo.attribute("ResponseLocation") == "https://localhost:5001/mpass-logout")

        let acs = try #require(sp.child("AssertionConsumerService", .md))
        #expect(acs.attribute("Binding") == HTTPBinding.post.uri)
        #expect(acs.attribute("Location") == "https://localhost:5001/mpass-login")
        #expect(acs.attribute("index") == "0")
        #expect(acs.attribute("isDefault") == "true")
    }

    @Test func changedMetadataFailsItsSignature() throws {
        let text = try metadata().signedDocument(id: "_md1", identity: TestIdentities.service).serializedString()
            .replacingOccurrences(of: "/mpass-login", with: "/evil-login")
        let root = try SafeXMLParser().parse(text).root
        let verification = SignatureVerifier(policy: SignaturePolicy(pinnedCertificates: [TestIdentities.service.certificate]))
            .verify(root, checks: SignatureCheckIDs(scope: "metadata"))
        #expect(verification.checks.first { $0.id == CheckID.metadataSignature.value }?.isFailure == true)
    }

    @Test(arguments: ["1abc", "a:b", "", "a b"])
    func idThatIsNotAnNCNameIsRefused(id: String) {
        #expect(throws: HarnessError(.xmlInvalidValue, "")) { try metadata().makeDocument(id: id) }
    }
}

@Suite struct IdentityProviderMetadataReaderTests {
    let idpCertificate = TestIdentities.idp.certificate
    var idpFingerprint: String { idpCertificate.sha256Fingerprint }
    /// A time inside the test certificate's validity, taken from the certificate itself rather
    /// than `testNow`: the factory's validity window is its business (and, at the time of
    /// writing, lands decades late — see the branch note), not what these tests are about.
    var readerNow: Date { idpCertificate.notBefore.addingTimeInterval(3600) }

    func idpMetadata() -> IdentityProviderMetadata {
        var metadata = IdentityProviderMetadata.mpassLayout(entityID: "http://devmpass.gov.md",
                                                            baseURL: "http://127.0.0.1:8443/", signingCertificate: idpCertificate)
        metadata.nameIDFormats = ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"]
        return metadata
    }

    func reader(_ pins: [String]? = nil) -> IdentityProviderMetadataReader {
        IdentityProviderMetadataReader(pinnedFingerprints: pins ?? [idpFingerprint], now: readerNow)
    }

    @Test func signedIdPMetadataIsReadBackWithEndpointsAndCertificate() throws {
        let bytes = try idpMetadata().signedDocument(id: "_idp", identity: TestIdentities.idp).serialized()
        let reading = try reader().read(bytes)
        let metadata = reading.metadata
        #expect(metadata.entityID == "http://devmpass.gov.md")
        #expect(metadata.signingCertificates == [idpCertificate])
        #expect(reading.pinnedCertificates == [idpCertificate])
        #expect(metadata.singleSignOnService(for: .post)?.location == "http://127.0.0.1:8443/login/saml")
        #expect(metadata.singleSignOnService(for: .redirect)?.location == "http://127.0.0.1:8443/login/saml")
        #expect(metadata.singleLogoutService(for: .post)?.location == "http://127.0.0.1:8443/logout/saml")
        #expect(metadata.singleLogoutService(for: .redirect)?.location == "http://127.0.0.1:8443/logout/saml")
        #expect(metadata.nameIDFormats == ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"])
        #expect(metadata.wantAuthnRequestsSigned == true)
        #expect(!reading.hasFailures, "\(reading.checks.map(\.line))")
        #expect(reading.checks.first { $0.id == CheckID.metadataSignature.value }?.isPass == true)
        #expect(reading.checks.first { $0.id == CheckID.metadataSigningCertificatePinned }?.isPass == true)
    }

    @Test func unsignedMetadataIsReadAndSaysSo() throws {
        let reading = try reader().read(idpMetadata().makeDocument(id: "_idp").serialized())
        #expect(reading.checks.first { $0.id == CheckID.metadataSignature.present }?.outcome
                == .notApplicable(why: "the document is not signed; trust rests on the pinned certificate fingerprint"))
        #expect(!reading.hasFailures)
    }

    /// Every form people paste a fingerprint in.
    @Test(arguments: [
        { (f: String) in f },
        { (f: String) in f.lowercased() },
        { (f: String) in f.replacingOccurrences(of: ":", with: "") },
        { (f: String) in f.replacingOccurrences(of: ":", with: "").lowercased() },
        { (f: String) in f.replacingOccurrences(of: ":", with: " ") },
        { (f: String) in "sha256 Fingerprint=" + f },
    ] as [@Sendable (String) -> String])
    func fingerprintIsAcceptedInEveryForm(form: @Sendable (String) -> String) throws {
        let bytes = try idpMetadata().makeDocument(id: "_idp").serialized()
        #expect(try reader([form(idpFingerprint)]).read(bytes).pinnedCertificates == [idpCertificate])
    }

    @Test func wrongPinnedFingerprintIsAMismatchNamingBoth() throws {
        let bytes = try idpMetadata().signedDocument(id: "_idp", identity: TestIdentities.idp).serialized()
        let staging = MPassEnvironment.staging.signingCertificateSHA256!
        let error = #expect(throws: HarnessError(.metadataFingerprintMismatch, "")) { try reader([staging]).read(bytes) }
        #expect(error?.reason.contains(staging) == true)
        #expect(error?.reason.contains(idpFingerprint) == true)
    }

    @Test func noPinIsRefused() throws {
        let bytes = try idpMetadata().makeDocument(id: "_idp").serialized()
        #expect(throws: HarnessError(.metadataFingerprintMismatch, "")) { try reader([]).read(bytes) }
    }

    @Test(arguments: ["AB:CD", "zz" + String(repeating: "0", count: 62), String(repeating: "a", count: 40)])
    func malformedPinIsRefused(pin: String) throws {
        let bytes = try idpMetadata().makeDocument(id: "_idp").serialized()
        #expect(throws: HarnessError(.metadataBadFingerprint, "")) { try reader([pin]).read(bytes) }
    }

    @Test func metadataWithoutKeyDescriptorIsIncomplete() throws {
        let document = try idpMetadata().makeDocument(id: "_idp")
        document.root.child("IDPSSODescriptor", .md)!.child("KeyDescriptor", .md)!.remove()
        let error = #expect(throws: HarnessError(.metadataIncomplete, "")) { try reader().read(document.serialized()) }
        #expect(error?.reason.contains("KeyDescriptor") == true)
    }

    @Test func encryptionOnlyKeyDescriptorIsNotASigningKey() throws {
        let document = try idpMetadata().makeDocument(id: "_idp")
        document.root.child("IDPSSODescriptor", .md)!.child("KeyDescriptor", .md)!.setAttribute("use", "encryption")
        #expect(throws: HarnessError(.metadataIncomplete, "")) { try reader().read(document.serialized()) }
    }

    @Test func keyDescriptorWithoutUseServesSigning() throws {
        let document = try idpMetadata().makeDocument(id: "_idp")
        document.root.child("IDPSSODescriptor", .md)!.child("KeyDescriptor", .md)!.removeAttribute("use")
        #expect(try reader().read(document.serialized()).pinnedCertificates == [idpCertificate])
    }

    @Test func missingEndpointsAreAllNamed() throws {
        var metadata = idpMetadata()
        metadata.singleLogoutServices = []
        let document = try metadata.makeDocument(id: "_idp")
        for sso in document.root.child("IDPSSODescriptor", .md)!.children("SingleSignOnService", .md) { sso.remove() }
        document.root.removeAttribute("entityID")
        let error = #expect(throws: HarnessError(.metadataIncomplete, "")) { try reader().read(document.serialized()) }
        #expect(error?.reason.contains("md:SingleSignOnService") == true)
        #expect(error?.reason.contains("entityID") == true)
    }

    /// Okta, Google and OneLogin publish no SingleLogoutService: the reading goes on (every
    /// other part is shown) and the absence is one failed check, since MPass's Services need it.
    @Test func missingSingleLogoutServiceIsAFindingNotAStop() throws {
        var metadata = idpMetadata()
        metadata.singleLogoutServices = []
        let reading = try reader().read(try metadata.makeDocument(id: "_idp").serialized())
        #expect(reading.pinnedCertificates == [idpCertificate])
        let slo = try #require(reading.checks.first { $0.id == CheckID.metadataSingleLogoutService })
        #expect(slo.isFailure)
        #expect(slo.detail.contains("no md:SingleLogoutService"))
        #expect(reading.hasFailures)
    }

    @Test func metadataWithoutIDPSSODescriptorIsIncomplete() throws {
        let spMetadata = try ServiceProviderMetadata.officialLibraryLayout(
            entityID: "https://sp", serviceRoot: "https://localhost:5001", signingCertificate: idpCertificate)
            .makeDocument(id: "_sp").serialized()
        let error = #expect(throws: HarnessError(.metadataIncomplete, "")) { try reader().read(spMetadata) }
        #expect(error?.reason.contains("IDPSSODescriptor") == true)
    }

    @Test func wrongRootIsRefused() {
        #expect(throws: HarnessError(.xmlWrongRoot, "")) {
            try reader().read(Data("<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>".utf8))
        }
    }

    @Test func changedSignedMetadataFailsItsSignatureCheck() throws {
        let text = try idpMetadata().signedDocument(id: "_idp", identity: TestIdentities.idp).serializedString()
            .replacingOccurrences(of: "127.0.0.1:8443/logout", with: "evil.example/logout")
        let reading = try reader().read(Data(text.utf8))
        #expect(reading.hasFailures)
        #expect(reading.checks.first { $0.id == CheckID.metadataSignature.value }?.isFailure == true)
    }

    @Test func metadataSignedByAnotherKeyFailsEvenWithThePinnedCertificateInside() throws {
        // The attacker publishes the genuine certificate (so the pin matches) but signs with its own key.
        let bytes = try idpMetadata().signedDocument(id: "_idp", identity: TestIdentities.attacker).serialized()
        let reading = try reader().read(bytes)
        #expect(reading.checks.first { $0.id == CheckID.metadataSignature.value }?.isFailure == true)
    }

    @Test func expiredMetadataAndCertificateAreFailedChecks() throws {
        var metadata = idpMetadata()
        metadata.validUntil = readerNow.addingTimeInterval(-60)
        let bytes = try metadata.makeDocument(id: "_idp").serialized()
        let later = IdentityProviderMetadataReader(pinnedFingerprints: [idpFingerprint],
                                                   now: idpCertificate.notAfter.addingTimeInterval(86_400))
        let reading = try later.read(bytes)
        #expect(reading.checks.first { $0.id == CheckID.metadataValidUntil }?.isFailure == true)
        #expect(reading.checks.first { $0.id == CheckID.metadataSigningCertificateValidity }?.isFailure == true)
        let now = try reader().read(bytes)
        #expect(now.checks.first { $0.id == CheckID.metadataValidUntil }?.isFailure == true)
        #expect(now.checks.first { $0.id == CheckID.metadataSigningCertificateValidity }?.isPass == true)
    }
}

@Suite struct MPassEnvironmentTests {
    @Test(arguments: [
        "https://mpass.gov.md/login/saml",
        "https://mpass.gov.md/meta/saml",
        "HTTPS://MPASS.GOV.MD./logout/saml",
        "mpass.gov.md/login/saml",
        "https://user:pw@mpass.gov.md/login/saml",
        "https://www.mpass.gov.md:443/x",
        "https://mpass%2Egov.md/login/saml",
        "https://mpass.gov.md\\@evil.example/",
        "https://mpass.gov.md?x=1",
    ])
    func productionIsRecognised(url: String) {
        #expect(MPassEnvironment.isProduction(url))
        #expect(throws: HarnessError(.productionRefused, "")) { try MPassEnvironment.refuseProduction(url, what: "IdP SSO URL") }
    }

    @Test(arguments: [
        "https://mpass.staging.egov.md/login/saml",
        "https://localhost:5001/mpass-login",
        "https://mpass.gov.md.evil.example/",
        "https://evilmpass.gov.md/",
        "https://example.com/?next=https://mpass.gov.md",
        "http://127.0.0.1:8443/login/saml",
    ])
    func otherHostsAreNotProduction(url: String) throws {
        #expect(!MPassEnvironment.isProduction(url))
        try MPassEnvironment.refuseProduction(url, what: "IdP SSO URL")
    }

    @Test func knownEnvironments() throws {
        #expect(MPassEnvironment.isProduction(URL(string: MPassEnvironment.production.singleSignOnURL)!))
        for url in [MPassEnvironment.production.singleSignOnURL, MPassEnvironment.production.singleLogoutURL,
                    MPassEnvironment.production.metadataURL] {
            #expect(MPassEnvironment.isProduction(url))
        }
        for url in [MPassEnvironment.staging.singleSignOnURL, MPassEnvironment.staging.singleLogoutURL,
                    MPassEnvironment.staging.metadataURL] {
            #expect(!MPassEnvironment.isProduction(url))
        }
        let pin = try SHA256Fingerprint(#require(MPassEnvironment.staging.signingCertificateSHA256))
        #expect(pin.description == "B9:F2:2D:BF:C9:37:B6:06:B1:42:9C:B4:EE:2A:6B:03:20:73:E7:C3:33:AA:70:49:CF:F6:2B:A9:9D:24:F4:73")
    }
}

/// `metadata sp`'s one library call (`ServiceProviderMetadata.signedOfficialLibraryLayout`):
/// the official .NET library's layout under the service root (ACS `/mpass-login`, MPass's
/// LogoutRequest at `/mpass-slo`, its LogoutResponse at `/mpass-logout`, all HTTP-POST),
/// published with the identity's certificate and signed by its key.
@Suite struct SignedOfficialLayoutTests {
    @Test func theLayoutIsSignedByTheIdentityItPublishes() throws {
        let text = try ServiceProviderMetadata.signedOfficialLibraryLayout(
            entityID: "https://service.example.md", serviceRoot: "https://service.example.md/app/",
            identity: TestIdentities.service, wantAssertionsSigned: true, id: "_layout")
        let root = try SafeXMLParser().parse(Data(text.utf8)).root
        #expect(root.is("EntityDescriptor", .md))
        #expect(root.attribute("entityID") == "https://service.example.md")
        #expect(root.attribute("ID") == "_layout")

        // Its signature holds against the identity's certificate, and only against it.
        let checks = SignatureCheckIDs(scope: "metadata")
        let good = SignatureVerifier(policy: SignaturePolicy(pinnedCertificates: [TestIdentities.service.certificate])).verify(root, checks: checks)
        #expect(good.isValid, "\(good.checks.map(\.line))")
        let other = SignatureVerifier(policy: SignaturePolicy(pinnedCertificates: [TestIdentities.attacker.certificate])).verify(root, checks: checks)
        #expect(!other.isValid)

        let sp = try #require(root.child("SPSSODescriptor", .md))
        #expect(sp.attribute("WantAssertionsSigned") == "true")
        #expect(sp.attribute("AuthnRequestsSigned") == "true")
        let published = sp.child("KeyDescriptor", .md)?.child("KeyInfo", .ds)?.child("X509Data", .ds)?.child("X509Certificate", .ds)?.text
        #expect(try Certificate(base64Encoded: #require(published)) == TestIdentities.service.certificate)
        // The trailing slash of the root is not doubled.
        let acs = try #require(sp.child("AssertionConsumerService", .md))
        #expect(acs.attribute("Location") == "https://service.example.md/app/mpass-login")
        #expect(acs.attribute("Binding") == HTTPBinding.post.uri)
        let slo = try #require(sp.child("SingleLogoutService", .md))
        #expect(slo.attribute("Location") == "https://service.example.md/app/mpass-slo")
        #expect(slo.attribute("ResponseLocation") == "https://service.example.md/app/mpass-logout")
        #expect(slo.attribute("Binding") == HTTPBinding.post.uri)
    }

    @Test func wantAssertionsSignedFollowsTheSwitch() throws {
        let text = try ServiceProviderMetadata.signedOfficialLibraryLayout(
            entityID: "https://service.example.md", serviceRoot: "https://service.example.md",
            identity: TestIdentities.service, wantAssertionsSigned: false)
        let root = try SafeXMLParser().parse(Data(text.utf8)).root
        #expect(root.child("SPSSODescriptor", .md)?.attribute("WantAssertionsSigned") == "false")
        // Without an id, one is made: an NCName, different each time.
        let id = try #require(root.attribute("ID"))
        #expect(id.first.map { $0 == "_" || $0.isLetter } == true, "\(id)")
        let again = try ServiceProviderMetadata.signedOfficialLibraryLayout(
            entityID: "https://service.example.md", serviceRoot: "https://service.example.md",
            identity: TestIdentities.service, wantAssertionsSigned: false)
        #expect(try SafeXMLParser().parse(Data(again.utf8)).root.attribute("ID") != id)
    }

    @Test func anEmptyEntityIDIsRefusedNamingIt() {
        do throws(HarnessError) {
            _ = try ServiceProviderMetadata.signedOfficialLibraryLayout(entityID: "", serviceRoot: "https://service.example.md",
                                                                        identity: TestIdentities.service, wantAssertionsSigned: true)
            Issue.record("metadata with an empty entityID was made")
        } catch {
            #expect(error.code == .xmlInvalidValue)
            #expect(error.reason.contains("the entityID (the Service's Issuer) is empty; give the Issuer the Service is registered with at MPass"), "\(error.reason)")
        }
    }

    @Test func anIDThatIsNotAnNCNameIsRefusedWithTheFix() {
        do throws(HarnessError) {
            _ = try ServiceProviderMetadata.signedOfficialLibraryLayout(entityID: "https://service.example.md", serviceRoot: "https://service.example.md",
                                                                        identity: TestIdentities.service, wantAssertionsSigned: true, id: "1-not-an-ncname")
            Issue.record("metadata with an ID that is not an NCName was made")
        } catch {
            #expect(error.code == .xmlInvalidValue)
            #expect(error.reason.contains("\"1-not-an-ncname\" is not an NCName; use \"_\" followed by a GUID"), "\(error.reason)")
        }
    }
}
