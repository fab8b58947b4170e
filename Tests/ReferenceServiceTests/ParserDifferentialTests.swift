import Foundation
@testable import ReferenceService
import Testing

/// The two readings of `readIdentityWithSecondParser`: the verifying one follows XML 1.0 in
/// the internal subset (a literal is text, 2.3; the first entity declaration binds, 4.2),
/// the identity one does not (declarations taken from quoted text, the last winning; the
/// Assertion found by local name in any namespace).
@Suite struct ParserDifferentialTests {
    static func verifying(_ text: String) -> String {
        String(decoding: ParserDifferential.verifyingReading(Data(text.utf8)), as: UTF8.self)
    }

    static let saml = "urn:oasis:names:tc:SAML:2.0:assertion"

    @Test func aDeclarationInsideAQuotedLiteralIsTextToTheVerifierAndADeclarationToTheSecondReader() {
        let input = """
            <!DOCTYPE r [
            <!ENTITY idnp "genuine">
            <!ENTITY note '<!ENTITY idnp "attacker">'>
            ]><r xmlns:s="\(Self.saml)"><s:Assertion><s:NameID>&idnp;</s:NameID></s:Assertion></r>
            """
        #expect(Self.verifying(input) == "<r xmlns:s=\"\(Self.saml)\"><s:Assertion><s:NameID>genuine</s:NameID></s:Assertion></r>")
        #expect(ParserDifferential.identity(in: Data(input.utf8)) == "attacker")
    }

    @Test func theFirstDeclarationBindsForTheVerifier() {
        let input = "<!DOCTYPE r [<!ENTITY a 'first'><!ENTITY a 'second'>]><r>&a;</r>"
        #expect(Self.verifying(input) == "<r>first</r>")
    }

    @Test func aClosingBracketInsideALiteralDoesNotEndTheDoctype() {
        let input = "<!DOCTYPE r [<!ENTITY a ']>'><!ENTITY b 'x'>]><r>&b;</r>"
        #expect(Self.verifying(input) == "<r>x</r>")
    }

    @Test func theSecondReaderTakesTheFirstAssertionWhateverItsNamespace() {
        let input = """
            <p:Response xmlns:p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:s="\(Self.saml)">\
            <Assertion xmlns=""><Subject><NameID>attacker</NameID></Subject></Assertion>\
            <s:Assertion><s:Subject><s:NameID>genuine</s:NameID></s:Subject></s:Assertion></p:Response>
            """
        #expect(ParserDifferential.identity(in: Data(input.utf8)) == "attacker")
        // Without a DOCTYPE the verifying reading is the message itself.
        #expect(Self.verifying(input) == input)
    }

    @Test func anExternalEntityStaysUnexpandedForBothReadings() {
        let input = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r><NameID>&x;</NameID></r>"
        #expect(Self.verifying(input) == "<r><NameID>&x;</NameID></r>")
        #expect(ParserDifferential.identity(in: Data(input.utf8)) == nil)
    }
}
