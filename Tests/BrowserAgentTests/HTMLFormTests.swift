import Foundation
import HTTPTypes
import Testing
@testable import BrowserAgent
import Vocabulary

@Suite("HTML forms")
struct HTMLFormTests {
    let pageURL = URL(string: "http://127.0.0.1:8080/login?next=%2Fhome")!

    @Test("the Service-side page: hidden SAMLRequest, noscript button, script submit")
    func serviceSidePage() throws {
        let html = """
        <!DOCTYPE html>
        <html><head><title>Redirecting to MPass</title></head>
        <body>
        <form method="post" action="https://mpass.sim.test/login/saml">
          <input type="hidden" name="SAMLRequest" value="PHNhbWxwOkF1dGhuUmVxdWVzdA+/="/>
          <input type="hidden" name="RelayState" value="/home?a=1&amp;b=2"/>
          <noscript><button type="submit">Continue</button></noscript>
        </form>
        <script>document.forms[0].submit()</script>
        </body></html>
        """
        let page = HTMLPage(html: html, url: pageURL)
        #expect(page.title == "Redirecting to MPass")
        let form = try #require(page.autoSubmittingForm)
        #expect(form.method == "POST")
        #expect(form.action.absoluteString == "https://mpass.sim.test/login/saml")
        #expect(form.fields == [FormField("SAMLRequest", "PHNhbWxwOkF1dGhuUmVxdWVzdA+/="), FormField("RelayState", "/home?a=1&b=2")])
        #expect(Set(form.autoSubmitEvidence) == [.script, .noscriptButton])
        #expect(form.submitButtons.map(\.label) == ["Continue"])

        let message = try #require(page.samlMessage)
        #expect(message.binding == .httpPost)
        #expect(message.parameter == .samlRequest)
        #expect(message.encodedMessage == "PHNhbWxwOkF1dGhuUmVxdWVzdA+/=")
        #expect(message.relayState == "/home?a=1&b=2")
        #expect(message.destination.absoluteString == "https://mpass.sim.test/login/saml")

        let request = form.request(from: page.url)
        #expect(request.method == "POST")
        #expect(request.headers[values: .contentType] == ["application/x-www-form-urlencoded"])
        #expect(String(decoding: request.body ?? Data(), as: UTF8.self)
            == "SAMLRequest=PHNhbWxwOkF1dGhuUmVxdWVzdA%2B%2F%3D&RelayState=%2Fhome%3Fa%3D1%26b%3D2")
    }

    @Test("an IdP-style page: body onload, upper-case tags, single quotes, entities, a decoy in a comment")
    func identityProviderPage() throws {
        let html = """
        <HTML><BODY onLoad='document.forms["saml"].submit();'>
        <!-- <form action="https://evil.example/"><input type=hidden name=SAMLResponse value=decoy></form> -->
        <FORM NAME='saml' METHOD='POST' ACTION='/mpass-login'>
        <INPUT TYPE='HIDDEN' NAME='SAMLResponse' VALUE='PD94&#43;bWw&#x2B;dmVy&#X2b;c2lvbj0=' />
        <input type=hidden name=RelayState value=&quot;state&quot;&#59;x>
        <INPUT TYPE=SUBMIT VALUE="Go on">
        </FORM></BODY></HTML>
        """
        let page = HTMLPage(html: html, url: URL(string: "http://sp.test:8080/start")!)
        #expect(page.forms.count == 1)
        let form = try #require(page.autoSubmittingForm)
        #expect(form.autoSubmitEvidence == [.onloadHandler])
        #expect(form.action.absoluteString == "http://sp.test:8080/mpass-login")
        #expect(form.fields["SAMLResponse"] == "PD94+bWw+dmVy+c2lvbj0=")
        #expect(form.fields["RelayState"] == "\"state\";x")
        #expect(form.submitButtons.count == 1)
        #expect(page.samlMessage?.parameter == .samlResponse)
    }

    @Test("empty or missing action submits to the page URL itself")
    func emptyAction() {
        let page = HTMLPage(html: "<form method=post action=''><input name=a value=1></form><form><input name=b></form>", url: pageURL)
        #expect(page.forms.map(\.action) == [pageURL, pageURL])
        #expect(page.forms[1].method == "GET", "the method defaults to GET")
        #expect(page.forms.allSatisfy { !$0.isAutoSubmitting })
    }

    @Test("relative actions resolve against <base href> when present")
    func baseHref() {
        let page = HTMLPage(html: "<head><base href='https://idp.test/saml/'></head><form action='sso'></form>", url: pageURL)
        #expect(page.forms[0].action.absoluteString == "https://idp.test/saml/sso")
    }

    @Test("a GET form sends its fields as the query of its action")
    func getForm() {
        let page = HTMLPage(html: "<form action='/search?old=1#frag'><input name='q' value='a b+c'><input name=n value=é></form>", url: pageURL)
        let request = page.forms[0].request(from: pageURL)
        #expect(request.method == "GET")
        #expect(request.url.absoluteString == "http://127.0.0.1:8080/search?q=a+b%2Bc&n=%C3%A9")
        #expect(request.body == nil)
    }

    @Test("textarea, select, checkboxes and disabled controls follow HTML's rules")
    func controls() {
        let html = """
        <form id=f method=post action=/x>
          <textarea name=note>
        line &amp; more</textarea>
          <select name=user><option value=u1>One<option value=u2 selected>Two</select>
          <select name=lang><option>ro</option><option>en</option></select>
          <input type=checkbox name=remember value=yes checked>
          <input type=checkbox name=spam>
          <input type=radio name=r value=1><input type=radio name=r value=2 checked>
          <input name=off value=1 disabled>
          <input type=file name=upload>
          <input name=novalue>
        </form>
        """
        let form = HTMLPage(html: html, url: pageURL).forms[0]
        #expect(form.fields == [
            FormField("note", "line & more"),
            FormField("user", "u2"),
            FormField("lang", "ro"),
            FormField("remember", "yes"),
            FormField("r", "2"),
            FormField("novalue", ""),
        ])
    }

    @Test("a named button joins the data only as the submitter, in its place")
    func submitter() throws {
        let html = """
        <form method=post action=/consent>
          <input type=hidden name=a value=1>
          <button type=submit name=decision value=cancel>Cancel</button>
          <button name=decision value=accept>Accept</button>
          <button type=button name=ignored>Help</button>
          <input type=hidden name=z value=2>
        </form>
        """
        let form = HTMLPage(html: html, url: pageURL).forms[0]
        #expect(form.submitButtons.map(\.label) == ["Cancel", "Accept"])
        #expect(form.fields(submitter: nil) == [FormField("a", "1"), FormField("z", "2")])
        let cancel = try #require(form.submitButtons.first)
        #expect(form.fields(submitter: cancel) == [FormField("a", "1"), FormField("decision", "cancel"), FormField("z", "2")])
    }

    @Test("controls outside the form join it through form=id; a script picks the form by id")
    func formAttributeAndScriptTarget() throws {
        let html = """
        <form id=other action=/other><input name=o value=1></form>
        <form id="login" method="POST" action="/acs"></form>
        <input type="hidden" form="login" name="SAMLResponse" value="abc">
        <script type="text/javascript">
          window.addEventListener('load', function () { document.getElementById('login').submit(); });
        </script>
        """
        let page = HTMLPage(html: html, url: pageURL)
        let form = try #require(page.autoSubmittingForm)
        #expect(form.id == "login")
        #expect(form.fields == [FormField("SAMLResponse", "abc")])
        #expect(page.forms[0].isAutoSubmitting == false)
    }

    @Test("a script's text with '<' or a fake tag does not create forms")
    func scriptContentIsRaw() {
        let html = """
        <script>if (a < b) { document.write('<form action=/fake><input name=x></form>'); }</script>
        <form action=/real><input name=y value=1></form>
        """
        let page = HTMLPage(html: html, url: pageURL)
        #expect(page.forms.count == 1)
        #expect(page.forms[0].fields == [FormField("y", "1")])
    }

    @Test("meta refresh target is found and resolved")
    func metaRefresh() {
        let page = HTMLPage(html: "<meta http-equiv=\"Refresh\" content=\"0; URL='/next?x=1'\">", url: pageURL)
        #expect(page.metaRefreshURL?.absoluteString == "http://127.0.0.1:8080/next?x=1")
    }

    @Test("entity decoding", arguments: [
        ("a&amp;b", "a&b"), ("&quot;q&quot;", "\"q\""), ("&#43;&#x2B;&#X2b;", "+++"),
        ("&lt;tag&gt;", "<tag>"), ("&unknown; &", "&unknown; &"), ("&amp", "&"), ("&#0;", "\u{FFFD}"),
    ])
    func entities(input: String, expected: String) {
        #expect(HTMLEntities.decode(input) == expected)
    }

    @Test("form urlencoding round-trips base64 and UTF-8")
    func formEncoding() {
        let fields = [FormField("SAMLResponse", "ab+/c=="), FormField("RelayState", "ș ț&=?")]
        let encoded = FormURLEncoding.encode(fields)
        #expect(encoded == "SAMLResponse=ab%2B%2Fc%3D%3D&RelayState=%C8%99+%C8%9B%26%3D%3F")
        #expect(FormURLEncoding.decode(encoded) == fields)
        #expect(FormURLEncoding.decode("a=%zz&b") == [FormField("a", "%zz"), FormField("b", "")])
    }
}
