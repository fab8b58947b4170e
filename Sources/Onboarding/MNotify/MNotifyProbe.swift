internal import CXMLSec
import Foundation
import MPassSAML
#if canImport(Glibc)
import Glibc
#endif

/// `mpass-harness mnotify check`: one mutual-TLS handshake with MNotify's API endpoint, the
/// system certificate presented, and no HTTP request at all (so no notification can be sent).
///
/// OpenSSL (through CXMLSec) rather than the TLS stack of the HTTP client, because only
/// OpenSSL's certificate callback says whether the server asked for a client certificate,
/// which is half of what a beneficiary needs to know. Blocking I/O with timeouts: callers
/// run it off their executor.
public struct MNotifyProbe: Sendable {
    public var endpoint: URL
    /// The system certificate and key; nil connects without one (to see what the server says).
    public var identity: SigningIdentity?
    /// Trust these for the server instead of the system's trust store (a test server's, or an
    /// AGE CA not in the system store).
    public var trustedCertificates: [Certificate]
    public var timeout: TimeInterval
    /// How long to wait after the handshake for the server's verdict on the client certificate.
    /// In TLS 1.3 the client finishes its handshake before the server has checked the
    /// certificate; a refusal then comes as an alert.
    public var verdictWait: TimeInterval

    public init(endpoint: URL = GovernmentEndpoints.mnotifyStaging, identity: SigningIdentity?, trustedCertificates: [Certificate] = [],
                timeout: TimeInterval = 10, verdictWait: TimeInterval = 1.5) throws(OnboardingError) {
        if let refusal = GovernmentEndpoints.refusal(endpoint.absoluteString, what: "MNotify endpoint") {
            throw OnboardingError(.productionRefused, refusal)
        }
        guard endpoint.scheme?.lowercased() == "https", endpoint.host != nil else {
            throw OnboardingError(.connectionFailed, "the MNotify endpoint \(endpoint.absoluteString) is not an https URL; MNotify's API is https://mnotify.staging.egov.md:8443/api/")
        }
        let isStaging = endpoint.host?.lowercased() == GovernmentEndpoints.mnotifyStaging.host
        guard isStaging || NetworkAddress.isLoopbackURL(endpoint) else {
            throw OnboardingError(.notLoopback,
                "the MNotify endpoint \(endpoint.absoluteString) is neither MNotify staging nor on this machine; another endpoint exists only for a test server on loopback")
        }
        self.endpoint = endpoint
        self.identity = identity
        self.trustedCertificates = trustedCertificates
        self.timeout = timeout
        self.verdictWait = verdictWait
    }

    private func item(_ id: String, _ subject: String, _ status: PreflightStatus, _ detail: String, fix: String? = nil) -> PreflightItem {
        PreflightItem(id, .mnotify, subject: subject, status: status, detail: detail, fix: fix)
    }

    /// `run()` on a thread of its own: its socket waits must not hold one of the few threads
    /// of Swift's cooperative pool (two on a two-core machine).
    public func runOffPool() async -> MNotifyReadiness {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.run()) }
        }
    }

    public func run() -> MNotifyReadiness {
        let host = endpoint.host ?? ""
        let port = endpoint.port ?? 443
        var readiness = MNotifyReadiness(endpoint: endpoint.absoluteString, items: [], serverCertificate: nil,
                                         protocolVersion: nil, cipher: nil, acceptableIssuers: [])
        let later = ["mnotify.tls.handshake", "mnotify.tls.server-certificate", "mnotify.tls.client-certificate-requested",
                     "mnotify.tls.client-certificate-accepted"]

        let descriptor: Int32
        do {
            descriptor = try TCPConnection.open(host: host, port: port, timeout: timeout)
        } catch {
            readiness.items.append(item("mnotify.tls.connect", "\(host):\(port)", .fail, error.reason,
                fix: "check the address and this machine's network; MNotify accepts connections only from the IP addresses registered for your system (the MNotify form)"))
            readiness.items += later.map { item($0, "\(host):\(port)", .skip, "no connection") }
            return readiness
        }
        defer { close(descriptor) }
        readiness.items.append(item("mnotify.tls.connect", "\(host):\(port)", .pass, "TCP connection to \(host):\(port)"))
        handshake(on: descriptor, host: host, into: &readiness)
        return readiness
    }

    // MARK: TLS

    private func handshake(on descriptor: Int32, host: String, into readiness: inout MNotifyReadiness) {
        let subject = "\(host):\(endpoint.port ?? 443)"
        func fail(_ reason: String) {
            readiness.items.append(item("mnotify.tls.handshake", subject, .fail, reason))
        }
        guard let context = SSL_CTX_new(TLS_client_method()) else { return fail("OpenSSL could not make a TLS context: \(Self.errors())") }
        defer { SSL_CTX_free(context) }
        _ = CXMLSec_SSLCTXSetMinimumVersionTLS12(context)
        // Verification is judged and reported here, not enforced: the handshake goes on so
        // the rest can be seen, and the server certificate's trust is its own item.
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        if trustedCertificates.isEmpty {
            SSL_CTX_set_default_verify_paths(context)
        } else if let store = SSL_CTX_get_cert_store(context) {
            for certificate in trustedCertificates {
                guard let x509 = Self.x509(certificate) else { continue }
                X509_STORE_add_cert(store, x509)
                X509_free(x509)
            }
        }
        if let identity {
            guard let certificate = Self.x509(identity.certificate), let key = Self.privateKey(identity.privateKey) else {
                return fail("the system certificate could not be handed to OpenSSL: \(Self.errors())")
            }
            defer { X509_free(certificate); EVP_PKEY_free(key) }
            guard SSL_CTX_use_certificate(context, certificate) == 1, SSL_CTX_use_PrivateKey(context, key) == 1,
                  SSL_CTX_check_private_key(context) == 1 else {
                return fail("OpenSSL refused the system certificate or its key: \(Self.errors())")
            }
            // The chain goes too: the server may know only STISC's root.
            for issuer in identity.chain {
                guard let x509 = Self.x509(issuer) else { continue }
                _ = CXMLSec_SSLCTXAddChainCertificate(context, x509)
                X509_free(x509)
            }
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

        guard let ssl = SSL_new(context) else { return fail("OpenSSL could not make a TLS session: \(Self.errors())") }
        defer { SSL_free(ssl) }
        if NetworkAddress.family(of: host) == nil {
            _ = CXMLSec_SSLSetHostName(ssl, host)
            SSL_set1_host(ssl, host)
        } else {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        }
        SSL_set_fd(ssl, descriptor)
        Self.clearErrors()

        let connected = SSL_connect(ssl) == 1
        let handshakeError = connected ? "" : Self.errors()
        let askedForCertificate = requested.pointee == 1
        readiness.acceptableIssuers = Self.names(SSL_get_client_CA_list(ssl))

        guard connected else {
            recordServerCertificate(ssl, subject: subject, into: &readiness)
            fail("the TLS handshake failed: \(handshakeError.isEmpty ? "the server closed the connection" : handshakeError)")
            readiness.items.append(requestedItem(askedForCertificate, subject: subject, readiness: readiness))
            // TLS 1.2 servers refuse a client certificate inside the handshake.
            readiness.items.append(askedForCertificate
                ? refusedItem(handshakeError, subject: subject)
                : item("mnotify.tls.client-certificate-accepted", subject, .skip, "the handshake failed before any client certificate was asked for"))
            return
        }
        readiness.protocolVersion = String(cString: SSL_get_version(ssl))
        readiness.cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) }
        readiness.items.append(item("mnotify.tls.handshake", subject, .pass,
                                    "\(readiness.protocolVersion ?? "TLS") with \(readiness.cipher ?? "an unknown cipher")"))
        recordServerCertificate(ssl, subject: subject, into: &readiness)
        readiness.items.append(requestedItem(askedForCertificate, subject: subject, readiness: readiness))
        guard askedForCertificate else {
            readiness.items.append(item("mnotify.tls.client-certificate-accepted", subject, .skip, "no client certificate was asked for"))
            return
        }
        guard identity != nil else {
            // Sent nothing; the server's answer to that is still worth showing.
            let verdict = awaitVerdict(ssl, descriptor: descriptor)
            readiness.items.append(item("mnotify.tls.client-certificate-accepted", subject, .fail,
                "no client certificate was sent\(verdict.map { ", and the server answered: \($0)" } ?? "")",
                fix: "give the system certificate with --cert (the .pfx STISC issued, password in MPASS_HARNESS_PASSWORD)"))
            return
        }
        if let refusal = awaitVerdict(ssl, descriptor: descriptor) {
            readiness.items.append(refusedItem(refusal, subject: subject))
        } else {
            readiness.items.append(item("mnotify.tls.client-certificate-accepted", subject, .pass,
                "the server accepted the certificate (serial \(identity!.certificate.serialHex)): no refusal within \(String(format: "%.1f", verdictWait)) s of the handshake; no request was sent"))
        }
        SSL_shutdown(ssl)
    }

    private func requestedItem(_ asked: Bool, subject: String, readiness: MNotifyReadiness) -> PreflightItem {
        guard asked else {
            return item("mnotify.tls.client-certificate-requested", subject, .fail,
                        "the server did not ask for a client certificate; MNotify authenticates systems by their certificate",
                        fix: "check that this is MNotify's API endpoint (staging: \(GovernmentEndpoints.mnotifyStaging.absoluteString))")
        }
        let issuers = readiness.acceptableIssuers.isEmpty ? "" : "; it accepts certificates issued by \(readiness.acceptableIssuers.joined(separator: " | "))"
        return item("mnotify.tls.client-certificate-requested", subject, .pass, "the server asked for a client certificate\(issuers)")
    }

    private func refusedItem(_ reason: String, subject: String) -> PreflightItem {
        let serial = identity.map { " (serial \($0.certificate.serialHex))" } ?? ""
        return item("mnotify.tls.client-certificate-accepted", subject, .fail,
                    "the server refused the client certificate\(serial): \(reason.isEmpty ? "the connection was closed" : reason)",
                    fix: "MNotify knows systems by their certificate's serial number: check that AGE registered this serial for MNotify, that it is the system certificate configured in MPass, and that it is the test certificate (not production's)")
    }

    /// Waits `verdictWait` for the server to refuse; nil when nothing came (accepted).
    private func awaitVerdict(_ ssl: OpaquePointer, descriptor: Int32) -> String? {
        TCPConnection.setReceiveTimeout(descriptor, seconds: verdictWait)
        var buffer = [UInt8](repeating: 0, count: 512)
        Self.clearErrors()
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
            let reason = Self.errors()
            return reason.isEmpty ? "the server closed the connection right after the handshake" : reason
        }
    }

    private func recordServerCertificate(_ ssl: OpaquePointer, subject: String, into readiness: inout MNotifyReadiness) {
        guard let peer = SSL_get1_peer_certificate(ssl) else {
            readiness.items.append(item("mnotify.tls.server-certificate", subject, .skip, "the server sent no certificate"))
            return
        }
        defer { X509_free(peer) }
        guard let certificate = Self.certificate(peer) else { return }
        readiness.serverCertificate = MNotifyReadiness.ServerCertificate(
            subject: certificate.subject, issuer: certificate.issuer, serial: certificate.serialHex,
            notBefore: SAMLTime.format(certificate.notBefore), notAfter: SAMLTime.format(certificate.notAfter),
            sha256: certificate.sha256Fingerprint)
        let facts = "\(certificate.subject), issued by \(certificate.issuer), valid \(SAMLTime.format(certificate.notBefore)) to \(SAMLTime.format(certificate.notAfter))"
        let result = SSL_get_verify_result(ssl)
        if result == Int(X509_V_OK) {
            readiness.items.append(item("mnotify.tls.server-certificate", subject, .pass, "\(facts); trusted"))
        } else {
            let why = String(cString: X509_verify_cert_error_string(result))
            readiness.items.append(item("mnotify.tls.server-certificate", subject, .warn, "\(facts); not trusted here: \(why)",
                fix: "your system's HTTP client must trust this server: add its issuing CA to the trust store (this check: --ca)"))
        }
    }

    // MARK: OpenSSL helpers

    /// A new X509 from a certificate's DER (the caller frees it).
    private static func x509(_ certificate: Certificate) -> OpaquePointer? {
        let bytes = [UInt8](certificate.derBytes)
        return bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
    }

    private static func certificate(_ x509: OpaquePointer) -> Certificate? {
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(x509, &buffer)
        guard length > 0, let buffer else { return nil }
        defer { CXMLSec_OPENSSL_free(buffer) }
        return try? Certificate(derEncoded: Data(bytes: buffer, count: Int(length)))
    }

    /// The key handed over in memory as PKCS#8 (never written anywhere); the caller frees it.
    private static func privateKey(_ key: PrivateKey) -> OpaquePointer? {
        guard let pem = try? key.pkcs8PEM() else { return nil }
        var bytes = Array(pem.utf8)
        defer { for index in bytes.indices { bytes[index] = 0 } }
        guard let bio = BIO_new_mem_buf(bytes, Int32(bytes.count)) else { return nil }
        defer { BIO_free(bio) }
        return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
    }

    private static func names(_ stack: OpaquePointer?) -> [String] {
        (0..<CXMLSec_X509NameStackCount(stack)).compactMap { index in
            guard let name = CXMLSec_X509NameStackValue(stack, index),
                  let line = X509_NAME_oneline(name, nil, 0) else { return nil }
            defer { CXMLSec_OPENSSL_free(line) }
            return String(cString: line)
        }
    }

    private static func clearErrors() { ERR_clear_error() }

    /// OpenSSL's error queue as one line, emptied.
    private static func errors() -> String {
        var parts: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "; ")
    }
}
