import Evidence
import Foundation
import HTTPTypes
import HarnessModel
import MPassSAML
import ReferenceService
import Vocabulary

/// The Service's side of the exchanges as HAR 1.2, redacted like every archive the harness
/// writes (keys, passwords, cookie values), SAML intact.
enum LiveHAR {
    static func archive(_ exchanges: [ObservedExchange], baseURL: String) -> HAR {
        let entries = exchanges.map { exchange -> HAR.Entry in
            let requestType = exchange.requestHeaders[values: .contentType].first
            var request = HAR.Request(method: exchange.method, url: baseURL + exchange.uri,
                                      headers: exchange.requestHeaders.map { HAR.NameValue(name: $0.name.rawName, value: $0.value) },
                                      queryString: query(exchange.uri), headersSize: -1, bodySize: exchange.requestBody.count)
            if !exchange.requestBody.isEmpty {
                let text = String(decoding: exchange.requestBody, as: UTF8.self)
                let params = (requestType ?? "").contains("x-www-form-urlencoded")
                    ? FormURLEncoding.decode(text).map { HAR.NameValue(name: $0.name, value: $0.value) } : []
                request.postData = HAR.PostData(mimeType: requestType ?? "application/octet-stream", params: params, text: text)
            }
            let responseType = exchange.responseHeaders[values: .contentType].first ?? ""
            let location = exchange.responseHeaders[values: .location].first ?? ""
            let response = HAR.Response(
                status: exchange.status, statusText: "", headers: exchange.responseHeaders.map { HAR.NameValue(name: $0.name.rawName, value: $0.value) },
                content: HAR.Content(size: exchange.responseBody.count, mimeType: responseType,
                                     text: exchange.responseBody.isEmpty ? nil : String(decoding: exchange.responseBody, as: UTF8.self)),
                redirectURL: location, headersSize: -1, bodySize: exchange.responseBody.count)
            return HAR.Entry(startedDateTime: SAMLTime.format(exchange.startedAt, milliseconds: true), time: exchange.milliseconds,
                             request: request, response: response, timings: HAR.Timings(send: 0, wait: exchange.milliseconds, receive: 0))
        }
        let har = HAR(log: HAR.Log(creator: HAR.Creator(name: ToolInfo.name, version: ToolInfo.version), entries: entries))
        return RedactionPolicy.default.apply(to: har)
    }

    private static func query(_ uri: String) -> [HAR.NameValue] {
        guard let question = uri.firstIndex(of: "?") else { return [] }
        return FormURLEncoding.decode(uri[uri.index(after: question)...], plusAsSpace: false)
            .map { HAR.NameValue(name: $0.name, value: $0.value) }
    }
}
