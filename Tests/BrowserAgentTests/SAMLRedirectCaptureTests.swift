import Foundation
import Testing
@testable import BrowserAgent

@Suite("HTTP-Redirect binding capture")
struct SAMLRedirectCaptureTests {
    @Test("the raw query is kept byte for byte, fields are decoded")
    func rawQueryKept() throws {
        // Lower-case escapes and parameter order must survive: the signature covers these bytes.
        let location = "https://mpass.sim.test/slo?SAMLRequest=fZBBa%2bMw&RelayState=a%20b&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=Sg%3D%3D#ignored"
        let message = try #require(CapturedSAMLMessage.fromRedirect(location: location))
        #expect(message.binding == .httpRedirect)
        #expect(message.parameter == .samlRequest)
        #expect(message.rawQuery == "SAMLRequest=fZBBa%2bMw&RelayState=a%20b&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=Sg%3D%3D")
        #expect(message.encodedMessage == "fZBBa+Mw")
        #expect(message.relayState == "a b")
        #expect(message.sigAlg == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        #expect(message.signature == "Sg==")
        #expect(message.destination.absoluteString == "https://mpass.sim.test/slo")
        #expect(message.rawLocation == location)
    }

    @Test("a relative Location resolves against the response URL; no SAML field means nil")
    func relativeAndAbsent() {
        let base = URL(string: "http://127.0.0.1:9000/logout")!
        let message = CapturedSAMLMessage.fromRedirect(location: "/mpass-logout?SAMLResponse=eJw%3D", relativeTo: base)
        #expect(message?.destination.absoluteString == "http://127.0.0.1:9000/mpass-logout")
        #expect(message?.parameter == .samlResponse)
        #expect(CapturedSAMLMessage.fromRedirect(location: "/home?x=1", relativeTo: base) == nil)
        #expect(CapturedSAMLMessage.fromRedirect(location: "/home", relativeTo: base) == nil)
    }

    @Test("a request URL keeps its query exactly through BrowserRequest")
    func requestKeepsQuery() {
        let url = URL(string: "https://mpass.sim.test/login?SAMLRequest=a%2bb%2Fc&Signature=x%3d")!
        let request = BrowserRequest(url: url)
        #expect(request.rawQuery == "SAMLRequest=a%2bb%2Fc&Signature=x%3d")
        #expect(CapturedSAMLMessage.fromRedirect(url: url)?.rawQuery == "SAMLRequest=a%2bb%2Fc&Signature=x%3d")
        #expect(request.queryFields["SAMLRequest"] == "a+b/c")
    }
}
