import Foundation
import Vocabulary

/// An IdP's metadata (SAML Metadata 2.0): MPass's as read from its metadata URL, or the
/// simulator's as generated here. One `md:EntityDescriptor` with an `md:IDPSSODescriptor`.
public struct IdentityProviderMetadata: Sendable {
    /// The IdP's entity ID, which is the Issuer of its messages (not its host name).
    public var entityID: String
    /// Certificates of `KeyDescriptor`s with `use="signing"` or no `use`.
    public var signingCertificates: [Certificate]
    public var singleSignOnServices: [MetadataEndpoint]
    public var singleLogoutServices: [MetadataEndpoint]
    public var nameIDFormats: [String]
    /// `WantAuthnRequestsSigned`; nil when the attribute is absent.
    public var wantAuthnRequestsSigned: Bool?
    public var validUntil: Date?

    public init(entityID: String, signingCertificates: [Certificate], singleSignOnServices: [MetadataEndpoint],
                singleLogoutServices: [MetadataEndpoint], nameIDFormats: [String] = [],
                wantAuthnRequestsSigned: Bool? = true, validUntil: Date? = nil) {
        self.entityID = entityID
        self.signingCertificates = signingCertificates
        self.singleSignOnServices = singleSignOnServices
        self.singleLogoutServices = singleLogoutServices
        self.nameIDFormats = nameIDFormats
        self.wantAuthnRequestsSigned = wantAuthnRequestsSigned
        self.validUntil = validUntil
    }

    /// MPass's URL layout under `baseURL` (`/login/saml`, `/logout/saml`), each over
    /// HTTP-POST and HTTP-Redirect: what the simulator publishes.
    public static func mpassLayout(entityID: String, baseURL: String, signingCertificate: Certificate) -> IdentityProviderMetadata {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let bindings: [HTTPBinding] = [.post, .redirect]
        return IdentityProviderMetadata(
            entityID: entityID, signingCertificates: [signingCertificate],
            singleSignOnServices: bindings.map { MetadataEndpoint(binding: $0, location: base + "/login/saml") },
            singleLogoutServices: bindings.map { MetadataEndpoint(binding: $0, location: base + "/logout/saml") })
    }

    /// The first SingleSignOnService for `binding`.
    public func singleSignOnService(for binding: HTTPBinding) -> MetadataEndpoint? {
        singleSignOnServices.first { $0.bindingURI == binding.uri }
    }

    /// The first SingleLogoutService for `binding`.
    public func singleLogoutService(for binding: HTTPBinding) -> MetadataEndpoint? {
        singleLogoutServices.first { $0.bindingURI == binding.uri }
    }

    /// The unsigned document; `id` is the EntityDescriptor's `ID`.
    public func makeDocument(id: String) throws(HarnessError) -> XMLDocument {
        guard !entityID.isEmpty else { throw HarnessError(.xmlInvalidValue, "the IdP entityID is empty") }
        guard !signingCertificates.isEmpty else {
            throw HarnessError(.xmlInvalidValue, "IdP metadata needs at least one signing certificate")
        }
        guard !singleSignOnServices.isEmpty else {
            throw HarnessError(.xmlInvalidValue, "IdP metadata needs at least one SingleSignOnService (Metadata 2.4.3)")
        }
        let document = try XMLDocument(root: "EntityDescriptor", namespace: .md)
        let root = document.root
        root.setAttribute("entityID", entityID)
        try root.setEntityIdentity(id: id, validUntil: validUntil)

        // Metadata 2.4.3: IDPSSODescriptor; children in schema order: KeyDescriptor*,
        // SingleLogoutService*, NameIDFormat*, SingleSignOnService+.
        let descriptor = root.addChild("IDPSSODescriptor", .md)
        if let wantAuthnRequestsSigned {
            descriptor.setAttribute("WantAuthnRequestsSigned", wantAuthnRequestsSigned ? "true" : "false")
        }
        descriptor.setAttribute("protocolSupportEnumeration", MetadataURI.samlProtocol)
        for certificate in signingCertificates { descriptor.addSigningKeyDescriptor(certificate) }
        for endpoint in singleLogoutServices { endpoint.write("SingleLogoutService", under: descriptor) }
        for format in nameIDFormats { descriptor.addChild("NameIDFormat", .md, text: format) }
        for endpoint in singleSignOnServices { endpoint.write("SingleSignOnService", under: descriptor) }
        return document
    }

    /// The document signed with `identity` (Signature first child of EntityDescriptor).
    public func signedDocument(id: String, identity: SigningIdentity) throws(HarnessError) -> XMLDocument {
        let document = try makeDocument(id: id)
        try XMLSigner(identity: identity).sign(document.root)
        return document
    }
}
