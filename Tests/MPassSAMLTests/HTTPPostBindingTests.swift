import HTTPTypes
import Foundation
import Testing
@testable import MPassSAML
import Vocabulary

@Suite struct HTTPPostBindingTests {
    let xml = Data("<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r1\">ă &amp; ok</saml2p:Response>".utf8)
    let acs = "https://localhost:5001/mpass-login"

    @Test(arguments: SAMLMessageField.allCases)
    func roundTripThroughFormBody(field: SAMLMessageField) throws {
        let form = try HTTPPostBinding.encode(xml, as: field, action: acs, relayState: "_req 1+2/3=?&")
        #expect(!form.encodedMessage.contains("\n"))
        #expect(form.fields.map(\.name) == [field.parameterName, "RelayState"])
        let decoded = try HTTPPostBinding.decode(formBody: form.formBody)
        #expect(decoded.field == field)
        #expect(decoded.xml == xml)
        #expect(decoded.relayState == "_req 1+2/3=?&")
        #expect(decoded.relayStateCheck.isPass)
    }

    @Test func roundTripWithoutRelayStateThroughFields() throws {
        let form = try HTTPPostBinding.encode(xml, as: .response, action: acs)
        #expect(form.relayState == nil)
        #expect(form.fields.count == 1)
        let decoded = try HTTPPostBinding.decode(fields: ["SAMLResponse": form.encodedMessage])
        #expect(decoded.xml == xml)
        #expect(decoded.relayState == nil)
        #expect(decoded.relayStateCheck.outcome == .notApplicable(why: "no RelayState"))
    }

    @Test func pageIsAnAutoSubmittingFormWithNoCachingHeaders() throws {
        let page = try HTTPPostBinding.encode(xml, as: .response, action: acs, relayState: "rs").page()
        #expect(page.html.contains("<form method=\"post\" action=\"https://localhost:5001/mpass-login\">"))
        #expect(page.html.contains("<input type=\"hidden\" name=\"SAMLResponse\" value=\"\(xml.base64EncodedString())\">"))
        #expect(page.html.contains("<input type=\"hidden\" name=\"RelayState\" value=\"rs\">"))
        #expect(page.html.contains("<noscript>"))
        #expect(page.html.contains("<input type=\"submit\""))
        #expect(page.html.contains("document.forms[0].submit()"))
        #expect(page.headers[HTTPField.Name("cache-control")!] == "no-cache, no-store")
        #expect(page.headers[HTTPField.Name("Pragma")!] == "no-cache")
        #expect(page.headers[.contentType] == "text/html; charset=utf-8")
    }

    @Test func pageEscapesAHostileRelayState() throws {
        let hostile = "\"><script>alert('x')</script>&"
        let page = try HTTPPostBinding.encode(xml, as: .response, action: acs, relayState: hostile).page()
        #expect(!page.html.contains("\"><script>"))
        #expect(page.html.contains("value=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\""))
        // The only script element is the page's own.
        #expect(page.html.components(separatedBy: "<script").count == 2)
    }

    @Test(arguments: ["javascript:alert(1)", "data:text/html,x", "/relative/acs", "https:///nohost", "https://sp.example/acs#frag"])
    func actionThatIsNotAnAbsoluteHTTPURLIsRefused(action: String) {
        #expect(throws: HarnessError(.bindingBadURL, "")) {
            try HTTPPostBinding.encode(xml, as: .response, action: action)
        }
    }

    @Test func relayStateOver80BytesIsRefused() throws {
        _ = try HTTPPostBinding.encode(xml, as: .request, action: acs, relayState: String(repeating: "a", count: 80))
        let error = #expect(throws: HarnessError(.bindingRelayStateTooLong, "")) {
            try HTTPPostBinding.encode(xml, as: .request, action: acs, relayState: String(repeating: "a", count: 81))
        }
        #expect(error?.reason.contains("81 bytes") == true)
        // Bytes, not characters: 41 × "ă" is 82 bytes of UTF-8.
        #expect(throws: HarnessError(.bindingRelayStateTooLong, "")) {
            try HTTPPostBinding.encode(xml, as: .request, action: acs, relayState: String(repeating: "ă", count: 41))
        }
    }

    @Test func receivedOverlongRelayStateIsAFailedCheckNotAnError() throws {
        let long = String(repeating: "r", count: 81)
        let decoded = try HTTPPostBinding.decode(fields: ["SAMLRequest": xml.base64EncodedString(), "RelayState": long])
        #expect(decoded.relayStateCheck.id == CheckID.bindingRelayStateLength)
        #expect(decoded.relayStateCheck.isFailure)
    }

    @Test func wrappedBase64AndPlusAsSpaceAreDecoded() throws {
        // Browsers and some IdPs wrap base64 at 76 columns; the body encodes CRLF as %0D%0A.
        let wrapped = xml.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        #expect(wrapped.contains("\r\n"))
        let body = "SAMLResponse=" + FormURLEncoding.percentEncode(wrapped) + "&RelayState=a+b%2Bc"
        let decoded = try HTTPPostBinding.decode(formBody: Data(body.utf8))
        #expect(decoded.xml == xml)
        #expect(decoded.relayState == "a b+c")
    }

    @Test(arguments: [
        ("PHNhbWw+!Zm9v", "'!' at offset 8"),
        ("PHNhbWw-", "'-' at offset 7"),
        ("PHNhbWw+Z", "not a multiple of 4"),
        ("PH==NhbW", "after '=' padding"),
        ("", "empty"),
    ])
    func brokenBase64IsRefused(value: String, reasonFragment: String) {
        let error = #expect(throws: HarnessError(.bindingBadBase64, "")) {
            try HTTPPostBinding.decode(fields: ["SAMLResponse": value])
        }
        #expect(error?.reason.contains(reasonFragment) == true, "\(error?.reason ?? "")")
    }

    @Test func unescapedPlusInFormBodyIsExplained() {
        // "PHNh+bWw+" sent without %2B: form decoding turns '+' into spaces.
        let error = #expect(throws: HarnessError(.bindingBadBase64, "")) {
            try HTTPPostBinding.decode(formBody: "SAMLResponse=PHNhbWw+Zm9vYmE+")
        }
        #expect(error?.reason.contains("%2B") == true)
    }

    @Test func missingMessageFieldNamesTheFieldsExpected() {
        let error = #expect(throws: HarnessError(.bindingMissingParameter, "")) {
            try HTTPPostBinding.decode(formBody: "RelayState=x&foo=bar")
        }
        #expect(error?.reason.contains("SAMLRequest") == true)
        #expect(error?.reason.contains("SAMLResponse") == true)
        #expect(error?.reason.contains("foo") == true)
    }

    @Test(arguments: [
        "SAMLRequest=PHg%2B&SAMLResponse=PHg%2B",
        "SAMLResponse=PHg%2B&SAMLResponse=PHk%2B",
        "SAMLResponse=PHg%2B&RelayState=a&RelayState=b",
    ])
    func ambiguousFormsAreRefused(body: String) {
        #expect(throws: HarnessError(.bindingDuplicateParameter, "")) {
            try HTTPPostBinding.decode(formBody: body)
        }
    }

    @Test func malformedPercentEscapeIsRefused() {
        #expect(throws: HarnessError(.bindingBadURL, "")) {
            try HTTPPostBinding.decode(formBody: "SAMLResponse=PHg%2&RelayState=x")
        }
    }

    @Test func oversizedMessageIsRefusedBeforeDecoding() {
        let big = Data(repeating: 0x41, count: 2048).base64EncodedString()
        #expect(throws: HarnessError(.bindingTooLarge, "")) {
            try HTTPPostBinding.decode(fields: ["SAMLResponse": big], maxMessageBytes: 1024)
        }
    }
}
