/// `application/x-www-form-urlencoded`, as the WHATWG URL standard defines it
/// (§5 "application/x-www-form-urlencoded") and browsers apply to form posts.
///
/// Getting this exactly right matters for SAML: a base64 `SAMLResponse`
/// contains `+`, `/` and `=`, which must travel as `%2B`, `%2F`, `%3D`; a `+`
/// left raw would arrive as a space.
public enum FormURLEncoding {
    public static func encode(_ fields: [FormField]) -> String {
        fields.map { encodeComponent($0.name) + "=" + encodeComponent($0.value) }
            .joined(separator: "&")
    }

    /// The urlencoded byte serializer: `*-._` and ASCII alphanumerics stay,
    /// space becomes `+`, every other byte of the UTF-8 form becomes `%XX`.
    public static func encodeComponent(_ string: String) -> String {
        var output = ""
        output.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output.append("+")
            default:
                output.append("%")
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return output
    }

    /// The urlencoded parser: split on `&`, first `=` separates name from value,
    /// `+` is a space, `%XX` a byte; bad escapes are kept as written.
    public static func decode(_ query: String) -> [FormField] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return FormField(
                    decodeComponent(pair[..<equals]),
                    decodeComponent(pair[pair.index(after: equals)...])
                )
            }
            return FormField(decodeComponent(pair), "")
        }
    }

    public static func decodeComponent<S: StringProtocol>(_ component: S) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = Array(component.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                      let high = hexValue(iterator[iterator.startIndex]),
                      let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
