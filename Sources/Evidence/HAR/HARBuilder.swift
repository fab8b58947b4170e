import BrowserAgent
import Foundation
import HarnessModel
import HTTPTypes
import MPassSAML
import Vocabulary

/// Turns the browser agent's exchange log into a HAR 1.2 archive, redacted by a policy.
///
/// Redaction happens here, before anything is encoded, so no caller can write an
/// unredacted archive by forgetting a step.
public struct HARBuilder: Sendable {
    public var creator: HAR.Creator
    public var redaction: RedactionPolicy

    public init(creator: HAR.Creator = HAR.Creator(name: "mpass-harness", version: ToolInfo.version),
                redaction: RedactionPolicy = .default) {
        self.creator = creator
        self.redaction = redaction
    }

    public func archive(_ log: ExchangeLog) -> HAR {
        archive(log.records)
    }

    /// - Parameters:
    ///   - caseIDs: the case each exchange belongs to, by sequence number (written as `_case`).
    ///   - context: what the run was about (written as `log._mpassHarness`).
    public func archive(_ records: [ExchangeRecord], caseIDs: [Int: String] = [:],
                        context: RecordedRunContext? = nil) -> HAR {
        let entries = records.sorted { $0.sequence < $1.sequence }.map { record in
            var entry = Self.entry(for: record)
            entry.caseID = caseIDs[record.sequence]
            return entry
        }
        return redaction.apply(to: HAR(log: HAR.Log(creator: creator, entries: entries, harnessRun: context)))
    }

    static func entry(for record: ExchangeRecord) -> HAR.Entry {
        let request = record.request
        var harRequest = HAR.Request(
            method: request.method, url: request.url, httpVersion: request.httpVersion,
            cookies: request.cookies.map { HAR.Cookie(name: $0.name, value: $0.value) },
            headers: request.headers.map { HAR.NameValue(name: $0.name.rawName, value: $0.value) },
            queryString: Self.queryString(of: request.url),
            headersSize: request.headersSize, bodySize: request.bodySize)
        if let body = request.body {
            let mimeType = request.contentType ?? request.headers[values: .contentType].first ?? "application/octet-stream"
            if let text = String(data: body, encoding: .utf8) {
                let params = mimeType.lowercased().contains("x-www-form-urlencoded")
                    ? FormURLEncoding.decode(text).map { HAR.NameValue(name: $0.name, value: $0.value) } : []
                harRequest.postData = HAR.PostData(mimeType: mimeType, params: params, text: text)
            } else {
                harRequest.postData = HAR.PostData(mimeType: mimeType, params: [], text: body.base64EncodedString(),
                                                   encoding: "base64")
            }
        }

        let harResponse: HAR.Response
        if let response = record.response {
            let mimeType = response.contentType ?? response.headers[values: .contentType].first ?? ""
            let content: HAR.Content
            if response.body.isEmpty {
                content = HAR.Content(size: 0, mimeType: mimeType)
            } else if let text = String(data: response.body, encoding: .utf8) {
                content = HAR.Content(size: response.body.count, mimeType: mimeType, text: text)
            } else {
                content = HAR.Content(size: response.body.count, mimeType: mimeType,
                                      text: response.body.base64EncodedString(), encoding: "base64")
            }
            harResponse = HAR.Response(
                status: response.status, statusText: response.statusText, httpVersion: response.httpVersion,
                cookies: response.setCookies.map {
                    HAR.Cookie(name: $0.name, value: $0.value, path: $0.path, domain: $0.domain, expires: $0.expires,
                               httpOnly: $0.httpOnly, secure: $0.secure, sameSite: $0.sameSite)
                },
                headers: response.headers.map { HAR.NameValue(name: $0.name.rawName, value: $0.value) },
                content: content, redirectURL: response.redirectURL ?? "",
                headersSize: response.headersSize, bodySize: response.bodySize)
        } else {
            // No response: status 0 and the reason in `_error`, as Chrome writes a failed request.
            let failure = record.failure.map { "\($0.code): \($0.reason)" } ?? "no response"
            harResponse = HAR.Response(status: 0, statusText: "", httpVersion: "", content: HAR.Content(size: 0, mimeType: ""),
                                       error: failure)
        }

        return HAR.Entry(
            startedDateTime: SAMLTime.format(record.startedAt, milliseconds: true),
            time: record.timings.totalMilliseconds,
            request: harRequest, response: harResponse,
            // The agent measures send and wait together (see ExchangeRecord.Timings).
            timings: HAR.Timings(send: 0, wait: record.timings.waitMilliseconds, receive: record.timings.receiveMilliseconds),
            inProcess: record.inProcess, navigation: record.navigation, redirectHop: record.redirectHop,
            sequence: record.sequence)
    }

    /// The query's pairs, decoded (HAR `queryString`).
    static func queryString(of url: String) -> [HAR.NameValue] {
        let withoutFragment = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let question = withoutFragment.firstIndex(of: "?") else { return [] }
        return FormURLEncoding.decode(String(withoutFragment[withoutFragment.index(after: question)...]))
            .map { HAR.NameValue(name: $0.name, value: $0.value) }
    }
}
