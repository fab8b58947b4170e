import BrowserAgent
import Foundation
import HTTPTypes
import HeadlessChromium
import Vocabulary

/// What Chromium's DevTools reported about the requests it made (the Network domain's events
/// from chromedriver's performance log), gathered hop by hop until an action of the case
/// settles, then handed over as the records and navigation hops the runner reads.
///
/// One request of DevTools becomes one hop per redirect (a redirect ends a hop and starts the
/// next under the same `requestId`). The headers Chromium really sent and received, `Cookie`
/// and `Set-Cookie` included, come from the `…ExtraInfo` events: the k-th of a request
/// belongs to its k-th hop.
struct DevToolsExchanges {
    struct Hop {
        let requestID: String
        let method: String
        let url: String
        let headers: HTTPFields
        var body: Data?
        let hasBody: Bool
        let resourceType: String
        let started: Date
        let startTimestamp: Double
        var endTimestamp: Double?
        var status: Int?
        var statusText = ""
        var httpVersion = "HTTP/1.1"
        var responseHeaders: HTTPFields = [:]
        var responseBody: Data?
        var finished = false
        var bodyAsked = false
        var failure: String?

        var isDocument: Bool { resourceType == "Document" }
        var isRedirect: Bool { status.map { [301, 302, 303, 307, 308].contains($0) } ?? false }
        /// A body worth asking DevTools for: pages and script-made requests, not images or styles.
        var wantsBody: Bool { ["Document", "XHR", "Fetch"].contains(resourceType) && !isRedirect && failure == nil }
    }

    private(set) var hops: [Hop] = []
    /// requestId → index in `hops` of its latest hop.
    private var latest: [String: Int] = [:]
    private var requestExtraInfo: [String: [[String: Any]]] = [:]
    private var responseExtraInfo: [String: [[String: Any]]] = [:]
    /// How many hops have been handed over already.
    private var handedOver = 0

    /// Takes DevTools events (`{"method", "params"}`) in the order they were logged.
    mutating func absorb(_ events: [[String: Any]]) {
        for (method, requestID, params) in DevToolsNetwork.events(events) {
            if method == "Network.requestWillBeSentExtraInfo" {
                requestExtraInfo[requestID, default: []].append(params)
            } else if method == "Network.responseReceivedExtraInfo" {
                responseExtraInfo[requestID, default: []].append(params)
            } else if method == "Network.requestWillBeSent" {
                requestWillBeSent(requestID, params)
            } else if let index = latest[requestID] {
                update(index, method, params)
            }
        }
    }

    /// A response, or the end of a hop's loading (finished or failed).
    private mutating func update(_ index: Int, _ method: String, _ params: [String: Any]) {
        if method == "Network.responseReceived", let response = params["response"] as? [String: Any] {
            fill(index, response)
        } else if method == "Network.loadingFinished" || method == "Network.loadingFailed" {
            hops[index].finished = true
            hops[index].endTimestamp = params["timestamp"] as? Double
            if method == "Network.loadingFailed" { hops[index].failure = (params["errorText"] as? String) ?? "the request failed" }
        }
    }

    private mutating func requestWillBeSent(_ requestID: String, _ params: [String: Any]) {
        guard let request = params["request"] as? [String: Any], let url = request["url"] as? String,
              !url.hasPrefix("data:"), !url.hasPrefix("blob:") else { return }
        let timestamp = params["timestamp"] as? Double ?? 0
        if let previous = latest[requestID] {
            // A redirect: the previous hop ends with the redirect response carried here.
            if let redirect = params["redirectResponse"] as? [String: Any] { fill(previous, redirect) }
            hops[previous].finished = true
            hops[previous].endTimestamp = timestamp
        }
        let wallTime = params["wallTime"] as? Double ?? Date().timeIntervalSince1970
        hops.append(Hop(
            requestID: requestID, method: (request["method"] as? String ?? "GET").uppercased(), url: url,
            headers: Self.headerFields(request["headers"]), body: DevToolsNetwork.requestBody(request),
            hasBody: (request["hasPostData"] as? Bool) ?? false, resourceType: params["type"] as? String ?? "Other",
            started: Date(timeIntervalSince1970: wallTime), startTimestamp: timestamp))
        latest[requestID] = hops.count - 1
    }

    private mutating func fill(_ index: Int, _ response: [String: Any]) {
        hops[index].status = (response["status"] as? NSNumber)?.intValue
        hops[index].statusText = response["statusText"] as? String ?? ""
        if let version = response["protocol"] as? String, !version.isEmpty { hops[index].httpVersion = version.uppercased() }
        hops[index].responseHeaders = Self.headerFields(response["headers"])
    }

    // MARK: Bodies

    /// Finished hops whose body has not been asked for yet (each is asked once), by index.
    mutating func bodiesToFetch() -> [(index: Int, requestID: String, needsRequestBody: Bool)] {
        var wanted: [(Int, String, Bool)] = []
        for index in hops.indices where hops[index].finished && !hops[index].bodyAsked {
            hops[index].bodyAsked = true
            let needsRequestBody = hops[index].hasBody && hops[index].body == nil
            if hops[index].wantsBody || needsRequestBody { wanted.append((index, hops[index].requestID, needsRequestBody)) }
        }
        return wanted
    }

    mutating func setResponseBody(_ index: Int, _ body: Data) { hops[index].responseBody = body }

    /// Whether the last page of the action lacks its body (DevTools no longer held it).
    var lastPageLacksBody: Bool {
        guard let last = hops[handedOver...].last(where: \.isDocument) else { return false }
        return last.finished && !last.isRedirect && last.failure == nil && last.responseBody == nil
    }

    /// The body of the action's last page, read from the page itself.
    mutating func setLastPageBody(_ body: Data) {
        guard let index = hops.indices.last(where: { $0 >= handedOver && hops[$0].isDocument }) else { return }
        hops[index].responseBody = body
    }
    mutating func setRequestBody(_ index: Int, _ body: Data) { hops[index].body = body }

    // MARK: The action's hops

    /// The page hops (documents) not handed over yet, in the order they started.
    var pendingDocuments: [Hop] { hops[handedOver...].filter(\.isDocument) }

    /// The origins (scheme://host:port) of every request so far.
    var origins: Set<String> { Set(hops.compactMap { URL(string: $0.url).flatMap(Self.origin) }) }

    /// `scheme://host:port` of an http(s) URL, as DevTools' storage commands name an origin.
    static func origin(_ url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host()?.lowercased() else { return nil }
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)"
    }

    /// Whether a request of the current action is still under way.
    var busy: Bool { hops[handedOver...].contains { !$0.finished && ($0.isDocument || $0.resourceType == "XHR" || $0.resourceType == "Fetch") } }

    /// Hands the finished hops over as exchange records appended to `log` (unfinished ones wait
    /// for the next action), and returns the page hops among them as a navigation's hops.
    mutating func handOver(to log: ExchangeLog, navigation: Int) -> [BrowserHop] {
        let sent = requestExtraInfoByHop(), received = responseExtraInfoByHop()
        var pageHops: [BrowserHop] = []
        var index = handedOver
        while index < hops.count, hops[index].finished {
            let hop = hops[index]
            var request = BrowserRequest(method: hop.method, url: URL(string: hop.url) ?? URL(string: "about:blank")!,
                                         headers: sent[index].map { Self.headerFields($0["headers"]) } ?? hop.headers,
                                         body: hop.body)
            request.withheldCookies = Self.withheldCookies(sent[index], url: request.url)
            let responseExtra = received[index]
            let response = hop.status.map { status in
                BrowserResponse(status: status, reasonPhrase: hop.statusText.isEmpty ? nil : hop.statusText, httpVersion: hop.httpVersion,
                                headers: responseExtra.map { Self.headerFields($0["headers"]) } ?? hop.responseHeaders,
                                body: hop.responseBody ?? Data(), url: request.url)
            }
            let seconds = max(0, (hop.endTimestamp ?? hop.startTimestamp) - hop.startTimestamp)
            let record = ExchangeRecord.fromRealBrowser(
                request: request, response: response, failure: response == nil ? (hop.failure ?? "no response") : nil,
                blockedSetCookies: Self.blockedSetCookies(responseExtra), navigation: navigation,
                hopIndex: pageHops.count, startedAt: hop.started, wait: .milliseconds(Int64(seconds * 1000)), receive: .zero)
            let sequence = log.append(record)
            if hop.isDocument, let response { pageHops.append(BrowserHop(index: pageHops.count, request: request, response: response, recordSequence: sequence)) }
            index += 1
        }
        handedOver = index
        return pageHops
    }

    /// The k-th `requestWillBeSentExtraInfo` of a request, by hop index.
    private func requestExtraInfoByHop() -> [Int: [String: Any]] {
        extraInfoByHop(requestExtraInfo)
    }

    private func responseExtraInfoByHop() -> [Int: [String: Any]] {
        // Only hops with a response have response extra info.
        var byHop: [Int: [String: Any]] = [:]
        var seen: [String: Int] = [:]
        for (index, hop) in hops.enumerated() where hop.status != nil {
            let k = seen[hop.requestID, default: 0]
            seen[hop.requestID] = k + 1
            if let infos = responseExtraInfo[hop.requestID], k < infos.count { byHop[index] = infos[k] }
        }
        return byHop
    }

    private func extraInfoByHop(_ infos: [String: [[String: Any]]]) -> [Int: [String: Any]] {
        var byHop: [Int: [String: Any]] = [:]
        var seen: [String: Int] = [:]
        for (index, hop) in hops.enumerated() {
            let k = seen[hop.requestID, default: 0]
            seen[hop.requestID] = k + 1
            if let list = infos[hop.requestID], k < list.count { byHop[index] = list[k] }
        }
        return byHop
    }

    // MARK: Reading DevTools' shapes

    /// Cookies Chromium held for the URL but left out because of SameSite.
    private static func withheldCookies(_ extra: [String: Any]?, url: URL) -> [Cookie] {
        let associated = extra?["associatedCookies"] as? [[String: Any]] ?? []
        return associated.compactMap { entry in
            let reasons = entry["blockedReasons"] as? [String] ?? []
            guard reasons.contains(where: { $0.hasPrefix("SameSite") }), let cookie = entry["cookie"] as? [String: Any],
                  let name = cookie["name"] as? String else { return nil }
            return Cookie(name: name, value: cookie["value"] as? String ?? "", domain: url.host() ?? "",
                          sameSite: Cookie.SameSite(rawValue: cookie["sameSite"] as? String ?? "") ?? .unspecified)
        }
    }

    /// `Set-Cookie` lines Chromium refused, with its reasons.
    private static func blockedSetCookies(_ extra: [String: Any]?) -> [String: String] {
        var blocked: [String: String] = [:]
        for entry in extra?["blockedCookies"] as? [[String: Any]] ?? [] {
            guard let line = entry["cookieLine"] as? String else { continue }
            blocked[line] = (entry["blockedReasons"] as? [String] ?? []).joined(separator: ", ")
        }
        return blocked
    }

    /// DevTools' header object (one key per name, repeated lines joined by newlines) as the
    /// lines they were. HTTP/2 pseudo-headers (`:authority`) are no header lines, and no
    /// `HTTPField.Name` holds them: they are left out.
    static func headerFields(_ headers: Any?) -> HTTPFields {
        let headers = headers as? [String: Any] ?? [:]
        return HTTPFields(headers.keys.sorted().flatMap { name in
            "\(headers[name] ?? "")".split(separator: "\n").compactMap { value in
                HTTPField.Name(name).map { HTTPField(name: $0, value: String(value)) }
            }
        })
    }
}
