import Vocabulary

/// A private key with its certificate and the rest of the chain: what a Service (or the
/// simulated MPass) signs with.
public struct SigningIdentity: Sendable, CustomStringConvertible {
    public let privateKey: PrivateKey
    public let certificate: Certificate
    /// Certificates after the leaf (issuers), as the file carried them.
    public let chain: [Certificate]

    /// Pairs a key with its certificate; refuses a key that is not the certificate's.
    public init(privateKey: PrivateKey, certificate: Certificate, chain: [Certificate] = []) throws(HarnessError) {
        guard privateKey.matches(certificate) else {
            throw HarnessError(.credentialKeyMismatch,
                "the private key does not belong to the certificate \(certificate.subject) (serial \(certificate.serialHex)); give the key that was generated with this certificate's request")
        }
        self.privateKey = privateKey
        self.certificate = certificate
        self.chain = chain
    }

    public var description: String { "signing identity \(certificate)" }
}
