import Foundation
import MPassSAML

/// A system certificate as preflight found it: the certificate, the chain the file carried,
/// and whether its private key was there (and matched).
public struct LoadedCredential: Sendable {
    public enum Format: String, Sendable, Codable {
        case pkcs12 = "PKCS#12"
        case pem = "PEM"
        case der = "DER"
    }

    public let certificate: Certificate
    public let chain: [Certificate]
    public let format: Format
    /// True when the file (or its key file) held the private key and it belongs to the certificate.
    public let hasMatchingKey: Bool

    public init(certificate: Certificate, chain: [Certificate], format: Format, hasMatchingKey: Bool) {
        self.certificate = certificate
        self.chain = chain
        self.format = format
        self.hasMatchingKey = hasMatchingKey
    }
}
