import Foundation
import HTTPTypes
import MPassSAML

/// The metadata endpoint: MPass's IdP metadata, signed, in MPass's layout.
extension MPassSimulator {
    func metadata() -> SimulatorResponse {
        do {
            let metadata = IdentityProviderMetadata.mpassLayout(entityID: configuration.issuer, baseURL: configuration.baseURL.absoluteString,
                                                                signingCertificate: configuration.identity.certificate)
            let xml = try metadata.signedDocument(id: SAMLIdentifier.make(), identity: configuration.identity).serializedString()
            return SimulatorResponse(status: 200, headers: [.contentType: "application/samlmetadata+xml; charset=utf-8"], body: xml)
        } catch {
            return refuse("The simulator failed to build its metadata", ["\(error)"])
        }
    }

    /// The simulator's metadata document (for `simulator metadata`).
    public func metadataXML() -> String { metadata().body }
}
