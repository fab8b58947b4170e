import Foundation
import HTTPTypes

extension ExchangeRecord {
    /// An exchange a real browser made (headless Chromium, as its DevTools reported it),
    /// recorded in the shape the agent records its own, so that the runner, the HAR evidence
    /// and `replay` read both alike. `blockedSetCookies` maps a `Set-Cookie` line the browser
    /// refused to its reasons; every other line is read as the agent's jar would store it.
    public static func fromRealBrowser(request: BrowserRequest, response: BrowserResponse?, failure: String?,
                                       blockedSetCookies: [String: String] = [:], navigation: Int, hopIndex: Int,
                                       startedAt: Date, wait: Duration, receive: Duration) -> ExchangeRecord {
        let setCookies = (response?.headers[values: .setCookie] ?? []).map { header -> SetCookie in
            if let reasons = blockedSetCookies[header] {
                return SetCookie(header: header, outcome: .rejected(reason: "the browser refused it: \(reasons)"))
            }
            var jar = CookieJar()
            return SetCookie(header: header, outcome: jar.store(setCookie: header, from: request.url, now: startedAt))
        }
        return Browser.record(request: request, response: response, setCookies: setCookies,
                              failure: failure.map { .init(code: .browserConnectionFailed, reason: $0) },
                              navigation: navigation, hopIndex: hopIndex, startedAt: startedAt, inProcess: false,
                              wait: wait, receive: receive)
    }
}

extension BrowserHop {
    /// A hop another browser made, its record at `recordSequence` of the log.
    public init(index: Int, request: BrowserRequest, response: BrowserResponse, recordSequence: Int) {
        self.init(index: index, request: request, response: response, inProcess: false, recordSequence: recordSequence)
    }
}
