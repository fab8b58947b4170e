import Foundation
import Vocabulary

/// Turns what Chromium's DevTools saw (the Network domain's events) into the HAR 1.2 file a
/// person gets from DevTools' "Export HAR": the same fields, the same quirks — headers as the
/// network stack sent and received them (the `…ExtraInfo` events, with `Cookie` and
/// `Set-Cookie`), redirects as entries of their own with `redirectURL`, form parameters left
/// URL-encoded, `_resourceType`, `_initiator`, `_priority`, `connection`, `pages` — so that
/// replaying such a file proves the reader on the shape beneficiaries really send. The events
/// are read by `DevToolsNetworkLog`, as the harness's Chromium runs read them.
///
/// Feed it after every step of the browser (`collect(from:)`): chromedriver empties its
/// performance log as it is read, and a response body can only be fetched while Chromium
/// still holds it.
// @unchecked Sendable: every read and write of the recorded state below runs under `lock`, never held across an await.
public final class DevToolsHARRecorder: @unchecked Sendable {
    /// A page of the HAR (`log.pages`): DevTools groups entries by navigation.
    struct Page {
        let id: String
        let started: Date
        let title: String
    }

    private let lock = NSLock()
    private var network = DevToolsNetworkLog()
    /// The page each hop of `network` belongs to, by hop index.
    private var pageOfHop: [String] = []
    private var pages: [Page] = []
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
        pages.append(Page(id: "page_\(pages.count + 1)", started: Date(), title: title))
    }

    /// Reads the events logged since the last call and fetches the bodies of the responses
    /// that finished meanwhile.
    /// A document still loading is waited for (up to a second): the page a step ends on is
    /// the one whose body matters, and its last event may reach the log a moment later.
    public func collect(from session: WebDriverSession) async throws {
        absorb(try await session.devToolsEvents())
        for _ in 0..<10 where lock.withLock({ network.hops.contains(where: { !$0.finished && $0.isDocument }) }) {
            try await Task.sleep(nanoseconds: 100_000_000)
            absorb(try await session.devToolsEvents())
        }
        // Redirects and failures have no body to ask for.
        let pending: [Int] = lock.withLock {
            network.takeFinished().filter { !network.hops[$0].redirected && network.hops[$0].failure == nil }
        }
        for index in pending {
            let hop = lock.withLock { network.hops[index] }
            do {
                let body = try await session.responseBody(of: hop.requestID)
                lock.withLock { network.setResponseBody(body, at: index) }
            } catch {
                // Chromium drops a page's body once the browser has navigated on (an
                // auto-submitting page is gone within milliseconds); DevTools' own export
                // leaves these empty too.
                lock.withLock {
                    recordedWarnings.append("no body kept for \(hop.method) \(hop.url) (the browser had moved on)")
                }
            }
        }
    }

    /// Takes DevTools events (`{"method", "params"}`) in the order they were logged.
    public func absorb(_ events: [[String: Any]]) {
        lock.withLock {
            network.absorb(events)
            guard pageOfHop.count < network.hops.count else { return }
            if pages.isEmpty { beginPageLocked(title: network.hops[pageOfHop.count].url) }
            pageOfHop += Array(repeating: pages[pages.count - 1].id, count: network.hops.count - pageOfHop.count)
        }
    }

    // MARK: The HAR

    /// The HAR log as DevTools exports it, entries in the order the requests started.
    public func har(browserVersion: String = "") -> [String: Any] {
        lock.withLock { harLocked(browserVersion: browserVersion) }
    }

    private func harLocked(browserVersion: String) -> [String: Any] {
        let entries = network.hops.indices.map { entry(network.hops[$0], page: pageOfHop[$0]) }
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

    /// One hop as DevTools exports it: the headers the network stack logged (only they carry
    /// `Cookie` and `Set-Cookie`), a response of status 0 where none came.
    private func entry(_ hop: DevToolsHop, page: String) -> [String: Any] {
        let requestHeaders = hop.sentHeaders
        let responseHeaders = hop.receivedHeaders
        let url = hop.url + hop.urlFragment
        let httpVersion = hop.response?.protocolName ?? "http/1.1"
        let contentType = requestHeaders.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        let postText = hop.postData.map { String(decoding: $0, as: UTF8.self) }
        var request: [String: Any] = [
            "method": hop.method, "url": url, "httpVersion": httpVersion,
            "headers": requestHeaders.map { ["name": $0.name, "value": $0.value] },
            "queryString": Self.queryString(url),
            "cookies": Self.requestCookies(requestHeaders),
            "headersSize": -1, "bodySize": postText.map { $0.utf8.count } ?? 0,
        ]
        if let text = postText {
            var postData: [String: Any] = ["mimeType": contentType, "text": text]
            if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
                postData["params"] = Self.rawPairs(text)
            }
            request["postData"] = postData
        }
        let location = responseHeaders.first { $0.name.lowercased() == "location" }?.value ?? ""
        var content: [String: Any] = ["size": hop.responseBody?.bytes.count ?? 0, "mimeType": hop.response?.mimeType ?? ""]
        if let body = hop.responseBody {
            content["text"] = body.text
            if body.base64Encoded { content["encoding"] = "base64" }
        }
        let error = hop.failure.map { failure in
            failure.errorText.map { failure.canceled ? "\($0) (canceled)" : $0 } ?? "failed"
        }
        let response: [String: Any] = [
            "status": hop.response?.status ?? 0, "statusText": hop.response?.statusText ?? "",
            "httpVersion": httpVersion,
            "headers": responseHeaders.map { ["name": $0.name, "value": $0.value] },
            "cookies": Self.responseCookies(responseHeaders),
            "content": content,
            "redirectURL": location.isEmpty ? "" : (URL(string: location, relativeTo: URL(string: url))?.absoluteString ?? location),
            "headersSize": -1, "bodySize": -1, "_transferSize": hop.encodedDataLength ?? -1,
            "_error": error as Any? ?? NSNull(),
        ]
        var entry: [String: Any] = [
            "_initiator": hop.initiator ?? ["type": "other"],
            "_priority": hop.priority ?? "VeryHigh",
            "_resourceType": hop.resourceType.lowercased(),
            "cache": [String: Any](),
            "pageref": page,
            "request": request,
            "response": response,
            "startedDateTime": Self.timestamp(hop.started),
            "time": Self.milliseconds(hop.endTimestamp.map { $0 - hop.startTimestamp } ?? 0),
            "timings": Self.timings(hop),
        ]
        if let address = hop.response?.remoteIPAddress { entry["serverIPAddress"] = address }
        if let connection = hop.response?.connectionID { entry["connection"] = connection }
        return entry
    }

    /// DevTools' phases from the response's `timing` (milliseconds after `requestTime`).
    private static func timings(_ hop: DevToolsHop) -> [String: Any] {
        let total = milliseconds(hop.endTimestamp.map { $0 - hop.startTimestamp } ?? 0)
        guard let timing = hop.response?.timing else {
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

    private static func requestCookies(_ headers: [DevToolsHeader]) -> [[String: Any]] {
        headers.filter { $0.name.lowercased() == "cookie" }.flatMap { header in
            header.value.split(separator: ";").compactMap { pair -> [String: Any]? in
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = parts.first, !name.isEmpty else { return nil }
                return ["name": String(name), "value": parts.count > 1 ? String(parts[1]) : "", "path": "/", "domain": "",
                        "expires": "1969-12-31T23:59:59.000Z", "httpOnly": false, "secure": false]
            }
        }
    }

    private static func responseCookies(_ headers: [DevToolsHeader]) -> [[String: Any]] {
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
