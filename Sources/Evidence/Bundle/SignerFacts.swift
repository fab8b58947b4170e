import MPassSAML

/// Who signed a bundle, as AGE reads it: subject, issuer, serial (hex, the number AGE has on
/// file), validity and fingerprint of the certificate the CMS signature names.
public struct SignerFacts: Sendable, Codable, Equatable {
    public var subject: String
    public var issuer: String
    /// Uppercase hex without separators.
    public var serialHex: String
    public var notBefore: String
    public var notAfter: String
    public var sha256Fingerprint: String

    public init(_ certificate: Certificate) {
        subject = certificate.subject
        issuer = certificate.issuer
        serialHex = certificate.serialHex
        notBefore = SAMLTime.format(certificate.notBefore)
        notAfter = SAMLTime.format(certificate.notAfter)
        sha256Fingerprint = certificate.sha256Fingerprint
    }

    /// A serial as people write it (`1c:1a:0d…`, `0x1C1A…`, leading zeros) reduced to the
    /// form `serialHex` uses, so that only the number is compared.
    public static func normalizeSerial(_ text: String) -> String {
        var hex = text.uppercased()
        if hex.hasPrefix("0X") { hex.removeFirst(2) }
        hex = hex.filter { $0.isHexDigit }
        let trimmed = hex.drop { $0 == "0" }
        return trimmed.isEmpty ? (hex.isEmpty ? "" : "0") : String(trimmed)
    }
}
