internal import CXMLSec
import Foundation

/// One TLS client handshake on a connected socket, with OpenSSL, and what it showed: whether
/// the server asked for a client certificate (only OpenSSL's certificate callback says so),
/// which issuers it accepts, its certificate and whether it is trusted here, and, after the
/// handshake, whether the server refused the certificate it was sent. No application data is
/// written. Blocking: run it off Swift's cooperative pool. Onboarding's MNotify check is the
/// caller; the TLS work is here so that only this module talks to OpenSSL.
///
/// The client certificate and key go to OpenSSL as the objects `Certificate` and `PrivateKey`
/// already own (each context takes its own reference): the key is never encoded, in PEM or
/// otherwise, on its way to the TLS stack.
package struct TLSClientHandshake {
    /// The host name for SNI and host-name checking, or an IP address literal.
    package var host: String
    package var isIPAddress: Bool
    /// The certificate (and chain) to present; nil presents none.
    package var identity: SigningIdentity?
    /// Trust these for the server; empty uses the system's trust store.
    package var trustedCertificates: [Certificate]
    /// How long to wait after the handshake for the server's verdict on the client certificate
    /// (in TLS 1.3 a refusal comes as an alert after the client has finished).
    package var verdictWait: TimeInterval

    package init(host: String, isIPAddress: Bool, identity: SigningIdentity?, trustedCertificates: [Certificate],
                 verdictWait: TimeInterval) {
        self.host = host
        self.isIPAddress = isIPAddress
        self.identity = identity
        self.trustedCertificates = trustedCertificates
        self.verdictWait = verdictWait
    }

    package struct Outcome: Sendable {
        /// Set when no handshake could be tried (OpenSSL refused the context, the session or
        /// the client certificate); nothing else is then known.
        package var setupFailure: String?
        package var connected = false
        /// OpenSSL's errors when the handshake failed; empty when it gave none (the server closed).
        package var handshakeError = ""
        package var askedForClientCertificate = false
        /// The issuer names of the server's CertificateRequest, one line each.
        package var acceptableIssuers: [String] = []
        package var protocolVersion: String?
        package var cipher: String?
        package var serverCertificate: Certificate?
        /// Nil when the server's certificate is trusted here; OpenSSL's reason otherwise.
        package var serverTrustFailure: String?
        /// After a successful handshake that asked for a client certificate: the server's
        /// refusal, when one came within `verdictWait`.
        package var refusal: String?
    }

    /// Runs the handshake on `descriptor` (connected, blocking). `setReceiveTimeout` is called
    /// with `verdictWait` before the wait for the server's verdict.
    package func run(on descriptor: Int32, setReceiveTimeout: (TimeInterval) -> Void) -> Outcome {
        var outcome = Outcome()
        do {
            try CLibraries.ensureInitialised()
        } catch {
            outcome.setupFailure = error.reason
            return outcome
        }
        defer { OpenSSLErrors.clear() }
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            outcome.setupFailure = "OpenSSL could not make a TLS context: \(OpenSSLErrors.drain())"
            return outcome
        }
        defer { SSL_CTX_free(context) }
        if let failure = configure(context) {
            outcome.setupFailure = failure
            return outcome
        }
        // The certificate callback runs on the client only when the server sends a
        // CertificateRequest: the one sure sign that a client certificate was asked for.
        let requested = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        requested.initialize(to: 0)
        defer { requested.deallocate() }
        SSL_CTX_set_cert_cb(context, { _, argument in
            argument?.assumingMemoryBound(to: Int32.self).pointee = 1
            return 1
        }, requested)

        guard let ssl = SSL_new(context) else {
            outcome.setupFailure = "OpenSSL could not make a TLS session: \(OpenSSLErrors.drain())"
            return outcome
        }
        defer { SSL_free(ssl) }
        if isIPAddress {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            _ = CXMLSec_SSLSetHostName(ssl, host)
            SSL_set1_host(ssl, host)
        }
        SSL_set_fd(ssl, descriptor)
        OpenSSLErrors.clear()

        outcome.connected = SSL_connect(ssl) == 1
        if !outcome.connected { outcome.handshakeError = OpenSSLErrors.drainEntries().joined(separator: "; ") }
        outcome.askedForClientCertificate = requested.pointee == 1
        outcome.acceptableIssuers = Self.names(SSL_get_client_CA_list(ssl))
        if let peer = SSL_get1_peer_certificate(ssl) {
            // SSL_get1_ gave us a reference: the Certificate owns it from here.
            outcome.serverCertificate = Certificate(takingOwnership: peer)
            let verification = SSL_get_verify_result(ssl)
            if verification != Int(X509_V_OK) {
                outcome.serverTrustFailure = String(cString: X509_verify_cert_error_string(verification))
            }
        }
        guard outcome.connected else { return outcome }
        outcome.protocolVersion = String(cString: SSL_get_version(ssl))
        outcome.cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
        guard outcome.askedForClientCertificate else { return outcome }
        setReceiveTimeout(verdictWait)
        outcome.refusal = awaitVerdict(ssl)
        if identity != nil { SSL_shutdown(ssl) }
        return outcome
    }

    /// Trust, minimum version and the client certificate; the failure's sentence, or nil.
    private func configure(_ context: OpaquePointer) -> String? {
        _ = CXMLSec_SSLCTXSetMinimumVersionTLS12(context)
        // Verification is judged and reported, not enforced: the handshake goes on so the
        // rest can be seen, and the server certificate's trust is its own finding.
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        if trustedCertificates.isEmpty {
            SSL_CTX_set_default_verify_paths(context)
        } else if let store = SSL_CTX_get_cert_store(context) {
            for certificate in trustedCertificates {
                // X509_STORE_add_cert takes its own reference.
                guard X509_STORE_add_cert(store, certificate.pointer) == 1 else {
                    return "OpenSSL refused the trusted certificate \(certificate.subject): \(OpenSSLErrors.drain())"
                }
            }
        }
        guard let identity else { return nil }
        // SSL_CTX_use_certificate / _PrivateKey / add1_chain_cert each take their own reference.
        guard SSL_CTX_use_certificate(context, identity.certificate.pointer) == 1,
              SSL_CTX_use_PrivateKey(context, identity.privateKey.pointer) == 1,
              SSL_CTX_check_private_key(context) == 1 else {
            return "OpenSSL refused the system certificate or its key: \(OpenSSLErrors.drain())"
        }
        // The chain goes too: the server may know only the issuing CA's root.
        for issuer in identity.chain where CXMLSec_SSLCTXAddChainCertificate(context, issuer.pointer) != 1 {
            return "OpenSSL refused the chain certificate \(issuer.subject): \(OpenSSLErrors.drain())"
        }
        return nil
    }

    /// Reads once, within the receive timeout, for the server's refusal; nil when none came.
    private func awaitVerdict(_ ssl: OpaquePointer) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        OpenSSLErrors.clear()
        let count = SSL_read(ssl, &buffer, Int32(buffer.count))
        if count > 0 { return nil } // the server spoke first (a banner): not a refusal
        let code = SSL_get_error(ssl, count)
        let savedErrno = errno
        switch code {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return nil
        case SSL_ERROR_SYSCALL where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK:
            return nil
        case SSL_ERROR_ZERO_RETURN:
            return "the server closed the connection right after the handshake"
        default:
            let reason = OpenSSLErrors.drainEntries().joined(separator: "; ")
            return reason.isEmpty ? "the server closed the connection right after the handshake" : reason
        }
    }

    private static func names(_ stack: OpaquePointer?) -> [String] {
        (0..<CXMLSec_X509NameStackCount(stack)).compactMap { index in
            guard let name = CXMLSec_X509NameStackValue(stack, index),
                  let line = X509_NAME_oneline(name, nil, 0) else { return nil }
            defer { CXMLSec_OPENSSL_free(line) }
            return String(cString: line)
        }
    }
}
