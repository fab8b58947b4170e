import Foundation

/// Chromium's requests as DevTools' Network domain reports them, folded event by event into
/// hops: one hop per request and per redirect (a redirect ends a hop and starts the next under
/// the same `requestId`, its response carried in `redirectResponse`). The one reading of those
/// events that `run --browser chromium` (its exchanges and pages) and the HAR recorder share.
///
/// The `…ExtraInfo` events hold what the network stack really sent and received (`Cookie`,
/// `Set-Cookie`, cookies held back or refused). DevTools may log them before or after the
/// event they complete, and not every hop has them: the k-th `requestWillBeSentExtraInfo` of a
/// request belongs to its k-th hop, and each `responseReceivedExtraInfo` to the next hop of the
/// request whose response has its status code.
public struct DevToolsNetworkLog {
    public private(set) var hops: [DevToolsHop] = []
    /// URL schemes whose requests are no hops (nothing went over the network).
    let ignoredSchemes: Set<String>
    /// requestId → indices in `hops`, in the order the hops started.
    private var hopsOfRequest: [String: [Int]] = [:]
    private var requestExtraInfo: [String: [DevToolsRequestExtraInfo]] = [:]
    private var responseExtraInfo: [String: [DevToolsResponseExtraInfo]] = [:]

    public init(ignoring schemes: Set<String> = ["data"]) {
        ignoredSchemes = schemes
    }

    /// Takes DevTools events (`{"method", "params"}`) in the order they were logged.
    public mutating func absorb(_ events: [[String: Any]]) {
        var touched: Set<String> = []
        for event in DevToolsEvent.parse(events) {
            let params = event.params
            switch event.method {
            case "Network.requestWillBeSent":
                requestWillBeSent(event.requestID, params)
            case "Network.requestWillBeSentExtraInfo":
                requestExtraInfo[event.requestID, default: []].append(DevToolsRequestExtraInfo(params))
            case "Network.responseReceivedExtraInfo":
                responseExtraInfo[event.requestID, default: []].append(DevToolsResponseExtraInfo(params))
            case "Network.responseReceived":
                guard let index = latest(event.requestID), let response = params["response"] as? [String: Any] else { continue }
                hops[index].response = DevToolsResponse(response)
            case "Network.loadingFinished", "Network.loadingFailed":
                guard let index = latest(event.requestID) else { continue }
                hops[index].finished = true
                hops[index].endTimestamp = params["timestamp"] as? Double
                if let length = (params["encodedDataLength"] as? NSNumber)?.intValue { hops[index].encodedDataLength = length }
                if event.method == "Network.loadingFailed" {
                    hops[index].failure = DevToolsFailure(errorText: params["errorText"] as? String,
                                                          canceled: (params["canceled"] as? Bool) ?? false)
                }
            default:
                continue
            }
            touched.insert(event.requestID)
        }
        for requestID in touched { attachExtraInfo(requestID) }
    }

    private func latest(_ requestID: String) -> Int? { hopsOfRequest[requestID]?.last }

    private mutating func requestWillBeSent(_ requestID: String, _ params: [String: Any]) {
        guard let request = params["request"] as? [String: Any], let url = request["url"] as? String,
              !ignoredSchemes.contains(where: { url.hasPrefix($0 + ":") }) else { return }
        let timestamp = params["timestamp"] as? Double ?? 0
        if let previous = latest(requestID) {
            if let redirect = params["redirectResponse"] as? [String: Any] { hops[previous].response = DevToolsResponse(redirect) }
            hops[previous].finished = true
            hops[previous].redirected = true
            hops[previous].endTimestamp = timestamp
        }
        let wallTime = params["wallTime"] as? Double ?? Date().timeIntervalSince1970
        hops.append(DevToolsHop(
            requestID: requestID, redirectIndex: hopsOfRequest[requestID]?.count ?? 0,
            method: request["method"] as? String ?? "GET", url: url, urlFragment: request["urlFragment"] as? String ?? "",
            headers: DevToolsHeader.lines(request["headers"]), postData: Self.requestBody(request),
            hasPostData: (request["hasPostData"] as? Bool) ?? false, resourceType: params["type"] as? String ?? "Other",
            priority: request["initialPriority"] as? String, initiator: params["initiator"] as? [String: Any],
            started: Date(timeIntervalSince1970: wallTime), startTimestamp: timestamp))
        hopsOfRequest[requestID, default: []].append(hops.count - 1)
    }

    /// Gives each hop of the request the extra info that belongs to it (see the type's comment).
    private mutating func attachExtraInfo(_ requestID: String) {
        let indices = hopsOfRequest[requestID] ?? []
        for (index, extra) in zip(indices, requestExtraInfo[requestID] ?? []) { hops[index].sentExtra = extra }
        var received = responseExtraInfo[requestID] ?? []
        for index in indices {
            guard let status = hops[index].response?.status,
                  let match = received.firstIndex(where: { $0.statusCode == nil || $0.statusCode == status }) else { continue }
            hops[index].receivedExtra = received[match]
            received.removeSubrange(...match)
        }
    }

    // MARK: Bodies

    /// The finished hops not offered before, by index, each offered once: the caller asks
    /// DevTools for the bodies it wants among them while Chromium still holds them.
    public mutating func takeFinished() -> [Int] {
        let finished = hops.indices.filter { hops[$0].finished && !hops[$0].offered }
        for index in finished { hops[index].offered = true }
        return finished
    }

    public mutating func setResponseBody(_ body: DevToolsBody, at index: Int) { hops[index].responseBody = body }
    public mutating func setPostData(_ data: Data, at index: Int) { hops[index].postData = data }

    /// A request's body: `postData` when DevTools inlined it, else its `postDataEntries`
    /// (base64 chunks); nil when DevTools gave neither (`Network.getRequestPostData` then has it).
    static func requestBody(_ request: [String: Any]) -> Data? {
        if let text = request["postData"] as? String { return Data(text.utf8) }
        let entries = request["postDataEntries"] as? [[String: Any]] ?? []
        let bytes = entries.compactMap { ($0["bytes"] as? String).flatMap { Data(base64Encoded: $0) } }.reduce(Data(), +)
        return bytes.isEmpty ? nil : bytes
    }
}

/// One hop: a request Chromium sent and what came of it.
public struct DevToolsHop {
    public let requestID: String
    /// 0 for the request as first sent, n for the n-th redirect under the same `requestId`.
    public let redirectIndex: Int
    public let method: String
    /// The URL without its fragment, which DevTools gives apart (`urlFragment`, with its `#`).
    public let url: String
    public let urlFragment: String
    /// The headers as the page asked for them (`requestWillBeSent`); `sentHeaders` are the real ones.
    public let headers: [DevToolsHeader]
    public fileprivate(set) var postData: Data?
    public let hasPostData: Bool
    /// DevTools' resource type: `Document`, `XHR`, `Fetch`, `Script`, `Image`, …
    public let resourceType: String
    public let priority: String?
    public let initiator: [String: Any]?
    public let started: Date
    /// DevTools' monotonic clock, in seconds.
    public let startTimestamp: Double
    public fileprivate(set) var endTimestamp: Double?
    public fileprivate(set) var response: DevToolsResponse?
    public fileprivate(set) var sentExtra: DevToolsRequestExtraInfo?
    public fileprivate(set) var receivedExtra: DevToolsResponseExtraInfo?
    public fileprivate(set) var encodedDataLength: Int?
    /// Loading finished or failed, or the hop was redirected.
    public fileprivate(set) var finished = false
    /// The hop ended in a redirect (the next hop of its request began).
    public fileprivate(set) var redirected = false
    public fileprivate(set) var failure: DevToolsFailure?
    public fileprivate(set) var responseBody: DevToolsBody?
    fileprivate var offered = false

    public var isDocument: Bool { resourceType == "Document" }
    /// The headers the network stack sent (`Cookie` included) when DevTools logged them.
    public var sentHeaders: [DevToolsHeader] { sentExtra?.headers ?? headers }
    /// The headers received (`Set-Cookie` included) when logged, else the response's.
    public var receivedHeaders: [DevToolsHeader] { receivedExtra?.headers ?? response?.headers ?? [] }
}

/// A response as `responseReceived` (or a `redirectResponse`) gives it.
public struct DevToolsResponse {
    public let status: Int
    public let statusText: String
    /// `http/1.1`, `h2`, …; nil when DevTools named none.
    public let protocolName: String?
    public let headers: [DevToolsHeader]
    public let mimeType: String
    public let remoteIPAddress: String?
    public let connectionID: String?
    /// DevTools' `ResourceTiming` (milliseconds after its `requestTime`).
    public let timing: [String: Any]?

    init(_ response: [String: Any]) {
        status = (response["status"] as? NSNumber)?.intValue ?? 0
        statusText = response["statusText"] as? String ?? ""
        protocolName = (response["protocol"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        headers = DevToolsHeader.lines(response["headers"])
        mimeType = response["mimeType"] as? String ?? ""
        remoteIPAddress = response["remoteIPAddress"] as? String
        connectionID = (response["connectionId"] as? NSNumber).map { "\($0.intValue)" }
        timing = response["timing"] as? [String: Any]
    }
}

/// `requestWillBeSentExtraInfo`: the headers sent over the wire and the cookies that went or did not.
public struct DevToolsRequestExtraInfo {
    public let headers: [DevToolsHeader]
    public let associatedCookies: [DevToolsAssociatedCookie]

    init(_ params: [String: Any]) {
        headers = DevToolsHeader.lines(params["headers"])
        associatedCookies = (params["associatedCookies"] as? [[String: Any]] ?? []).compactMap(DevToolsAssociatedCookie.init)
    }
}

/// A cookie Chromium held for a request's URL; `blockedReasons` empty when it was sent.
public struct DevToolsAssociatedCookie {
    public let name: String
    public let value: String
    public let sameSite: String?
    public let blockedReasons: [String]

    init?(_ entry: [String: Any]) {
        guard let cookie = entry["cookie"] as? [String: Any], let name = cookie["name"] as? String else { return nil }
        self.name = name
        value = cookie["value"] as? String ?? ""
        sameSite = cookie["sameSite"] as? String
        blockedReasons = entry["blockedReasons"] as? [String] ?? []
    }
}

/// `responseReceivedExtraInfo`: the headers received over the wire and the `Set-Cookie` lines refused.
public struct DevToolsResponseExtraInfo {
    public let statusCode: Int?
    public let headers: [DevToolsHeader]
    public let blockedCookies: [DevToolsBlockedCookie]

    init(_ params: [String: Any]) {
        statusCode = (params["statusCode"] as? NSNumber)?.intValue
        headers = DevToolsHeader.lines(params["headers"])
        blockedCookies = (params["blockedCookies"] as? [[String: Any]] ?? []).compactMap { entry in
            (entry["cookieLine"] as? String).map { DevToolsBlockedCookie(cookieLine: $0, blockedReasons: entry["blockedReasons"] as? [String] ?? []) }
        }
    }
}

/// A `Set-Cookie` line Chromium did not store, and why.
public struct DevToolsBlockedCookie {
    public let cookieLine: String
    public let blockedReasons: [String]
}

/// `loadingFailed`: DevTools' error text (`net::ERR_CONNECTION_REFUSED`) and whether it was canceled.
public struct DevToolsFailure {
    public let errorText: String?
    public let canceled: Bool
}

/// A response body as `Network.getResponseBody` answers (text, or base64 for binary).
public struct DevToolsBody {
    public let text: String
    public let base64Encoded: Bool

    public init(text: String, base64Encoded: Bool) {
        self.text = text
        self.base64Encoded = base64Encoded
    }

    public var bytes: Data { base64Encoded ? Data(base64Encoded: text) ?? Data() : Data(text.utf8) }
}

/// One header line. DevTools gives headers as an object, one key per name, a repeated header
/// as one value with `\n` between its lines.
public struct DevToolsHeader: Equatable, Sendable {
    public let name: String
    public let value: String

    static func lines(_ object: Any?) -> [DevToolsHeader] {
        let headers = object as? [String: Any] ?? [:]
        return headers.keys.sorted().flatMap { name in
            "\(headers[name] ?? "")".split(separator: "\n", omittingEmptySubsequences: false).map { DevToolsHeader(name: name, value: String($0)) }
        }
    }
}

/// An event about a request (`{"method", "params"}` with a `requestId`).
struct DevToolsEvent {
    let method: String
    let requestID: String
    let params: [String: Any]

    /// The events about a request, in order; any other event is left out.
    static func parse(_ events: [[String: Any]]) -> [DevToolsEvent] {
        events.compactMap { event in
            guard let method = event["method"] as? String, let params = event["params"] as? [String: Any],
                  let requestID = params["requestId"] as? String else { return nil }
            return DevToolsEvent(method: method, requestID: requestID, params: params)
        }
    }
}

extension WebDriverSession {
    /// A finished request's body, while Chromium still holds it.
    public func responseBody(of requestID: String) async throws -> DevToolsBody {
        let answer = try await devTools("Network.getResponseBody", ["requestId": requestID])
        guard let text = answer["body"] as? String else { throw WebDriverFailure("DevTools gave no body for request \(requestID)") }
        return DevToolsBody(text: text, base64Encoded: (answer["base64Encoded"] as? Bool) ?? false)
    }
}
