/// The one form and query codec: `application/x-www-form-urlencoded` as the WHATWG URL
/// standard defines it (section 5, the form posts browsers make), the RFC 3986 percent-encoding
/// SAML's HTTP-Redirect binding signs, and the raw split that keeps the received octets.
///
/// Done by hand on bytes, not with Foundation's URL types: they normalise (re-encode, change
/// the case of escapes), and the Redirect binding's signature covers the exact octets received
/// (SAML Bindings 3.4.4.1), so the raw text must survive. Where `+` means a space is the
/// caller's choice: form bodies (`plusAsSpace: true`, the default) yes; RFC 3986 queries no.
public enum FormURLEncoding {
    // MARK: Serialising

    /// The urlencoded serializer: each field's name and value through `component`, joined
    /// as `name=value` with `&`.
    public static func encode(_ fields: [FormField], component: (String) -> String = encodeComponent) -> String {
        fields.map { component($0.name) + "=" + component($0.value) }.joined(separator: "&")
    }

    /// The urlencoded byte serializer (WHATWG): `*-._` and ASCII alphanumerics stay, space
    /// becomes `+`, every other byte of the UTF-8 form becomes `%XX`.
    public static func encodeComponent(_ string: String) -> String {
        escape(string) { byte in
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"): true
            default: isAlphanumeric(byte)
            }
        } space: { "+" }
    }

    /// RFC 3986 percent-encoding: the unreserved characters (ALPHA / DIGIT / "-" / "." / "_" /
    /// "~", section 2.3) stay, every other byte becomes `%XX` with uppercase hex (2.1
    /// recommends it). `+`, `/` and `=` of base64 are therefore always escaped.
    public static func percentEncode(_ string: String) -> String {
        escape(string) { byte in
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
            default: isAlphanumeric(byte)
            }
        } space: { "%20" }
    }

    // MARK: Parsing

    /// Splits a query or form body on `&`, each pair on its first `=`, keeping both sides
    /// exactly as received (still percent-encoded). Empty segments (`a=1&&b=2`) are dropped;
    /// a name without `=` gets an empty value.
    public static func rawPairs<S: StringProtocol>(_ text: S) -> [FormField] {
        Substring(text).split(separator: "&", omittingEmptySubsequences: true).map { segment in
            let (name, value) = splitPair(segment)
            return FormField(String(name), String(value ?? ""))
        }
    }

    /// The urlencoded parser (WHATWG): `rawPairs`, then each side through `decodeComponent`.
    public static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool = true) -> [FormField] {
        rawPairs(text).map { FormField(decodeComponent($0.name, plusAsSpace: plusAsSpace),
                                       decodeComponent($0.value, plusAsSpace: plusAsSpace)) }
    }

    /// Percent-decoding as the WHATWG parser does it: `%XX` (either case of hex) is a byte, a
    /// `%` without two hex digits is kept as written, `+` is a space when `plusAsSpace`; bytes
    /// that are not UTF-8 become U+FFFD.
    public static func decodeComponent<S: StringProtocol>(_ component: S, plusAsSpace: Bool = true) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var rest = Array(component.utf8)[...]
        while let byte = rest.popFirst() {
            if byte == UInt8(ascii: "+"), plusAsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), rest.count >= 2,
                      let high = hexValue(rest[rest.startIndex]), let low = hexValue(rest[rest.startIndex + 1]) {
                bytes.append(high << 4 | low)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A `%` not followed by two hex digits, found by `strictPercentDecode`.
    public struct MalformedEscape: Error, Sendable, Equatable {
        public init(offset: Int, text: String) {
            self.offset = offset
            self.text = text
        }

        /// The byte offset of the `%`.
        public let offset: Int
        /// The escape as written (the `%` and up to two bytes after it).
        public let text: String
    }

    /// Percent-decoding that refuses a malformed escape instead of keeping it: for signed
    /// bytes, where guessing would change what was signed. `+` is a space when `plusAsSpace`.
    public static func strictPercentDecode<S: StringProtocol>(_ raw: S, plusAsSpace: Bool) throws(MalformedEscape) -> [UInt8] {
        let bytes = Array(raw.utf8)
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw MalformedEscape(offset: index, text: String(decoding: bytes[index..<min(index + 3, bytes.count)], as: UTF8.self))
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte == UInt8(ascii: "+") && plusAsSpace ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return output
    }

    // MARK: Rewriting

    /// Rewrites a form body or query pair by pair, keeping every other byte (empty segments
    /// included): `rewrite` gets the raw name and the raw value (nil without `=`) and returns
    /// the segment's new text, or nil to keep it as it came.
    public static func rewritingPairs(_ text: String, _ rewrite: (_ rawName: Substring, _ rawValue: Substring?) -> String?) -> String {
        text.split(separator: "&", omittingEmptySubsequences: false).map { segment in
            let (name, value) = splitPair(segment)
            return rewrite(name, value) ?? String(segment)
        }.joined(separator: "&")
    }

    // MARK: Bytes

    private static func splitPair(_ segment: Substring) -> (name: Substring, value: Substring?) {
        guard let equals = segment.firstIndex(of: "=") else { return (segment, nil) }
        return (segment[..<equals], segment[segment.index(after: equals)...])
    }

    private static func escape(_ string: String, keeping: (UInt8) -> Bool, space: () -> String) -> String {
        var output = ""
        output.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if keeping(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else if byte == UInt8(ascii: " ") {
                output.append(space())
            } else {
                output.append("%")
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
