import BrowserAgent
import Foundation
import Vocabulary

/// The JSON that SAML-tracer's "Export" writes (simplesamlphp/SAML-tracer, `SAMLTraceIO.js`):
/// `{"requests": [...], "timestamp": "<export time, ISO 8601>"}`, each request with `method`,
/// `url`, `requestHeaders`, `get` and `post` as `[name, value]` pairs (values decoded), the
/// decoded message in `saml` (Redirect messages inflated), `protocol` (`SAML-P`, `WS-Fed`),
/// and the response's `responseStatus`, `responseStatusText` (the status line) and
/// `responseHeaders`. There are no bodies and no per-request times.
///
/// Read tolerantly: exports before version 1.0 write headers as `[name, value]` pairs and
/// `id` instead of `requestId`; the export filters can hash or blank `post` values (then
/// `saml` is the only copy of the message); `responseStatus` is absent when the request never
/// got an answer.
struct SAMLTracerExport: Decodable {
    var requests: [Request]
    var timestamp: String?

    struct Request: Decodable {
        var method: String
        var url: String
        var requestHeaders: [Pair]
        var post: [Pair]
        var saml: String?
        var responseStatus: Int?
        var responseStatusText: String?
        var responseHeaders: [Pair]

        enum CodingKeys: String, CodingKey {
            case method, url, requestHeaders, post, saml
            case responseStatus, responseStatusText, responseHeaders
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            method = (try? c.decodeIfPresent(String.self, forKey: .method)) ?? "GET"
            url = try c.decode(String.self, forKey: .url)
            requestHeaders = (try? c.decodeIfPresent([Pair].self, forKey: .requestHeaders)) ?? []
            post = (try? c.decodeIfPresent([Pair].self, forKey: .post)) ?? []
            saml = try? c.decodeIfPresent(String.self, forKey: .saml)
            // A number, or "" when the extension saw no response.
            responseStatus = try? c.decodeIfPresent(Int.self, forKey: .responseStatus)
            responseStatusText = try? c.decodeIfPresent(String.self, forKey: .responseStatusText)
            responseHeaders = (try? c.decodeIfPresent([Pair].self, forKey: .responseHeaders)) ?? []
        }
    }

    /// `{"name": …, "value": …}` or `[name, value]`.
    struct Pair: Decodable {
        var name: String
        var value: String

        private enum CodingKeys: String, CodingKey { case name, value }

        init(from decoder: Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: CodingKeys.self) {
                name = try keyed.decode(String.self, forKey: .name)
                value = (try? keyed.decodeIfPresent(String.self, forKey: .value)) ?? ""
            } else {
                var unkeyed = try decoder.unkeyedContainer()
                name = try unkeyed.decode(String.self)
                value = unkeyed.isAtEnd ? "" : ((try? unkeyed.decode(String.self)) ?? "")
            }
        }
    }

    /// The export as HAR entries: every request at the export time, form bodies rebuilt
    /// from `post`, the decoded message kept in `_samlTracerXML`.
    func harEntries() -> [HAR.Entry] {
        let started = timestamp ?? ""
        return requests.map { request in
            let headers = request.requestHeaders.map { HAR.NameValue(name: $0.name, value: $0.value) }
            var harRequest = HAR.Request(method: request.method, url: request.url, httpVersion: "",
                                         headers: headers, queryString: HARBuilder.queryString(of: request.url))
            if !request.post.isEmpty {
                let mimeType = headers.first { $0.name.lowercased() == "content-type" }?.value
                    ?? "application/x-www-form-urlencoded"
                let fields = request.post.map { FormField($0.name, $0.value) }
                harRequest.postData = HAR.PostData(
                    mimeType: mimeType, params: fields.map { HAR.NameValue(name: $0.name, value: $0.value) },
                    text: FormURLEncoding.encode(fields))
            }
            let responseHeaders = request.responseHeaders.map { HAR.NameValue(name: $0.name, value: $0.value) }
            let statusLine = Self.splitStatusLine(request.responseStatusText ?? "")
            let location = responseHeaders.first { $0.name.lowercased() == "location" }?.value ?? ""
            let response = HAR.Response(status: request.responseStatus ?? 0, statusText: statusLine.text,
                                        httpVersion: statusLine.version, headers: responseHeaders,
                                        content: HAR.Content(size: -1, mimeType: ""), redirectURL: location)
            return HAR.Entry(startedDateTime: started, time: -1, request: harRequest, response: response,
                             timings: HAR.Timings(send: -1, wait: -1, receive: -1), samlTracerXML: request.saml)
        }
    }

    /// `HTTP/1.1 302 Found` → (`HTTP/1.1`, `Found`).
    static func splitStatusLine(_ line: String) -> (version: String, text: String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return ("", line) }
        return (String(parts[0]), parts.count == 3 ? String(parts[2]) : "")
    }
}
