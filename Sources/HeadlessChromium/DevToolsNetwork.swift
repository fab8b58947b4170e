import Foundation

/// Reading DevTools' Network domain events, shared by the HAR recorder and the harness's
/// Chromium runs.
public enum DevToolsNetwork {
    /// The events about a request (`{"method", "params"}` with a `requestId`), in order, as
    /// method, request id and parameters; any other event is left out.
    public static func events(_ events: [[String: Any]]) -> [(method: String, requestID: String, params: [String: Any])] {
        events.compactMap { event in
            guard let method = event["method"] as? String, let params = event["params"] as? [String: Any],
                  let requestID = params["requestId"] as? String else { return nil }
            return (method, requestID, params)
        }
    }

    /// A request's body: `postData` when DevTools inlined it, else its `postDataEntries`
    /// (base64 chunks); nil when DevTools gave neither (`Network.getRequestPostData` then has it).
    public static func requestBody(_ request: [String: Any]) -> Data? {
        if let text = request["postData"] as? String { return Data(text.utf8) }
        let entries = request["postDataEntries"] as? [[String: Any]] ?? []
        let bytes = entries.compactMap { ($0["bytes"] as? String).flatMap { Data(base64Encoded: $0) } }.reduce(Data(), +)
        return bytes.isEmpty ? nil : bytes
    }
}
