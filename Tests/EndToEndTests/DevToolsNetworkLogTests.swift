import Foundation
@testable import HeadlessChromium
import Testing

/// The one reading of DevTools' Network events (`DevToolsNetworkLog`) that Chromium runs and the
/// HAR recorder share, fed with events written by hand as the Chrome DevTools Protocol's Network
/// domain documents them (https://chromedevtools.github.io/devtools-protocol/tot/Network/):
/// - `requestWillBeSent` again under the same `requestId` is a redirect, its `redirectResponse`
///   the response that ended the hop before;
/// - `requestWillBeSentExtraInfo` holds the raw headers "as they will be sent over the wire" and
///   `associatedCookies` (a cookie not sent has `blockedReasons`); "there is no guarantee whether
///   requestWillBeSent or requestWillBeSentExtraInfo will be fired first for the same request";
/// - `responseReceivedExtraInfo` holds the raw headers "as they were received over the wire",
///   its `statusCode`, and `blockedCookies` (`cookieLine`, `blockedReasons`);
/// - `loadingFailed` carries `errorText` and `canceled`; `loadingFinished` `encodedDataLength`.
@Suite struct DevToolsNetworkLogTests {
    static func event(_ method: String, _ params: [String: Any]) -> [String: Any] {
        ["method": method, "params": params]
    }

    static func sent(_ id: String, _ url: String, method: String = "GET", at timestamp: Double, type: String = "Document",
                     request extra: [String: Any] = [:], redirect: [String: Any]? = nil) -> [String: Any] {
        var request: [String: Any] = ["url": url, "method": method, "headers": ["Accept": "text/html"]]
        request.merge(extra) { $1 }
        var params: [String: Any] = ["requestId": id, "timestamp": timestamp, "wallTime": 1_790_000_000 + timestamp, "type": type,
                                     "request": request, "initiator": ["type": "other"]]
        if let redirect { params["redirectResponse"] = redirect }
        return event("Network.requestWillBeSent", params)
    }

    static func response(_ status: Int, _ text: String, headers: [String: Any] = [:]) -> [String: Any] {
        ["url": "", "status": status, "statusText": text, "headers": headers, "mimeType": "text/html", "protocol": "http/1.1"]
    }

    static func log(_ batches: [[String: Any]]...) -> DevToolsNetworkLog {
        var log = DevToolsNetworkLog()
        for batch in batches { log.absorb(batch) }
        return log
    }

    /// A GET answered 302, then the 200 it leads to: one `requestId`, two hops. The first ends
    /// when the second is sent and holds the 302 from `redirectResponse`; each hop gets the
    /// extra info of its own turn (the k-th request extra info, the response extra info with
    /// its status code).
    @Test func aRedirectChainIsOneHopPerResponse() throws {
        let log = Self.log([
            Self.sent("R1", "http://127.0.0.1:7000/protected", at: 10.0),
            Self.event("Network.requestWillBeSentExtraInfo", ["requestId": "R1", "headers": ["Host": "127.0.0.1:7000"], "associatedCookies": []]),
            Self.event("Network.responseReceivedExtraInfo", ["requestId": "R1", "statusCode": 302,
                                                             "headers": ["Location": "http://mpass.test/login?x=1"]]),
            Self.sent("R1", "http://mpass.test/login?x=1", at: 10.2,
                      redirect: Self.response(302, "Found", headers: ["Location": "http://mpass.test/login?x=1"])),
            Self.event("Network.requestWillBeSentExtraInfo", ["requestId": "R1", "headers": ["Host": "mpass.test"], "associatedCookies": []]),
            Self.event("Network.responseReceivedExtraInfo", ["requestId": "R1", "statusCode": 200, "headers": ["Content-Type": "text/html"]]),
            Self.event("Network.responseReceived", ["requestId": "R1", "type": "Document", "response": Self.response(200, "OK")]),
            Self.event("Network.loadingFinished", ["requestId": "R1", "timestamp": 10.5, "encodedDataLength": 812]),
        ])
        #expect(log.hops.count == 2)
        let first = try #require(log.hops.first), second = try #require(log.hops.last)
        #expect(first.requestID == "R1" && second.requestID == "R1")
        #expect(first.redirectIndex == 0 && second.redirectIndex == 1)
        #expect(first.response?.status == 302)
        #expect(first.response?.statusText == "Found")
        #expect(first.redirected && first.finished)
        #expect(first.endTimestamp == 10.2)
        #expect(first.sentHeaders == [DevToolsHeader(name: "Host", value: "127.0.0.1:7000")])
        #expect(first.receivedHeaders == [DevToolsHeader(name: "Location", value: "http://mpass.test/login?x=1")])
        #expect(second.url == "http://mpass.test/login?x=1")
        #expect(second.response?.status == 200)
        #expect(!second.redirected && second.finished)
        #expect(second.endTimestamp == 10.5)
        #expect(second.encodedDataLength == 812)
        #expect(second.sentHeaders == [DevToolsHeader(name: "Host", value: "mpass.test")])
        #expect(second.receivedHeaders == [DevToolsHeader(name: "Content-Type", value: "text/html")])
    }

    /// A form POST: the body DevTools inlined as `postData`, or (a large or binary body) gave as
    /// base64 `postDataEntries`; `hasPostData` says a body exists even when neither came.
    @Test func aPostKeepsItsBody() throws {
        let form = "SAMLResponse=PHNhbWw%2BPC9zYW1sPg%3D%3D&RelayState=%2Fhome"
        let log = Self.log([
            Self.sent("P1", "http://127.0.0.1:7000/acs", method: "POST", at: 1.0,
                      request: ["postData": form, "hasPostData": true,
                                "headers": ["Content-Type": "application/x-www-form-urlencoded"]]),
            Self.sent("P2", "http://127.0.0.1:7000/acs", method: "POST", at: 2.0,
                      request: ["hasPostData": true, "postDataEntries": [["bytes": Data("a=1&".utf8).base64EncodedString()],
                                                                         ["bytes": Data("b=2".utf8).base64EncodedString()]]]),
            Self.sent("P3", "http://127.0.0.1:7000/acs", method: "POST", at: 3.0, request: ["hasPostData": true]),
        ])
        #expect(log.hops.map(\.method) == ["POST", "POST", "POST"])
        #expect(log.hops[0].postData == Data(form.utf8))
        #expect(log.hops[0].headers == [DevToolsHeader(name: "Content-Type", value: "application/x-www-form-urlencoded")])
        #expect(log.hops[1].postData == Data("a=1&b=2".utf8))
        #expect(log.hops[2].postData == nil)
        #expect(log.hops.map(\.hasPostData) == [true, true, true])
    }

    /// `responseReceived` leaves `Set-Cookie` out; `responseReceivedExtraInfo` has it (two
    /// cookies: one header value with a newline between) and the line Chromium refused.
    @Test func setCookieComesFromTheResponseExtraInfo() throws {
        let log = Self.log([
            Self.sent("C1", "http://127.0.0.1:7000/acs", at: 1.0),
            Self.event("Network.responseReceived", ["requestId": "C1", "type": "Document",
                                                    "response": Self.response(200, "OK", headers: ["Content-Type": "text/html"])]),
            Self.event("Network.responseReceivedExtraInfo", [
                "requestId": "C1", "statusCode": 200,
                "headers": ["Content-Type": "text/html", "Set-Cookie": "sid=s1; Path=/; HttpOnly\nbig=x; Domain=other.test"],
                "blockedCookies": [["cookieLine": "big=x; Domain=other.test", "blockedReasons": ["DomainMismatch"],
                                    "cookie": NSNull()]],
            ]),
            Self.event("Network.loadingFinished", ["requestId": "C1", "timestamp": 1.1, "encodedDataLength": 100]),
        ])
        let hop = try #require(log.hops.first)
        #expect(hop.response?.headers == [DevToolsHeader(name: "Content-Type", value: "text/html")])
        #expect(hop.receivedHeaders.filter { $0.name == "Set-Cookie" }.map(\.value) == ["sid=s1; Path=/; HttpOnly", "big=x; Domain=other.test"])
        #expect(hop.receivedExtra?.statusCode == 200)
        #expect(hop.receivedExtra?.blockedCookies.map(\.cookieLine) == ["big=x; Domain=other.test"])
        #expect(hop.receivedExtra?.blockedCookies.first?.blockedReasons == ["DomainMismatch"])
    }

    /// A load that failed: no response, DevTools' error text, and `canceled` as given; the hop
    /// is finished (nothing more will come for it).
    @Test func aFailedLoadKeepsItsErrorText() throws {
        let log = Self.log([
            Self.sent("F1", "http://127.0.0.1:9/closed", at: 5.0),
            Self.event("Network.loadingFailed", ["requestId": "F1", "timestamp": 5.1, "type": "Document",
                                                 "errorText": "net::ERR_CONNECTION_REFUSED", "canceled": false]),
            Self.sent("F2", "http://127.0.0.1:7000/slow", at: 6.0, type: "Fetch"),
            Self.event("Network.loadingFailed", ["requestId": "F2", "timestamp": 6.5, "type": "Fetch",
                                                 "errorText": "net::ERR_ABORTED", "canceled": true]),
        ])
        #expect(log.hops.count == 2)
        let refused = try #require(log.hops.first), aborted = try #require(log.hops.last)
        #expect(refused.response == nil)
        #expect(refused.finished && !refused.redirected)
        #expect(refused.failure?.errorText == "net::ERR_CONNECTION_REFUSED")
        #expect(refused.failure?.canceled == false)
        #expect(refused.endTimestamp == 5.1)
        #expect(aborted.failure?.errorText == "net::ERR_ABORTED")
        #expect(aborted.failure?.canceled == true)
        #expect(aborted.resourceType == "Fetch")
    }

    /// Both extra-info events logged before `requestWillBeSent` (and read in an earlier batch of
    /// the log): they still belong to the hop, with the `Cookie` header and the cookie held back
    /// for SameSite.
    @Test func extraInfoBeforeItsRequestStillBelongsToIt() throws {
        let log = Self.log(
            [
                Self.event("Network.requestWillBeSentExtraInfo", [
                    "requestId": "X1",
                    "headers": ["Cookie": "sid=s1", "Host": "127.0.0.1:7000"],
                    "associatedCookies": [
                        ["blockedReasons": [String](), "cookie": ["name": "sid", "value": "s1", "sameSite": "Lax"]],
                        ["blockedReasons": ["SameSiteStrict"], "cookie": ["name": "csrf", "value": "t", "sameSite": "Strict"]],
                    ],
                ]),
                Self.event("Network.responseReceivedExtraInfo", ["requestId": "X1", "statusCode": 303,
                                                                 "headers": ["Location": "/home", "Set-Cookie": "sid=s2"]]),
            ],
            [
                Self.sent("X1", "http://127.0.0.1:7000/acs", method: "POST", at: 1.0, request: ["postData": "a=1"]),
                Self.sent("X1", "http://127.0.0.1:7000/home", at: 1.3, redirect: Self.response(303, "See Other", headers: ["Location": "/home"])),
            ])
        let post = try #require(log.hops.first)
        #expect(post.sentHeaders.contains(DevToolsHeader(name: "Cookie", value: "sid=s1")))
        #expect(post.sentExtra?.associatedCookies.map(\.name) == ["sid", "csrf"])
        #expect(post.sentExtra?.associatedCookies.last?.blockedReasons == ["SameSiteStrict"])
        #expect(post.sentExtra?.associatedCookies.last?.sameSite == "Strict")
        #expect(post.receivedHeaders.contains(DevToolsHeader(name: "Set-Cookie", value: "sid=s2")))
        // The redirect's target has no extra info of its own yet: its headers are the page's.
        let get = try #require(log.hops.last)
        #expect(get.sentExtra == nil)
        #expect(get.sentHeaders == [DevToolsHeader(name: "Accept", value: "text/html")])
    }

    /// Events for a request DevTools never announced are dropped; `data:` URLs are no hops; each
    /// finished hop is offered for its body once.
    @Test func unknownRequestsAndDataURLsMakeNoHopsAndBodiesAreOfferedOnce() {
        var log = Self.log([
            Self.event("Network.responseReceived", ["requestId": "ghost", "type": "Document", "response": Self.response(200, "OK")]),
            Self.event("Network.loadingFinished", ["requestId": "ghost", "timestamp": 1.0]),
            Self.sent("D1", "data:image/png;base64,AAAA", at: 1.0, type: "Image"),
            Self.sent("G1", "http://127.0.0.1:7000/", at: 2.0),
            Self.sent("G2", "http://127.0.0.1:7000/app.js", at: 2.1, type: "Script"),
            Self.event("Network.loadingFinished", ["requestId": "G1", "timestamp": 2.2]),
        ])
        #expect(log.hops.map(\.requestID) == ["G1", "G2"])
        #expect(log.takeFinished() == [0])
        #expect(log.takeFinished().isEmpty)
        log.absorb([Self.event("Network.loadingFinished", ["requestId": "G2", "timestamp": 2.3])])
        #expect(log.takeFinished() == [1])
        log.setResponseBody(DevToolsBody(text: Data("<html>".utf8).base64EncodedString(), base64Encoded: true), at: 0)
        #expect(log.hops[0].responseBody?.bytes == Data("<html>".utf8))
    }
}
