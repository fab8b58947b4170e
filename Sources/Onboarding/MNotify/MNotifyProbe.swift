import Foundation
import MPassSAML
import Vocabulary
#if canImport(Glibc)
import Glibc
#endif

/// `mpass-harness mnotify check`: one mutual-TLS handshake with MNotify's API endpoint, the
/// system certificate presented, and no HTTP request at all (so no notification can be sent).
///
/// OpenSSL (MPassSAML's `TLSClientHandshake`) rather than the TLS stack of the HTTP client,
/// because only OpenSSL's certificate callback says whether the server asked for a client
/// certificate, which is half of what a beneficiary needs to know. Blocking I/O with timeouts: callers
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
                timeout: TimeInterval = 10, verdictWait: TimeInterval = 1.5) throws(HarnessError) {
        if let refusal = GovernmentEndpoints.refusal(endpoint.absoluteString, what: "MNotify endpoint") {
            throw HarnessError(.onboardingProductionRefused, refusal)
        }
        guard endpoint.scheme?.lowercased() == "https", endpoint.host != nil else {
            throw HarnessError(.onboardingConnectionFailed, "the MNotify endpoint \(endpoint.absoluteString) is not an https URL; MNotify's API is https://mnotify.staging.egov.md:8443/api/")
        }
        try NetworkAddress.requireStagingOrLoopback(endpoint, stagingHost: GovernmentEndpoints.mnotifyStaging.host,
                                                    what: "the MNotify endpoint \(endpoint.absoluteString)", stagingName: "MNotify staging",
                                                    reason: "another endpoint exists only for a test server on loopback")
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
        let tls = TLSClientHandshake(host: host, isIPAddress: NetworkAddress.family(of: host) != nil, identity: identity,
                                     trustedCertificates: trustedCertificates, verdictWait: verdictWait)
        let outcome = tls.run(on: descriptor) { TCPConnection.setReceiveTimeout(descriptor, seconds: $0) }
        if let failure = outcome.setupFailure {
            readiness.items.append(item("mnotify.tls.handshake", subject, .fail, failure))
            return
        }
        readiness.acceptableIssuers = outcome.acceptableIssuers
        let askedForCertificate = outcome.askedForClientCertificate

        guard outcome.connected else {
            recordServerCertificate(outcome, subject: subject, into: &readiness)
            readiness.items.append(item("mnotify.tls.handshake", subject, .fail,
                "the TLS handshake failed: \(outcome.handshakeError.isEmpty ? "the server closed the connection" : outcome.handshakeError)"))
            readiness.items.append(requestedItem(askedForCertificate, subject: subject, readiness: readiness))
            // TLS 1.2 servers refuse a client certificate inside the handshake.
            readiness.items.append(askedForCertificate
                ? refusedItem(outcome.handshakeError, subject: subject)
                : item("mnotify.tls.client-certificate-accepted", subject, .skip, "the handshake failed before any client certificate was asked for"))
            return
        }
        readiness.protocolVersion = outcome.protocolVersion
        readiness.cipher = outcome.cipher
        readiness.items.append(item("mnotify.tls.handshake", subject, .pass,
                                    "\(readiness.protocolVersion ?? "TLS") with \(readiness.cipher ?? "an unknown cipher")"))
        recordServerCertificate(outcome, subject: subject, into: &readiness)
        readiness.items.append(requestedItem(askedForCertificate, subject: subject, readiness: readiness))
        guard askedForCertificate else {
            readiness.items.append(item("mnotify.tls.client-certificate-accepted", subject, .skip, "no client certificate was asked for"))
            return
        }
        guard let identity else {
            // Sent nothing; the server's answer to that is still worth showing.
            readiness.items.append(item("mnotify.tls.client-certificate-accepted", subject, .fail,
                "no client certificate was sent\(outcome.refusal.map { ", and the server answered: \($0)" } ?? "")",
                fix: "give the system certificate with --cert (the .pfx STISC issued, password in MPASS_HARNESS_PASSWORD)"))
            return
        }
        if let refusal = outcome.refusal {
            readiness.items.append(refusedItem(refusal, subject: subject))
        } else {
            readiness.items.append(item("mnotify.tls.client-certificate-accepted", subject, .pass,
                "the server accepted the certificate (serial \(identity.certificate.serialHex)): no refusal within \(String(format: "%.1f", verdictWait)) s of the handshake; no request was sent"))
        }
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

    private func recordServerCertificate(_ outcome: TLSClientHandshake.Outcome, subject: String, into readiness: inout MNotifyReadiness) {
        guard let certificate = outcome.serverCertificate else {
            readiness.items.append(item("mnotify.tls.server-certificate", subject, .skip, "the server sent no certificate"))
            return
        }
        readiness.serverCertificate = MNotifyReadiness.ServerCertificate(
            subject: certificate.subject, issuer: certificate.issuer, serial: certificate.serialHex,
            notBefore: SAMLTime.format(certificate.notBefore), notAfter: SAMLTime.format(certificate.notAfter),
            sha256: certificate.sha256Fingerprint)
        let facts = "\(certificate.subject), issued by \(certificate.issuer), valid \(SAMLTime.format(certificate.notBefore)) to \(SAMLTime.format(certificate.notAfter))"
        if let why = outcome.serverTrustFailure {
            readiness.items.append(item("mnotify.tls.server-certificate", subject, .warn, "\(facts); not trusted here: \(why)",
                fix: "your system's HTTP client must trust this server: add its issuing CA to the trust store (this check: --ca)"))
        } else {
            readiness.items.append(item("mnotify.tls.server-certificate", subject, .pass, "\(facts); trusted"))
        }
    }
}
