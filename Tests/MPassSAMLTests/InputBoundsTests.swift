import Foundation
import Testing
@testable import MPassSAML
import Vocabulary

/// Counts that libxml2 2.9.14 handles in quadratic time are refused by a byte scan before it
/// sees the document; namespace errors are fatal; KeyInfo carries the pinned certificate only.
@Suite struct InputBoundsTests {
    func refusal(_ text: String, limits: XMLParsingLimits = .default) -> HarnessError? {
        do {
            _ = try SafeXMLParser(limits: limits).parse(text)
            return nil
        } catch {
            return error
        }
    }

    static func element(attributes count: Int, prefix: String = "a") -> String {
        "<e " + (0..<count).map { "\(prefix)\($0)=\"v\"" }.joined(separator: " ") + "/>"
    }

    @Test func anElementWithTooManyAttributesIsRefusedBeforeParsing() throws {
        let error = refusal(Self.element(attributes: 257))
        #expect(error?.code == .xmlTooManyAttributes)
        #expect(error?.reason.contains("more than 256 attributes") == true)
        _ = try SafeXMLParser().parse(Self.element(attributes: 256))
        #expect(refusal(Self.element(attributes: 11), limits: XMLParsingLimits(maxAttributesPerElement: 10))?.code == .xmlTooManyAttributes)
    }

    /// The issue's document: one element with 355,000 attributes, 4.15 MB (under the 4 MiB
    /// limit's neighbourhood, so the size check alone does not stop it).
    @Test func theIssuesHostileElementIsRefusedByTheScan() {
        var text = "<e"
        text.reserveCapacity(4_200_000)
        for index in 0..<355_000 { text += " a\(index)=''" }
        text += "/>"
        let error = refusal(text, limits: XMLParsingLimits(maxBytes: 8 * 1024 * 1024))
        #expect(error?.code == .xmlTooManyAttributes)
    }

    @Test func anElementWithTooManyNamespaceDeclarationsIsRefused() throws {
        let many = "<e " + (0..<65).map { "xmlns:p\($0)=\"urn:x:\($0)\"" }.joined(separator: " ") + "/>"
        let error = refusal(many)
        #expect(error?.code == .xmlTooManyAttributes)
        #expect(error?.reason.contains("declares more than 64 namespaces") == true)
        _ = try SafeXMLParser().parse("<e " + (0..<64).map { "xmlns:p\($0)=\"urn:x:\($0)\"" }.joined(separator: " ") + "/>")
    }

    /// What the scan skips: attributes spelt inside comments, CDATA, processing instructions
    /// and quoted values are not attributes, and `>` inside a value does not end the tag.
    @Test func theScanCountsOnlyRealAttributes() throws {
        let crowd = (0..<300).map { "a\($0)=\"v\"" }.joined(separator: " ")
        _ = try SafeXMLParser().parse("<r><!-- <e \(crowd)/> --><![CDATA[<e \(crowd)/>]]><?pi \(crowd)?><e v='\(crowd.replacingOccurrences(of: "\"", with: ""))'/></r>")
        #expect(refusal("<r><e x='>' \(crowd)/></r>")?.code == .xmlTooManyAttributes)
    }

    /// Namespaces in XML 1.0 §3: a QName has at most one colon, and every prefix is declared.
    /// libxml2 only warns; the safe parser refuses.
    @Test(arguments: [
        #"<r xmlns:x:s="urn:a"/>"#,
        #"<u:r/>"#,
        #"<r u:a="1"/>"#,
        #"<r xmlns:xmlns="urn:a"/>"#,
    ])
    func namespaceErrorsAreFatal(text: String) {
        let error = refusal(text)
        #expect(error?.code == .xmlNamespaceError, "\(String(describing: error))")
        #expect(error?.reason.contains("Namespaces in XML") == true)
    }

    @Test func declaredPrefixesParse() throws {
        _ = try SafeXMLParser().parse(#"<s:r xmlns:s="urn:a" xmlns:t="urn:b" t:a="1"><t:c/></s:r>"#)
    }

    // MARK: KeyInfo

    /// A signed LogoutRequest whose KeyInfo gets `extra` more X509Certificate elements.
    static func signed(extraCertificates extra: Int) throws -> XMLDocument {
        let doc = try XMLDocument(root: "LogoutRequest", namespace: .samlp)
        doc.root.setAttribute("ID", "_keyinfo1")
        doc.root.addChild("Issuer", .saml, text: "idp")
        try XMLSigner(identity: TestIdentities.idp).sign(doc.root)
        var text = String(decoding: try doc.serialized(), as: UTF8.self)
        let other = TestIdentities.attacker.certificate.base64
        let more = String(repeating: "<ds:X509Certificate>\(other)</ds:X509Certificate>", count: extra)
        text = text.replacingOccurrences(of: "</ds:X509Data>", with: more + "</ds:X509Data>")
        return try SafeXMLParser().parse(text)
    }

    func keyInfoCheck(_ doc: XMLDocument) -> CheckResult? {
        SignatureVerifier(policy: .init(pinnedCertificates: [TestIdentities.idp.certificate]))
            .verify(doc.root, checks: SignatureCheckIDs(scope: "message")).checks.first { $0.id == SignatureCheckIDs(scope: "message").keyInfo }
    }

    @Test func thePinnedCertificateAlonePasses() throws {
        #expect(keyInfoCheck(try Self.signed(extraCertificates: 0))?.isFailure == false)
    }

    @Test func thePinnedCertificateWithAnotherFails() throws {
        let check = try #require(keyInfoCheck(try Self.signed(extraCertificates: 1)))
        #expect(check.isFailure)
        #expect(check.detail.contains("the pinned certificate and 1 other certificate"))
    }

    @Test func thePinnedCertificateWithTwoThousandOthersFails() throws {
        let check = try #require(keyInfoCheck(try Self.signed(extraCertificates: 2000)))
        #expect(check.isFailure)
        #expect(check.detail.contains("KeyInfo carries 2001 certificates"))
    }
}
