import Foundation
import Vocabulary

/// The metadata a Service hands to AGE (SAML Metadata 2.0): one `md:EntityDescriptor` with
/// an `md:SPSSODescriptor`, its signing certificate, its logout and assertion consumer
/// endpoints, signed with the Service's key.
public struct ServiceProviderMetadata: Sendable {
    /// The Service's Issuer, as registered with MPass.
    public var entityID: String
    /// The certificate MPass checks the Service's signatures with.
    public var signingCertificate: Certificate
    /// Where MPass posts its Response (HTTP-POST, index 0, the default).
    public var assertionConsumerServiceURL: String
    /// Where MPass sends LogoutRequests (`location`) and LogoutResponses (`responseLocation`).
    public var singleLogoutServices: [MetadataEndpoint]
    public var nameIDFormats: [String]
    /// The Service signs its AuthnRequests; MPass requires it, so the default is true.
    public var authnRequestsSigned: Bool
    public var wantAssertionsSigned: Bool
    public var validUntil: Date?

    public init(entityID: String, signingCertificate: Certificate, assertionConsumerServiceURL: String,
                singleLogoutServices: [MetadataEndpoint] = [], nameIDFormats: [String] = [],
                authnRequestsSigned: Bool = true, wantAssertionsSigned: Bool = true, validUntil: Date? = nil) {
        self.entityID = entityID
        self.signingCertificate = signingCertificate
        self.assertionConsumerServiceURL = assertionConsumerServiceURL
        self.singleLogoutServices = singleLogoutServices
        self.nameIDFormats = nameIDFormats
        self.authnRequestsSigned = authnRequestsSigned
        self.wantAssertionsSigned = wantAssertionsSigned
        self.validUntil = validUntil
    }

    /// The layout of the official .NET MPass library: ACS at `/mpass-login`, MPass's
    /// LogoutRequest at `/mpass-slo`, MPass's LogoutResponse at `/mpass-logout`, all HTTP-POST.
    public static func officialLibraryLayout(entityID: String, serviceRoot: String,
                                             signingCertificate: Certificate) -> ServiceProviderMetadata {
        let root = serviceRoot.hasSuffix("/") ? String(serviceRoot.dropLast()) : serviceRoot
        return ServiceProviderMetadata(
            entityID: entityID, signingCertificate: signingCertificate,
            assertionConsumerServiceURL: root + "/mpass-login",
            singleLogoutServices: [MetadataEndpoint(binding: .post, location: root + "/mpass-slo",
                                                    responseLocation: root + "/mpass-logout")])
    }

    /// `mpass-harness metadata sp`: the official library's layout under `serviceRoot`, signed
    /// by `identity` (whose certificate it publishes), as text.
    public static func signedOfficialLibraryLayout(entityID: String, serviceRoot: String, identity: SigningIdentity,
                                                   wantAssertionsSigned: Bool,
                                                   id: String = SAMLIdentifier.make()) throws(HarnessError) -> String {
        var metadata = officialLibraryLayout(entityID: entityID, serviceRoot: serviceRoot, signingCertificate: identity.certificate)
        metadata.wantAssertionsSigned = wantAssertionsSigned
        return try metadata.signedDocument(id: id, identity: identity).serializedString()
    }

    /// The unsigned document; `id` is the EntityDescriptor's `ID` (injected, so output is reproducible).
    public func makeDocument(id: String) throws(HarnessError) -> XMLDocument {
        guard !entityID.isEmpty else { throw HarnessError(.xmlInvalidValue, "the entityID (the Service's Issuer) is empty; give the Issuer the Service is registered with at MPass") }
        guard !assertionConsumerServiceURL.isEmpty else {
            throw HarnessError(.xmlInvalidValue, "the AssertionConsumerService URL is empty; give the URL where MPass posts its Response")
        }
        let document = try XMLDocument(root: "EntityDescriptor", namespace: .md)
        let root = document.root
        root.setAttribute("entityID", entityID)
        try root.setEntityIdentity(id: id, validUntil: validUntil)

        // Metadata 2.4.4: SPSSODescriptor; children in schema order (2.4.2, 2.4.1):
        // KeyDescriptor*, SingleLogoutService*, NameIDFormat*, AssertionConsumerService+.
        let descriptor = root.addChild("SPSSODescriptor", .md)
        descriptor.setAttribute("AuthnRequestsSigned", authnRequestsSigned ? "true" : "false")
        descriptor.setAttribute("WantAssertionsSigned", wantAssertionsSigned ? "true" : "false")
        descriptor.setAttribute("protocolSupportEnumeration", MetadataURI.samlProtocol)
        descriptor.addSigningKeyDescriptor(signingCertificate)
        for endpoint in singleLogoutServices {
            endpoint.write("SingleLogoutService", under: descriptor)
        }
        for format in nameIDFormats {
            descriptor.addChild("NameIDFormat", .md, text: format)
        }
        let acs = MetadataEndpoint(binding: .post, location: assertionConsumerServiceURL)
            .write("AssertionConsumerService", under: descriptor)
        acs.setAttribute("index", "0")
        acs.setAttribute("isDefault", "true")
        return document
    }

    /// The document signed with `identity` (enveloped; the Signature is the first child of
    /// EntityDescriptor, which has no Issuer — Metadata 2.3.2).
    public func signedDocument(id: String, identity: SigningIdentity) throws(HarnessError) -> XMLDocument {
        let document = try makeDocument(id: id)
        try XMLSigner(identity: identity).sign(document.root)
        return document
    }
}
