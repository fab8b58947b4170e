import Foundation
import Vocabulary

/// Turns what Chromium's DevTools saw (the Network domain's events) into the HAR 1.2 file a
/// person gets from DevTools' "Export HAR": the same fields, the same quirks — headers as the
/// network stack sent and received them (the `…ExtraInfo` events, with `Cookie` and
/// `Set-Cookie`), redirects as entries of their own with `redirectURL`, form parameters left
/// URL-encoded, `_resourceType`, `_initiator`, `_priority`, `connection`, `pages` — so that
/// replaying such a file proves the reader on the shape beneficiaries really send.
///
/// Feed it after every step of the browser (`collect(from:)`): chromedriver empties its
/// performance log as it is read, and a response body can only be fetched while Chromium
/// still holds it.
// @unchecked Sendable: every read and write of the recorded state below runs under `lock`, never held across an await.
public final class DevToolsHARRecorder: @unchecked Sendable {
    /// One request as DevTools tracks it; a redirect ends one and starts the next with the
    /// same `requestId`.
    struct Exchange {
        var requestID: String
        var hop: Int
        var started: Date
        var startTimestamp: Double
        var endTimestamp: Double?
        var method: String
        var url: String
        var requestHeaders: [(name: String, value: String)]
        var postData: String?
        var resourceType: String
        var priority: String?
        var initiator: [String: Any]?
        var status = 0
        var statusText = ""
        var httpProtocol = ""
        var responseHeaders: [(name: String, value: String)] = []
        var mimeType = ""
        var remoteIPAddress: String?
        var connectionID: String?
        var timing: [String: Any]?
        var encodedDataLength: Int = -1
        var body: String?
        var bodyIsBase64 = false
        var finished = false
        var bodyFetched = false
        var error: String?
        var pageID: String
    }

    private let lock = NSLock()
    private var exchanges: [Exchange] = []
    /// requestId → index in `exchanges` of its latest hop.
    private var latest: [String: Int] = [:]
    /// Raw headers per requestId, in the order the hops happened.
    private var requestExtraInfo: [String: [[String: Any]]] = [:]
    private var responseExtraInfo: [String: [(status: Int, headers: [String: Any])]] = [:]
    private var pages: [(id: String, started: Date, title: String)] = []
    /// What could not be recorded (a body Chromium no longer held), for the person recording.
    public var warnings: [String] { lock.withLock { recordedWarnings } }
    private var recordedWarnings: [String] = []

    public init() {}

    /// Starts a new page in the HAR (`log.pages`): DevTools groups entries by navigation.
    public func beginPage(title: String) {
        lock.withLock { beginPageLocked(title: title) }
    }

    /// `beginPage` for a caller that holds `lock` (NSLock is not recursive).
    private func beginPageLocked(title: String) {
        pages.append((id: "page_\(pages.count + 1)", started: Date(), title: title))
    }

    /// Reads the events logged since the last call and fetches the bodies of the responses
    /// that finished meanwhile.
    /// A document still loading is waited for (up to a second): the page a step ends on is
    /// the one whose body matters, and its last event may reach the log a moment later.
    public func collect(from session: WebDriverSession) async throws {
        absorb(try await session.devToolsEvents())
        for _ in 0..<10 where lock.withLock({ exchanges.contains(where: { !$0.finished && $0.resourceType == "document" }) }) {
            try await Task.sleep(nanoseconds: 100_000_000)
            absorb(try await session.devToolsEvents())
        }
        let pending: [(index: Int, requestID: String)] = lock.withLock {
            var pending: [(index: Int, requestID: String)] = []
            for index in exchanges.indices where exchanges[index].finished && !exchanges[index].bodyFetched {
                exchanges[index].bodyFetched = true
                guard !(300..<400).contains(exchanges[index].status), exchanges[index].error == nil else { continue }
                pending.append((index, exchanges[index].requestID))
            }
            return pending
        }
        for (index, requestID) in pending {
            do {
                let answer = try await session.devTools("Network.getResponseBody", ["requestId": requestID])
                let body = answer["body"] as? String
                let isBase64 = (answer["base64Encoded"] as? Bool) ?? false
                lock.withLock {
                    exchanges[index].body = body
                    exchanges[index].bodyIsBase64 = isBase64
                }
            } catch {
                // Chromium drops a page's body once the browser has navigated on (an
                // auto-submitting page is gone within milliseconds); DevTools' own export
                // leaves these empty too.
                lock.withLock {
                    recordedWarnings.append("no body kept for \(exchanges[index].method) \(exchanges[index].url) (the browser had moved on)")
                }
            }
        }
    }

    /// Takes DevTools events (`{"method", "params"}`) in the order they were logged.
    public func absorb(_ events: [[String: Any]]) {
        lock.withLock { absorbLocked(events) }
    }

    private func absorbLocked(_ events: [[String: Any]]) {
        for (method, requestID, params) in DevToolsNetwork.events(events) {
            switch method {
            case "Network.requestWillBeSent": requestWillBeSent(requestID, params)
            case "Network.requestWillBeSentExtraInfo": requestExtraInfo[requestID, default: []].append(params)
            case "Network.responseReceivedExtraInfo":
                responseExtraInfo[requestID, default: []].append(
                    (status: (params["statusCode"] as? NSNumber)?.intValue ?? 0, headers: params["headers"] as? [String: Any] ?? [:]))
            case "Network.responseReceived":
                guard let index = latest[requestID], let response = params["response"] as? [String: Any] else { continue }
                fillResponse(index, response)
            case "Network.loadingFinished":
                guard let index = latest[requestID] else { continue }
                exchanges[index].finished = true
                exchanges[index].endTimestamp = params["timestamp"] as? Double
                if let length = (params["encodedDataLength"] as? NSNumber)?.intValue { exchanges[index].encodedDataLength = length }
            case "Network.loadingFailed":
                guard let index = latest[requestID] else { continue }
                exchanges[index].finished = true
                exchanges[index].bodyFetched = true
                exchanges[index].endTimestamp = params["timestamp"] as? Double
                let canceled = (params["canceled"] as? Bool) ?? false
                exchanges[index].error = (params["errorText"] as? String).map { canceled ? "\($0) (canceled)" : $0 } ?? "failed"
            default:
                continue
            }
        }
    }

    private func requestWillBeSent(_ requestID: String, _ params: [String: Any]) {
        guard let request = params["request"] as? [String: Any], let url = request["url"] as? String else { return }
        let timestamp = params["timestamp"] as? Double ?? 0
        var hop = 0
        if let previous = latest[requestID] {
            // A redirect: the previous hop ends with the redirect response carried here.
            hop = exchanges[previous].hop + 1
            if let redirect = params["redirectResponse"] as? [String: Any] {
                fillResponse(previous, redirect)
            }
            exchanges[previous].finished = true
            exchanges[previous].bodyFetched = true
            exchanges[previous].endTimestamp = timestamp
        }
        if pages.isEmpty { beginPageLocked(title: url) }
        let wallTime = params["wallTime"] as? Double ?? Date().timeIntervalSince1970
        exchanges.append(Exchange(
            requestID: requestID, hop: hop, started: Date(timeIntervalSince1970: wallTime), startTimestamp: timestamp,
            method: request["method"] as? String ?? "GET", url: url + (request["urlFragment"] as? String ?? ""),
            requestHeaders: Self.headerList(request["headers"] as? [String: Any] ?? [:]),
            postData: Self.postData(request), resourceType: (params["type"] as? String ?? "Other").lowercased(),
            priority: request["initialPriority"] as? String, initiator: params["initiator"] as? [String: Any],
            pageID: pages.last!.id))
        latest[requestID] = exchanges.count - 1
    }

    private func fillResponse(_ index: Int, _ response: [String: Any]) {
        exchanges[index].status = (response["status"] as? NSNumber)?.intValue ?? 0
        exchanges[index].statusText = response["statusText"] as? String ?? ""
        exchanges[index].httpProtocol = response["protocol"] as? String ?? "http/1.1"
        exchanges[index].responseHeaders = Self.headerList(response["headers"] as? [String: Any] ?? [:])
        exchanges[index].mimeType = response["mimeType"] as? String ?? ""
        exchanges[index].remoteIPAddress = response["remoteIPAddress"] as? String
        exchanges[index].connectionID = (response["connectionId"] as? NSNumber).map { "\($0.intValue)" }
        exchanges[index].timing = response["timing"] as? [String: Any]
    }

    /// The request body: `postData` when DevTools inlined it, else its `postDataEntries`.
    private static func postData(_ request: [String: Any]) -> String? {
        DevToolsNetwork.requestBody(request).map { String(decoding: $0, as: UTF8.self) }
    }

    /// DevTools gives headers as an object; a repeated header is one value with `\n` between.
    private static func headerList(_ headers: [String: Any]) -> [(name: String, value: String)] {
        headers.keys.sorted().flatMap { name in
            "\(headers[name] ?? "")".split(separator: "\n", omittingEmptySubsequences: false).map { (name: name, value: String($0)) }
        }
    }

    // MARK: The HAR

    /// The HAR log as DevTools exports it, entries in the order the requests started.
    public func har(browserVersion: String = "") -> [String: Any] {
        lock.withLock { harLocked(browserVersion: browserVersion) }
    }

    private func harLocked(browserVersion: String) -> [String: Any] {
        attachExtraInfo()
        let entries = exchanges.filter { !$0.url.hasPrefix("data:") }.map(entry)
        return ["log": [
            "version": "1.2",
            "creator": ["name": "WebInspector", "version": "537.36"],
            "pages": pages.map { page in
                ["startedDateTime": Self.timestamp(page.started), "id": page.id, "title": page.title,
                 "pageTimings": ["onContentLoad": -1, "onLoad": -1]] as [String: Any]
            },
            "entries": entries,
        ] as [String: Any]]
    }

    /// The HAR as pretty-printed JSON with sorted keys (stable diffs of re-recorded fixtures).
    public func harData() throws -> Data {
        try JSONSerialization.data(withJSONObject: har(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Replaces the headers of each hop with the raw ones the network stack logged, which is
    /// what DevTools shows and exports (only they carry `Cookie` and `Set-Cookie`). The k-th
    /// extra-info event of a request belongs to its k-th hop; a response's is matched by status.
    private func attachExtraInfo() {
        var hopsByRequest: [String: [Int]] = [:]
        for (index, exchange) in exchanges.enumerated() { hopsByRequest[exchange.requestID, default: []].append(index) }
        for (requestID, hops) in hopsByRequest {
            for (hop, extra) in zip(hops, requestExtraInfo[requestID] ?? []) {
                if let headers = extra["headers"] as? [String: Any] { exchanges[hop].requestHeaders = Self.headerList(headers) }
            }
            var responses = responseExtraInfo[requestID] ?? []
            for hop in hops where exchanges[hop].status != 0 {
                guard let match = responses.firstIndex(where: { $0.status == exchanges[hop].status }) else { continue }
                exchanges[hop].responseHeaders = Self.headerList(responses[match].headers)
                responses.removeSubrange(...match)
            }
        }
        requestExtraInfo = [:]
        responseExtraInfo = [:]
    }

    private func entry(_ exchange: Exchange) -> [String: Any] {
        let requestHeaders = exchange.requestHeaders
        let responseHeaders = exchange.responseHeaders
        let contentType = requestHeaders.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        var request: [String: Any] = [
            "method": exchange.method, "url": exchange.url, "httpVersion": exchange.httpProtocol.isEmpty ? "http/1.1" : exchange.httpProtocol,
            "headers": requestHeaders.map { ["name": $0.name, "value": $0.value] },
            "queryString": Self.queryString(exchange.url),
            "cookies": Self.requestCookies(requestHeaders),
            "headersSize": -1, "bodySize": exchange.postData.map { $0.utf8.count } ?? 0,
        ]
        if let text = exchange.postData {
            var postData: [String: Any] = ["mimeType": contentType, "text": text]
            if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
                postData["params"] = Self.rawPairs(text)
            }
            request["postData"] = postData
        }
        let location = responseHeaders.first { $0.name.lowercased() == "location" }?.value ?? ""
        var content: [String: Any] = ["size": Self.decodedSize(exchange), "mimeType": exchange.mimeType]
        if let body = exchange.body {
            content["text"] = body
            if exchange.bodyIsBase64 { content["encoding"] = "base64" }
        }
        let response: [String: Any] = [
            "status": exchange.status, "statusText": exchange.statusText,
            "httpVersion": exchange.httpProtocol.isEmpty ? "http/1.1" : exchange.httpProtocol,
            "headers": responseHeaders.map { ["name": $0.name, "value": $0.value] },
            "cookies": Self.responseCookies(responseHeaders),
            "content": content,
            "redirectURL": location.isEmpty ? "" : (URL(string: location, relativeTo: URL(string: exchange.url))?.absoluteString ?? location),
            "headersSize": -1, "bodySize": -1, "_transferSize": exchange.encodedDataLength,
            "_error": exchange.error as Any? ?? NSNull(),
        ]
        var entry: [String: Any] = [
            "_initiator": exchange.initiator ?? ["type": "other"],
            "_priority": exchange.priority ?? "VeryHigh",
            "_resourceType": exchange.resourceType,
            "cache": [String: Any](),
            "pageref": exchange.pageID,
            "request": request,
            "response": response,
            "startedDateTime": Self.timestamp(exchange.started),
            "time": Self.milliseconds(exchange.endTimestamp.map { $0 - exchange.startTimestamp } ?? 0),
            "timings": Self.timings(exchange),
        ]
        if let address = exchange.remoteIPAddress { entry["serverIPAddress"] = address }
        if let connection = exchange.connectionID { entry["connection"] = connection }
        return entry
    }

    private static func decodedSize(_ exchange: Exchange) -> Int {
        guard let body = exchange.body else { return 0 }
        return exchange.bodyIsBase64 ? (Data(base64Encoded: body)?.count ?? 0) : body.utf8.count
    }

    /// DevTools' phases from the response's `timing` (milliseconds after `requestTime`).
    private static func timings(_ exchange: Exchange) -> [String: Any] {
        let total = milliseconds(exchange.endTimestamp.map { $0 - exchange.startTimestamp } ?? 0)
        guard let timing = exchange.timing else {
            return ["blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": total, "receive": 0]
        }
        func value(_ key: String) -> Double { (timing[key] as? NSNumber)?.doubleValue ?? -1 }
        func span(_ start: String, _ end: String) -> Double {
            value(start) >= 0 && value(end) >= 0 ? milliseconds((value(end) - value(start)) / 1000) : -1
        }
        let sendStart = max(0, value("sendStart")), sendEnd = max(sendStart, value("sendEnd"))
        let headersEnd = max(sendEnd, value("receiveHeadersEnd"))
        let firstPhase = [value("dnsStart"), value("connectStart"), sendStart].first { $0 >= 0 } ?? 0
        return [
            "blocked": milliseconds(firstPhase / 1000), "dns": span("dnsStart", "dnsEnd"),
            "connect": span("connectStart", "connectEnd"), "ssl": span("sslStart", "sslEnd"),
            "send": milliseconds((sendEnd - sendStart) / 1000), "wait": milliseconds((headersEnd - sendEnd) / 1000),
            "receive": max(0, milliseconds((total - headersEnd) / 1000)),
        ]
    }

    /// Seconds to milliseconds, to DevTools' precision (three decimals).
    private static func milliseconds(_ seconds: Double) -> Double {
        (seconds * 1_000_000).rounded() / 1000
    }

    private static func queryString(_ url: String) -> [[String: String]] {
        guard let query = URLComponents(string: url)?.percentEncodedQuery, !query.isEmpty else { return [] }
        return rawPairs(query)
    }

    /// `a=1&b=2` as name/value pairs the way DevTools splits it: on & and the first =, values
    /// left URL-encoded.
    private static func rawPairs(_ text: String) -> [[String: String]] {
        FormURLEncoding.rawPairs(text).map { ["name": $0.name, "value": $0.value] }
    }

    private static func requestCookies(_ headers: [(name: String, value: String)]) -> [[String: Any]] {
        headers.filter { $0.name.lowercased() == "cookie" }.flatMap { header in
            header.value.split(separator: ";").compactMap { pair -> [String: Any]? in
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = parts.first, !name.isEmpty else { return nil }
                return ["name": String(name), "value": parts.count > 1 ? String(parts[1]) : "", "path": "/", "domain": "",
                        "expires": "1969-12-31T23:59:59.000Z", "httpOnly": false, "secure": false]
            }
        }
    }

    private static func responseCookies(_ headers: [(name: String, value: String)]) -> [[String: Any]] {
        headers.filter { $0.name.lowercased() == "set-cookie" }.compactMap { header in
            let parts = header.value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first, let equals = first.firstIndex(of: "=") else { return nil }
            var cookie: [String: Any] = ["name": String(first[..<equals]), "value": String(first[first.index(after: equals)...]),
                                         "httpOnly": false, "secure": false]
            for attribute in parts.dropFirst() {
                let pair = attribute.split(separator: "=", maxSplits: 1).map(String.init)
                switch pair[0].lowercased() {
                case "path": cookie["path"] = pair.count > 1 ? pair[1] : "/"
                case "domain": cookie["domain"] = pair.count > 1 ? pair[1] : ""
                case "expires": cookie["expires"] = pair.count > 1 ? pair[1] : ""
                case "httponly": cookie["httpOnly"] = true
                case "secure": cookie["secure"] = true
                case "samesite": cookie["sameSite"] = pair.count > 1 ? pair[1] : ""
                default: continue
                }
            }
            return cookie
        }
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
