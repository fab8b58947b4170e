/// One name/value pair of a form submission or a query string, in order.
public struct FormField: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public init(name: String, value: String) {
        self.init(name, value)
    }
}

extension Array where Element == FormField {
    /// The first value named `name`.
    public subscript(name: String) -> String? {
        first { $0.name == name }?.value
    }
}
