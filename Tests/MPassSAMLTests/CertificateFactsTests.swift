import Foundation
import Testing
import MPassSAML

/// `CertificateFacts`: what `keys show` prints for a certificate, one fact a line, the
/// validity counted in whole days from the time given.
@Suite struct CertificateFactsTests {
    static let notBefore = SAMLTime.parse("2026-11-21T10:00:00Z")!.date
    static let notAfter = SAMLTime.parse("2026-12-02T10:00:00Z")!.date
    static let certificate = try! TestCredentialFactory.make(.init(commonName: "facts test", notBefore: notBefore, notAfter: notAfter))
        .certificate

    private func line(_ label: String, at now: Date) -> String? {
        CertificateFacts.text(Self.certificate, now: now).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix(label + " ") }
    }

    @Test func validityCountsTheDaysLeft() {
        #expect(line("valid", at: testNow) == "valid         2026-11-21T10:00:00Z to 2026-12-02T10:00:00Z (10 days left)")
    }

    @Test func anExpiredCertificateSaysSince() {
        let now = Self.notAfter.addingTimeInterval(2 * 86_400)
        #expect(line("valid", at: now)?.hasSuffix("(EXPIRED 2 days ago)") == true)
    }

    @Test func aCertificateBeforeItsStartIsNotYetValid() {
        #expect(line("valid", at: Self.notBefore.addingTimeInterval(-60))?.hasSuffix("(NOT YET VALID)") == true)
    }

    @Test func theOtherFactsAreTheCertificateOwn() {
        let certificate = Self.certificate
        #expect(line("subject", at: testNow)?.contains("CN=facts test") == true)
        #expect(line("serial", at: testNow) == "serial        \(certificate.serialHex)")
        #expect(line("SHA-256", at: testNow) == "SHA-256       \(certificate.sha256Fingerprint)")
        #expect(line("SHA-1", at: testNow) == "SHA-1         \(certificate.sha1Fingerprint)")
        #expect(line("key", at: testNow) == "key           RSA 2048")
    }
}
