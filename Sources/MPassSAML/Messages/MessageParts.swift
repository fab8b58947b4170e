/// `saml2:NameID`.
public struct NameID: Sendable, Equatable {
    /// The whole text of the element (comments inside it do not cut it short).
    public var value: String
    public var format: String?
    public var nameQualifier: String?
    public var spNameQualifier: String?

    public init(_ value: String, format: String? = nil, nameQualifier: String? = nil, spNameQualifier: String? = nil) {
        self.value = value
        self.format = format
        self.nameQualifier = nameQualifier
        self.spNameQualifier = spNameQualifier
    }

    init(parsing element: XMLElement) {
        value = element.text
        format = element.attribute("Format")
        nameQualifier = element.attribute("NameQualifier")
        spNameQualifier = element.attribute("SPNameQualifier")
    }

    func write(into parent: XMLElement) {
        let element = parent.addChild("NameID", .saml, text: value)
        element.setOptional("Format", format)
        element.setOptional("NameQualifier", nameQualifier)
        element.setOptional("SPNameQualifier", spNameQualifier)
    }
}

/// `samlp:Status`: a top-level code, an optional nested second-level code, a message.
public struct Status: Sendable, Equatable {
    public var code: String?
    public var subcode: String?
    public var message: String?

    public init(code: String?, subcode: String? = nil, message: String? = nil) {
        self.code = code
        self.subcode = subcode
        self.message = message
    }

    public static let success = Status(code: SAMLURI.statusSuccess)

    public var isSuccess: Bool { code == SAMLURI.statusSuccess }

    /// `Requester / AuthnFailed: "the message"` for reports.
    public var summary: String {
        let short = { (uri: String) in uri.split(separator: ":").last.map(String.init) ?? uri }
        var text = code.map(short) ?? "no status code"
        if let subcode { text += " / \(short(subcode))" }
        if let message { text += ": \"\(message)\"" }
        return text
    }

    init(parsing element: XMLElement) {
        let top = element.child("StatusCode", .samlp)
        code = top?.attribute("Value")
        subcode = top?.child("StatusCode", .samlp)?.attribute("Value")
        message = element.child("StatusMessage", .samlp)?.text
    }

    func write(into parent: XMLElement) {
        let status = parent.addChild("Status", .samlp)
        let top = status.addChild("StatusCode", .samlp)
        top.setOptional("Value", code)
        if let subcode { top.addChild("StatusCode", .samlp).setAttribute("Value", subcode) }
        if let message { status.addChild("StatusMessage", .samlp, text: message) }
    }
}

/// An ID of the shape the official library makes: `_` and 32 hex digits (128 random bits).
public enum SAMLIdentifier {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return "_" + String(format: "%016llx%016llx", high, low)
    }

    /// True when `value` is an XML NCName (an ID cannot start with a digit or hold a colon).
    public static func isNCName(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first else { return false }
        func isStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c.value >= 0xC0 && c.properties.isAlphabetic)
        }
        guard isStart(first) else { return false }
        return value.unicodeScalars.dropFirst().allSatisfy { c in
            isStart(c) || c == "-" || c == "." || (c >= "0" && c <= "9") || c.value == 0xB7 || c.properties.isAlphabetic
        }
    }
}
