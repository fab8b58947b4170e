import Foundation
import HeadlessChromium
import Testing

/// The DevTools-to-HAR conversion on events shaped as Chromium logs them, without a browser:
/// redirects, the raw headers of the `…ExtraInfo` events, form bodies, failures.
@Suite struct DevToolsHARRecorderTests {
    static func event(_ method: String, _ params: [String: Any]) -> [String: Any] {
        ["method": method, "params": params]
    }

    static func entries(_ events: [[String: Any]]) throws -> [[String: Any]] {
        let recorder = DevToolsHARRecorder()
        recorder.absorb(events)
        let data = try recorder.harData()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let log = try #require(json["log"] as? [String: Any])
        #expect((log["creator"] as? [String: Any])?["name"] as? String == "WebInspector")
        #expect(log["version"] as? String == "1.2")
        return try #require(log["entries"] as? [[String: Any]])
    }

    /// A form POST answered 303, then the GET it leads to: two entries, the first with the
    /// redirect response and `redirectURL`, headers from the ExtraInfo events (with Cookie and
    /// Set-Cookie, which the plain events leave out), the form body with its parameters as
    /// DevTools leaves them: URL-encoded.
    @Test func aRedirectedFormPostBecomesTwoEntries() throws {
        let entries = try Self.entries([
            Self.event("Network.requestWillBeSent", [
                "requestId": "7", "timestamp": 100.0, "wallTime": 1_790_000_000.0, "type": "Document",
                "request": ["url": "http://127.0.0.1:8080/mpass-login", "method": "POST",
                            "headers": ["Content-Type": "application/x-www-form-urlencoded"],
                            "postData": "SAMLResponse=PHNhbWw%2BPC9zYW1sPg%3D%3D&RelayState=%2Fprotected"],
            ]),
            Self.event("Network.requestWillBeSentExtraInfo", [
                "requestId": "7", "headers": ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "rs_state=abc; other=1"],
            ]),
            Self.event("Network.responseReceivedExtraInfo", [
                "requestId": "7", "statusCode": 303,
                "headers": ["Location": "/protected", "Set-Cookie": "rs_session=s1; Path=/; HttpOnly; SameSite=Lax\nrs_state=; Max-Age=0"],
            ]),
            Self.event("Network.requestWillBeSent", [
                "requestId": "7", "timestamp": 100.25, "wallTime": 1_790_000_000.25, "type": "Document",
                "request": ["url": "http://127.0.0.1:8080/protected", "method": "GET", "headers": [:]],
                "redirectResponse": ["url": "http://127.0.0.1:8080/mpass-login", "status": 303, "statusText": "See Other",
                                     "headers": ["Location": "/protected"], "mimeType": "", "protocol": "http/1.1",
                                     "remoteIPAddress": "127.0.0.1", "connectionId": 42],
            ]),
            Self.event("Network.responseReceived", [
                "requestId": "7", "type": "Document",
                "response": ["url": "http://127.0.0.1:8080/protected", "status": 200, "statusText": "OK",
                             "headers": ["Content-Type": "text/html"], "mimeType": "text/html", "protocol": "http/1.1"],
            ]),
            Self.event("Network.loadingFinished", ["requestId": "7", "timestamp": 100.5, "encodedDataLength": 321]),
        ])
        #expect(entries.count == 2)
        let post = try #require(entries.first)
        let request = try #require(post["request"] as? [String: Any])
        let response = try #require(post["response"] as? [String: Any])
        #expect(request["method"] as? String == "POST")
        #expect(response["status"] as? Int == 303)
        #expect(response["redirectURL"] as? String == "http://127.0.0.1:8080/protected")
        #expect(post["time"] as? Double == 250)
        #expect(post["startedDateTime"] as? String == "2026-09-21T14:13:20.000Z")
        #expect(post["connection"] as? String == "42")
        let cookies = (request["cookies"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(cookies == ["rs_state", "other"])
        let setCookies = response["cookies"] as? [[String: Any]] ?? []
        #expect(setCookies.count == 2)
        #expect(setCookies.first?["name"] as? String == "rs_session")
        #expect(setCookies.first?["httpOnly"] as? Bool == true)
        #expect(setCookies.first?["sameSite"] as? String == "Lax")
        let postData = try #require(request["postData"] as? [String: Any])
        #expect(postData["text"] as? String == "SAMLResponse=PHNhbWw%2BPC9zYW1sPg%3D%3D&RelayState=%2Fprotected")
        let params = postData["params"] as? [[String: String]] ?? []
        #expect(params.first == ["name": "SAMLResponse", "value": "PHNhbWw%2BPC9zYW1sPg%3D%3D"])

        let get = try #require(entries.last)
        #expect((get["request"] as? [String: Any])?["url"] as? String == "http://127.0.0.1:8080/protected")
        #expect((get["response"] as? [String: Any])?["status"] as? Int == 200)
        #expect((get["response"] as? [String: Any])?["_transferSize"] as? Int == 321)
    }

    /// A request that never got an answer keeps DevTools' error text; a `data:` URL is left out,
    /// as DevTools' export leaves it out.
    @Test func aFailedRequestKeepsItsErrorAndDataURLsAreLeftOut() throws {
        let entries = try Self.entries([
            Self.event("Network.requestWillBeSent", [
                "requestId": "1", "timestamp": 5.0, "wallTime": 1_790_000_000.0, "type": "Document",
                "request": ["url": "http://127.0.0.1:9/closed", "method": "GET", "headers": [:]],
            ]),
            Self.event("Network.loadingFailed", ["requestId": "1", "timestamp": 5.1, "errorText": "net::ERR_CONNECTION_REFUSED"]),
            Self.event("Network.requestWillBeSent", [
                "requestId": "2", "timestamp": 5.2, "wallTime": 1_790_000_000.2, "type": "Image",
                "request": ["url": "data:image/png;base64,AAAA", "method": "GET", "headers": [:]],
            ]),
        ])
        #expect(entries.count == 1)
        let response = try #require(entries.first?["response"] as? [String: Any])
        #expect(response["status"] as? Int == 0)
        #expect(response["_error"] as? String == "net::ERR_CONNECTION_REFUSED")
    }

    /// A body DevTools gives as base64 postDataEntries (no inline postData) is still the text.
    @Test func postDataEntriesAreDecoded() throws {
        let body = "SAMLRequest=abc%2B&RelayState=x"
        let entries = try Self.entries([
            Self.event("Network.requestWillBeSent", [
                "requestId": "3", "timestamp": 1.0, "wallTime": 1_790_000_000.0, "type": "Document",
                "request": ["url": "http://127.0.0.1:7070/login/saml", "method": "POST",
                            "headers": ["Content-Type": "application/x-www-form-urlencoded"], "hasPostData": true,
                            "postDataEntries": [["bytes": Data(body.utf8).base64EncodedString()]]],
            ]),
        ])
        let postData = (entries.first?["request"] as? [String: Any])?["postData"] as? [String: Any]
        #expect(postData?["text"] as? String == body)
    }
}
