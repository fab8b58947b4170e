import BrowserAgent
import Foundation
import HTTPTypes
import HeadlessChromium
import Vocabulary

/// The hops DevTools reported (`DevToolsNetworkLog`, the Network domain's events from
/// chromedriver's performance log), handed over as the run's exchange records and a
/// navigation's hops once an action of the case settles. `data:` and `blob:` URLs are no hops:
/// nothing went over the network.
struct DevToolsExchanges {
    private(set) var network = DevToolsNetworkLog(ignoring: ["data", "blob"])
    /// How many hops have been handed over already.
    private var handedOver = 0

    /// A body to ask DevTools for: the response's, and the request's when DevTools did not inline it.
    struct BodyWanted {
        let index: Int
        let requestID: String
        let needsRequestBody: Bool
    }

    mutating func absorb(_ events: [[String: Any]]) { network.absorb(events) }

    /// Finished hops whose bodies are wanted and not asked for yet (each is offered once):
    /// pages and script-made requests, not images, styles, redirects or failures.
    mutating func bodiesToFetch() -> [BodyWanted] {
        network.takeFinished().compactMap { index in
            let hop = network.hops[index]
            let needsRequestBody = hop.hasPostData && hop.postData == nil
            let wantsBody = ["Document", "XHR", "Fetch"].contains(hop.resourceType) && !Self.isRedirect(hop) && hop.failure == nil
            return wantsBody || needsRequestBody ? BodyWanted(index: index, requestID: hop.requestID, needsRequestBody: needsRequestBody) : nil
        }
    }

    mutating func setResponseBody(_ index: Int, _ body: DevToolsBody) { network.setResponseBody(body, at: index) }
    mutating func setRequestBody(_ index: Int, _ body: Data) { network.setPostData(body, at: index) }

    static func isRedirect(_ hop: DevToolsHop) -> Bool {
        hop.response.map { [301, 302, 303, 307, 308].contains($0.status) } ?? false
    }

    private var pending: ArraySlice<DevToolsHop> { network.hops[handedOver...] }

    /// Whether the last page of the action lacks its body (DevTools no longer held it).
    var lastPageLacksBody: Bool {
        guard let last = pending.last(where: \.isDocument) else { return false }
        return last.finished && !Self.isRedirect(last) && last.failure == nil && last.responseBody == nil
    }

    /// The body of the action's last page, read from the page itself.
    mutating func setLastPageBody(_ source: String) {
        guard let index = network.hops.indices.last(where: { $0 >= handedOver && network.hops[$0].isDocument }) else { return }
        network.setResponseBody(DevToolsBody(text: source, base64Encoded: false), at: index)
    }

    /// The page hops (documents) not handed over yet, in the order they started.
    var pendingDocuments: [DevToolsHop] { pending.filter(\.isDocument) }

    /// Page hops as a navigation, for the loop guard (method, URL and body are what it reads).
    static func preview(_ documents: [DevToolsHop]) -> BrowserNavigation {
        BrowserNavigation(hops: documents.enumerated().map { index, hop in
            let url = URL(string: hop.url) ?? URL(string: "about:blank")!
            return BrowserHop(index: index, request: BrowserRequest(method: hop.method.uppercased(), url: url, body: hop.postData),
                              response: BrowserResponse(status: hop.response?.status ?? 0, url: url), recordSequence: -1)
        })
    }

    /// The origins (scheme://host:port) of every request so far.
    var origins: Set<String> { Set(network.hops.compactMap { URL(string: $0.url).flatMap(Self.origin) }) }

    /// `scheme://host:port` of an http(s) URL, as DevTools' storage commands name an origin.
    /// An IPv6 host keeps its brackets (`http://[::1]:8080`). Without them the origin is not
    /// one, and Chromium's Storage.clearDataForOrigin takes it without a word and clears nothing:
    /// a Service on an IPv6 address would keep its storage from case to case.
    static func origin(_ url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host()?.lowercased() else { return nil }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)\(port)"
    }

    /// Whether a request of the current action is still under way.
    var busy: Bool { pending.contains { !$0.finished && ($0.isDocument || $0.resourceType == "XHR" || $0.resourceType == "Fetch") } }

    /// Hands the finished hops over as exchange records appended to `log` (unfinished ones wait
    /// for the next action), and returns the page hops among them as a navigation's hops.
    mutating func handOver(to log: ExchangeLog, navigation: Int) -> [BrowserHop] {
        var pageHops: [BrowserHop] = []
        while handedOver < network.hops.count, network.hops[handedOver].finished {
            let hop = network.hops[handedOver]
            var request = BrowserRequest(method: hop.method.uppercased(), url: URL(string: hop.url) ?? URL(string: "about:blank")!,
                                         headers: Self.fields(hop.sentHeaders), body: hop.postData)
            request.withheldCookies = Self.withheldCookies(hop.sentExtra, url: request.url)
            let response = hop.response.map { response in
                BrowserResponse(status: response.status, reasonPhrase: response.statusText.isEmpty ? nil : response.statusText,
                                httpVersion: response.protocolName?.uppercased() ?? "HTTP/1.1",
                                headers: Self.fields(hop.receivedHeaders), body: hop.responseBody?.bytes ?? Data(), url: request.url)
            }
            let seconds = max(0, (hop.endTimestamp ?? hop.startTimestamp) - hop.startTimestamp)
            let record = ExchangeRecord.fromRealBrowser(
                request: request, response: response,
                failure: response == nil ? (hop.failure.map { $0.errorText ?? "the request failed" } ?? "no response") : nil,
                blockedSetCookies: Self.blockedSetCookies(hop.receivedExtra), navigation: navigation,
                hopIndex: pageHops.count, startedAt: hop.started, wait: .milliseconds(Int64(seconds * 1000)), receive: .zero)
            let sequence = log.append(record)
            if hop.isDocument, let response { pageHops.append(BrowserHop(index: pageHops.count, request: request, response: response, recordSequence: sequence)) }
            handedOver += 1
        }
        return pageHops
    }

    /// Cookies Chromium held for the URL but left out because of SameSite.
    private static func withheldCookies(_ extra: DevToolsRequestExtraInfo?, url: URL) -> [Cookie] {
        (extra?.associatedCookies ?? []).compactMap { cookie in
            guard cookie.blockedReasons.contains(where: { $0.hasPrefix("SameSite") }) else { return nil }
            return Cookie(name: cookie.name, value: cookie.value, domain: url.host() ?? "",
                          sameSite: Cookie.SameSite(rawValue: cookie.sameSite ?? "") ?? .unspecified)
        }
    }

    /// `Set-Cookie` lines Chromium refused, with its reasons.
    private static func blockedSetCookies(_ extra: DevToolsResponseExtraInfo?) -> [String: String] {
        var blocked: [String: String] = [:]
        for cookie in extra?.blockedCookies ?? [] { blocked[cookie.cookieLine] = cookie.blockedReasons.joined(separator: ", ") }
        return blocked
    }

    /// Header lines as `HTTPFields`. HTTP/2 pseudo-headers (`:authority`) are no header lines,
    /// and no `HTTPField.Name` holds them: they are left out, as are empty lines.
    static func fields(_ headers: [DevToolsHeader]) -> HTTPFields {
        HTTPFields(headers.compactMap { header in
            guard !header.value.isEmpty, let name = HTTPField.Name(header.name) else { return nil }
            return HTTPField(name: name, value: header.value)
        })
    }
}
