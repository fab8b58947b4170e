import Foundation
import HummingbirdTLS
import MPassSAML
import Vocabulary

/// The reference Service's HTTPS: a certificate given by path, or one made for the session
/// (self-signed for localhost and 127.0.0.1; the browser asks once to accept it).
public enum ServiceTLS {
    /// A TLS server configuration from an identity (certificate, chain, key). The key is
    /// handed to the TLS library in memory; nothing is written.
    public static func configuration(identity: SigningIdentity) throws(HarnessError) -> TLSConfiguration {
        do {
            let certificates = try ([identity.certificate] + identity.chain).map {
                try NIOSSLCertificate(bytes: Array($0.derBytes), format: .der)
            }
            // DER bytes wiped once NIOSSL has parsed its own copy (no PEM String left behind).
            let key = try identity.privateKey.withPKCS8DER { try NIOSSLPrivateKey(bytes: $0, format: .der) }
            return TLSConfiguration.makeServerConfiguration(certificateChain: certificates.map { .certificate($0) },
                                                            privateKey: .privateKey(key))
        } catch {
            throw HarnessError(.configurationBadValue, "the TLS certificate or key could not be used: \(error)")
        }
    }

    /// A certificate for `https://localhost`, valid for a week, made now.
    public static func sessionIdentity() throws(HarnessError) -> SigningIdentity {
        try TestCredentialFactory.make(.init(commonName: "localhost", notAfter: Date().addingTimeInterval(7 * 86_400),
                                             keyUsage: "critical,digitalSignature,keyEncipherment",
                                             subjectAlternativeNames: "DNS:localhost,IP:127.0.0.1,IP:::1"))
    }
}
