import Foundation
import Vocabulary

/// Fixed URIs of SAML metadata.
enum MetadataURI {
    /// `protocolSupportEnumeration` value for SAML 2.0 (Metadata 2.4.1).
    static let samlProtocol = "urn:oasis:names:tc:SAML:2.0:protocol"
}

extension XMLElement {
    /// Writes `md:KeyDescriptor use="signing"` with `ds:KeyInfo/ds:X509Data/ds:X509Certificate`
    /// (Metadata 2.4.1.1), the certificate as one base64 line.
    func addSigningKeyDescriptor(_ certificate: Certificate) {
        let descriptor = addChild("KeyDescriptor", .md)
        descriptor.setAttribute("use", "signing")
        descriptor.addChild("KeyInfo", .ds)
            .addChild("X509Data", .ds)
            .addChild("X509Certificate", .ds, text: certificate.base64)
    }

    /// Sets `ID` and optional `validUntil` on an EntityDescriptor, refusing an ID that is not
    /// an NCName (a signature Reference `#id` could not name it).
    func setEntityIdentity(id: String, validUntil: Date?) throws(HarnessError) {
        guard let first = id.unicodeScalars.first,
              first == "_" || CharacterSet.letters.contains(first),
              !id.contains(where: { $0 == ":" || $0.isWhitespace }) else {
            throw HarnessError(.xmlInvalidValue, "the metadata ID \"\(id)\" is not an NCName; use \"_\" followed by a GUID")
        }
        setAttribute("ID", id)
        if let validUntil { setAttribute("validUntil", SAMLTime.format(validUntil)) }
    }
}
