import Vocabulary

/// A pinned SHA-256 certificate fingerprint, parsed from the forms people paste:
/// `AB:CD:…` (openssl, browsers), `abcd…`, with spaces, or openssl's whole line
/// `sha256 Fingerprint=AB:CD:…`. Compared as bytes, so the form never matters.
public struct SHA256Fingerprint: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ text: String) throws(HarnessError) {
        var body = Substring(text)
        if let equals = body.lastIndex(of: "=") { body = body[body.index(after: equals)...] }
        var digits: [UInt8] = []
        for character in body where !(character == ":" || character == " " || character == "-" || character.isWhitespace) {
            guard let value = character.hexDigitValue, character.isASCII else {
                throw HarnessError(.metadataBadFingerprint,
                    "the fingerprint \"\(text)\" contains \"\(character)\"; give 64 hex digits, with or without colons")
            }
            digits.append(UInt8(value))
        }
        guard digits.count == 64 else {
            throw HarnessError(.metadataBadFingerprint,
                "the fingerprint \"\(text)\" has \(digits.count) hex digits; a SHA-256 fingerprint has 64 (is it a SHA-1 fingerprint?)")
        }
        bytes = stride(from: 0, to: 64, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// The fingerprint of `certificate`.
    public init(of certificate: Certificate) {
        // Empty only if OpenSSL could not digest the certificate; an empty value then
        // matches no pin (a parsed pin always has 32 bytes), so it fails closed.
        bytes = (try? SHA256Fingerprint(certificate.sha256Fingerprint))?.bytes ?? []
    }

    /// `AB:CD:…`, uppercase, as MPass's documents print it.
    public var description: String {
        bytes.map { String($0, radix: 16, uppercase: true) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: ":")
    }

    /// True when `certificate` has this fingerprint.
    public func matches(_ certificate: Certificate) -> Bool {
        SHA256Fingerprint(of: certificate) == self
    }
}
