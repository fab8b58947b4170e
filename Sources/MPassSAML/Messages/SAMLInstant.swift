import Foundation

/// A time attribute as a message carries it: the text exactly as written, and its meaning
/// when it is a valid `xs:dateTime`. Keeping the text lets a check say "not UTC" or
/// "unparseable", and lets the simulator write deliberately wrong times.
public struct SAMLInstant: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let parsed: SAMLTime.Parsed?

    /// A correct UTC value.
    public init(_ date: Date) {
        self.text = SAMLTime.format(date)
        self.parsed = SAMLTime.parse(text)
    }

    /// Whatever text was found (or is to be written).
    public init(text: String) {
        self.text = text
        self.parsed = SAMLTime.parse(text)
    }

    public var date: Date? { parsed?.date }
    public var description: String { text }
}

extension XMLElement {
    func instant(_ name: String) -> SAMLInstant? { attribute(name).map(SAMLInstant.init(text:)) }

    func boolean(_ name: String) -> Bool? {
        switch attribute(name) {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    func setOptional(_ name: String, _ value: String?) {
        if let value { setAttribute(name, value) }
    }
}
