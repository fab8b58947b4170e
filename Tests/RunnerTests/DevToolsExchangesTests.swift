import BrowserAgent
@testable import Conformance
import Foundation
import HTTPTypes
import Testing

/// Chromium's hops (DevTools' Network events, written by hand after the Chrome DevTools
/// Protocol's Network domain) as the run's exchange records and a navigation's page hops,
/// without a browser: what a Chromium run hands the case runner.
@Suite struct DevToolsExchangesTests {
    static func event(_ method: String, _ params: [String: Any]) -> [String: Any] {
        ["method": method, "params": params]
    }

    static func sent(_ id: String, _ url: String, method: String = "GET", at timestamp: Double, type: String = "Document",
                     postData: String? = nil, redirect: [String: Any]? = nil) -> [String: Any] {
        var request: [String: Any] = ["url": url, "method": method, "headers": ["Accept": "text/html"]]
        if let postData { request["postData"] = postData }
        var params: [String: Any] = ["requestId": id, "timestamp": timestamp, "wallTime": 1_790_000_000 + timestamp, "type": type, "request": request]
        if let redirect { params["redirectResponse"] = redirect }
        return event("Network.requestWillBeSent", params)
    }

    /// A form POST to the ACS answered 303 (its Set-Cookie only in the extra info, one line of
    /// it refused, a SameSite=Strict cookie held back from the cross-site POST), then the page
    /// it leads to: two records of one navigation, both page hops, the real headers and cookies.
    @Test func aRedirectedPostBecomesRecordsWithTheRealHeadersAndCookies() throws {
        var exchanges = DevToolsExchanges()
        exchanges.absorb([
            Self.event("Network.requestWillBeSentExtraInfo", [
                "requestId": "9", "headers": ["Cookie": "rs_state=abc", "Origin": "null"],
                "associatedCookies": [["blockedReasons": ["SameSiteStrict"], "cookie": ["name": "csrf", "value": "t", "sameSite": "Strict"]]],
            ]),
            Self.sent("9", "http://127.0.0.1:7000/mpass-login", method: "POST", at: 1.0, postData: "SAMLResponse=abc"),
            Self.event("Network.responseReceivedExtraInfo", [
                "requestId": "9", "statusCode": 303,
                "headers": ["Location": "/protected", "Set-Cookie": "rs_session=s1; Path=/\nbad=x; Domain=other.test"],
                "blockedCookies": [["cookieLine": "bad=x; Domain=other.test", "blockedReasons": ["DomainMismatch"]]],
            ]),
            Self.sent("9", "http://127.0.0.1:7000/protected", at: 1.25,
                      redirect: ["status": 303, "statusText": "See Other", "headers": ["Location": "/protected"], "protocol": "http/1.1"]),
            Self.event("Network.responseReceived", ["requestId": "9", "type": "Document",
                                                    "response": ["status": 200, "statusText": "OK", "headers": ["Content-Type": "text/html"], "protocol": "http/1.1"]]),
            Self.event("Network.loadingFinished", ["requestId": "9", "timestamp": 1.5]),
        ])
        // The page's body is asked for; the redirect's is not.
        #expect(exchanges.bodiesToFetch().map(\.index) == [1])
        exchanges.setLastPageBody("<p>Logged in</p>")
        let log = ExchangeLog()
        let pages = exchanges.handOver(to: log, navigation: 7)
        #expect(pages.map(\.response.status) == [303, 200])
        let records = log.records
        #expect(records.count == 2)
        let post = try #require(records.first), get = try #require(records.last)
        #expect(post.request.method == "POST")
        #expect(post.request.body == Data("SAMLResponse=abc".utf8))
        #expect(post.request.headers[.cookie] == "rs_state=abc")
        #expect(post.request.withheldCookies?.map(\.name) == ["csrf"])
        #expect(post.response?.status == 303)
        #expect(post.response?.statusText == "See Other")
        let setCookies = post.response?.setCookies ?? []
        #expect(setCookies.map(\.header) == ["rs_session=s1; Path=/", "bad=x; Domain=other.test"])
        if case .rejected(let reason) = setCookies.last?.outcome {
            #expect(reason.contains("DomainMismatch"))
        } else {
            Issue.record("the refused Set-Cookie line was not recorded as refused: \(String(describing: setCookies.last?.outcome))")
        }
        #expect(post.navigation == 7 && get.navigation == 7)
        #expect(post.redirectHop == 0 && get.redirectHop == 1)
        #expect(post.timings.waitMilliseconds == 250)
        #expect(get.response?.body == Data("<p>Logged in</p>".utf8))
        // Handed over once.
        #expect(exchanges.handOver(to: log, navigation: 8).isEmpty)
        #expect(log.records.count == 2)
    }

    /// A refused connection is a record without a response, with DevTools' error text; it is
    /// no page hop; `data:` and `blob:` URLs make no record; an unfinished request waits.
    @Test func aFailedLoadIsARecordWithItsErrorAndUnfinishedOnesWait() throws {
        var exchanges = DevToolsExchanges()
        exchanges.absorb([
            Self.sent("1", "http://127.0.0.1:9/", at: 1.0),
            Self.event("Network.loadingFailed", ["requestId": "1", "timestamp": 1.1, "errorText": "net::ERR_CONNECTION_REFUSED", "canceled": false]),
            Self.sent("2", "data:text/html,hi", at: 1.2),
            Self.sent("3", "blob:http://127.0.0.1:7000/x", at: 1.3, type: "Fetch"),
            Self.sent("4", "http://127.0.0.1:7000/api", at: 1.4, type: "XHR"),
        ])
        #expect(exchanges.busy, "the XHR is under way")
        let log = ExchangeLog()
        #expect(exchanges.handOver(to: log, navigation: 1).isEmpty)
        #expect(log.records.count == 1)
        #expect(log.records.first?.response == nil)
        #expect(log.records.first?.failure?.reason == "net::ERR_CONNECTION_REFUSED")
        #expect(exchanges.origins == ["http://127.0.0.1:9", "http://127.0.0.1:7000"])
    }

    @Test("An origin keeps an IPv6 host's brackets, as RFC 6454 serialises it; other hosts are lower-cased")
    func originsAreSerialisedAsOrigins() {
        #expect(DevToolsExchanges.origin(URL(string: "http://[::1]:8080/login")!) == "http://[::1]:8080")
        #expect(DevToolsExchanges.origin(URL(string: "https://Service.Example.MD/a?b")!) == "https://service.example.md")
        #expect(DevToolsExchanges.origin(URL(string: "data:text/html,x")!) == nil)
    }
}
