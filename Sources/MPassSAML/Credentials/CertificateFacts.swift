import Foundation

/// The facts of a certificate a person checks before registering it with AGE or trusting it
/// (`keys show`, `keys generate`): one aligned line each for subject, issuer, serial (as AGE
/// asks for it), validity with the days left, key, key usage and both fingerprints.
public enum CertificateFacts {
    /// The facts at `now`. Validity ends in "(N days left)", "(EXPIRED N days ago)" or
    /// "(NOT YET VALID)" before notBefore.
    public static func text(_ certificate: Certificate, now: Date) -> String {
        let days = certificate.daysLeft(at: now)
        let state = days < 0 ? "EXPIRED \(-days) days ago" : (now < certificate.notBefore ? "NOT YET VALID" : "\(days) days left")
        return """
              subject       \(certificate.subject)
              issuer        \(certificate.issuer)
              serial        \(certificate.serialHex)
              valid         \(SAMLTime.format(certificate.notBefore)) to \(SAMLTime.format(certificate.notAfter)) (\(state))
              key           \(certificate.keyAlgorithm)
              key usage     \(certificate.keyUsage?.joined(separator: ", ") ?? "not restricted")
              SHA-1         \(certificate.sha1Fingerprint)
              SHA-256       \(certificate.sha256Fingerprint)
            """
    }
}
