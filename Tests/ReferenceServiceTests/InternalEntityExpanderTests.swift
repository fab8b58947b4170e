import Foundation
@testable import ReferenceService
import Testing

/// The `expandInternalEntities` weakness reads a DOCTYPE as a DTD-processing parser does,
/// and no further: internal entities only, bounded, nothing loaded.
@Suite struct InternalEntityExpanderTests {
    static func expand(_ text: String) -> String {
        String(decoding: InternalEntityExpander.expand(Data(text.utf8)), as: UTF8.self)
    }

    @Test func anInternalEntityIsSubstitutedAndTheDoctypeConsumed() {
        let input = """
            <?xml version="1.0"?>
            <!DOCTYPE r [
            <!ENTITY idnp "2001234567890">
            <!ATTLIST a ID ID #IMPLIED>
            ]><r><n>&idnp;</n></r>
            """
        #expect(Self.expand(input) == "<?xml version=\"1.0\"?>\n<r><n>2001234567890</n></r>")
    }

    @Test func nestedEntitiesAndSingleQuotesAreExpanded() {
        let input = "<!DOCTYPE r [<!ENTITY a 'x'><!ENTITY b \"&a;&a;\">]><r>&b;</r>"
        #expect(Self.expand(input) == "<r>xx</r>")
    }

    /// Billion laughs passes the 1 MB bound: the document is left as it came, for the safe
    /// parser to refuse.
    @Test func expansionPastTheBoundLeavesTheDocumentUntouched() {
        var subset = "<!ENTITY l0 \"lol\">"
        for level in 1...9 { subset += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">" }
        let input = "<!DOCTYPE r [\(subset)]><r>&l9;</r>"
        #expect(Self.expand(input) == input)
    }

    /// External and parameter entities are not internal: their references stay, and nothing
    /// is read.
    @Test func externalAndParameterEntitiesAreNotExpanded() {
        let input = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\"><!ENTITY % p \"x\">]><r>&xxe;</r>"
        #expect(Self.expand(input) == "<r>&xxe;</r>")
    }

    @Test func aDocumentWithoutDoctypeIsUnchanged() {
        let input = "<r>&amp;<n>2001234567890</n></r>"
        #expect(Self.expand(input) == input)
        #expect(Self.expand("<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/x.dtd\"><r/>") == "<r/>")
    }
}
