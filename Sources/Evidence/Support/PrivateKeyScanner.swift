/// Finds PEM private key blocks in text: `-----BEGIN … PRIVATE KEY-----` in every flavour
/// (PKCS#8, `ENCRYPTED`, `RSA`, `EC`, `DSA`, `OPENSSH`), up to the matching END line, or to
/// the end of the text when the block was cut off — a truncated key is still a key.
///
/// Scanned by hand rather than with a regular expression: bodies can be large, and the rule
/// is simple enough to state exactly.
enum PrivateKeyScanner {
    private static let begin = "-----BEGIN "
    private static let dashes = "-----"

    static func containsPrivateKey(_ text: String) -> Bool {
        firstBlock(in: text[...]) != nil
    }

    /// `text` with every private key block replaced by `replacement`.
    static func redact(_ text: String, replacement: String) -> String {
        guard text.contains(begin) else { return text }
        var output = ""
        var rest = text[...]
        while let block = firstBlock(in: rest) {
            output += rest[..<block.lowerBound]
            output += replacement
            rest = rest[block.upperBound...]
        }
        return output + rest
    }

    /// The range of the first private key block in `text`.
    private static func firstBlock(in text: Substring) -> Range<Substring.Index>? {
        var searchFrom = text.startIndex
        while let start = text[searchFrom...].range(of: begin) {
            // The label runs to the next "-----" on the same line.
            guard let labelEnd = text[start.upperBound...].range(of: dashes) else { return nil }
            let label = text[start.upperBound..<labelEnd.lowerBound]
            if label.hasSuffix("PRIVATE KEY") && !label.contains("\n") {
                let endMarker = "-----END \(label)-----"
                if let end = text[labelEnd.upperBound...].range(of: endMarker) {
                    return start.lowerBound..<end.upperBound
                }
                return start.lowerBound..<text.endIndex
            }
            searchFrom = labelEnd.upperBound
        }
        return nil
    }
}
