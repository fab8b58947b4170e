import Foundation

/// One exchange of a navigation: the request as actually sent (cookies and
/// headers included) and the response to it.
public struct BrowserHop: Sendable {
    /// 0 for the request as asked, then one per redirect followed.
    public var index: Int
    public var request: BrowserRequest
    public var response: BrowserResponse
    public var inProcess: Bool
    /// The position of this exchange in the browser's `ExchangeLog`.
    public var recordSequence: Int
}

/// The outcome of one navigation: every hop in order, the last one being the
/// final response (which is a redirect only if redirects were not followed).
public struct BrowserNavigation: Sendable {
    public var hops: [BrowserHop]

    public init(hops: [BrowserHop]) {
        self.hops = hops
    }

    public var response: BrowserResponse { hops[hops.count - 1].response }
    public var finalURL: URL { hops[hops.count - 1].request.url }
    /// Every URL visited, in order.
    public var urls: [URL] { hops.map(\.request.url) }

    /// The final response as an HTML page.
    public var page: HTMLPage { HTMLPage(html: response.text, url: finalURL) }

    /// The first SAML message seen along the way: one carried by a redirect
    /// (HTTP-Redirect binding) or by the form of the final page (HTTP-POST).
    public var samlMessage: CapturedSAMLMessage? {
        for hop in hops {
            if let message = hop.response.samlRedirectMessage { return message }
        }
        return page.samlMessage
    }
}
