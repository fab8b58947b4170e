/// What the safe parser accepts. Defaults suit SAML messages: a real MPass Response is a
/// few kilobytes and a dozen levels deep.
public struct XMLParsingLimits: Sendable, Equatable {
    /// Largest document accepted, in bytes, checked before libxml2 sees a byte.
    public var maxBytes: Int
    /// Deepest element nesting accepted (the root is depth 1). Counted while parsing, so
    /// a deeper document is refused at the first element past the limit. libxml2 caps
    /// nesting at 256 of its own accord; a larger value here acts as 256.
    public var maxDepth: Int
    /// Most attributes (namespace declarations included) on one element, counted by a byte
    /// scan before libxml2 sees the document: libxml2 2.9.14 takes time quadratic in this
    /// number. A SAML element carries under a dozen.
    public var maxAttributesPerElement: Int
    /// Most namespace declarations on one element (also quadratic in libxml2); a signed
    /// SAML Response declares two or three.
    public var maxNamespaceDeclarationsPerElement: Int

    public init(maxBytes: Int = 4 * 1024 * 1024, maxDepth: Int = 64,
                maxAttributesPerElement: Int = 256, maxNamespaceDeclarationsPerElement: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxNamespaceDeclarationsPerElement = maxNamespaceDeclarationsPerElement
    }

    public static let `default` = XMLParsingLimits()
}
