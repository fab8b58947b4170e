import Foundation
import HTTPTypes
import Testing
@testable import BrowserAgent

/// The browser's headers are swift-http-types' `HTTPFields`. What it reads from them and what it
/// records must keep every line, in order: `Set-Cookie` is never folded into one line (RFC 6265
/// §3: its Expires date holds a comma), a request carries one `Cookie` line (RFC 6265 §5.4),
/// and a per-host header takes the place of the request's own.
@Suite(.timeLimit(.minutes(1))) struct HeaderFieldsTests {
    static let trace = HTTPField.Name("X-Trace")!
    static let other = HTTPField.Name("X-Other")!
    static let service = URL(string: "https://sp.test")!

    @Test("repeated response lines are recorded in order, and each Set-Cookie is a cookie of its own")
    func repeatedLinesAreKept() async throws {
        let log = ExchangeLog()
        try await Browser.withBrowser(log: log) { browser in
            try await browser.register(baseURL: Self.service) { _ in
                var headers = HTTPFields()
                headers.append(HTTPField(name: .setCookie, value: "a=1; Path=/"))
                headers.append(HTTPField(name: Self.trace, value: "first"))
                headers.append(HTTPField(name: .setCookie, value: "b=2; Expires=Wed, 09 Jun 2100 10:18:14 GMT; Path=/"))
                headers.append(HTTPField(name: Self.trace, value: "second"))
                return BrowserResponse(status: 200, headers: headers, body: Data("ok".utf8))
            }
            _ = try await browser.get(Self.service)
            #expect(Set(await browser.cookieJar.cookies.map(\.name)) == ["a", "b"])
        }
        let response = try #require(log.records.first?.response)
        #expect(response.headers.map(\.name.rawName) == ["Set-Cookie", "X-Trace", "Set-Cookie", "X-Trace"])
        #expect(response.headers[values: Self.trace] == ["first", "second"])
        #expect(response.setCookies.map(\.name) == ["a", "b"])
        #expect(response.setCookies.last?.expires == "Wed, 09 Jun 2100 10:18:14 GMT")
    }

    @Test("Content-Type and Location are read from the first line of each, as BrowserResponse documents")
    func firstLineIsRead() {
        var headers = HTTPFields()
        headers.append(HTTPField(name: .location, value: "/one"))
        headers.append(HTTPField(name: .contentType, value: "text/html"))
        headers.append(HTTPField(name: .location, value: "/two"))
        headers.append(HTTPField(name: .contentType, value: "text/plain"))
        let response = BrowserResponse(status: 302, headers: headers)
        #expect(response.location == "/one")
        #expect(response.contentType == "text/html")
    }

    @Test("a per-host header replaces the request's lines at the first one's place; cookies go as one line")
    func requestLines() async throws {
        var configuration = BrowserConfiguration()
        configuration.extraHeaders["sp.test"] = [Self.trace: "configured"]
        let log = ExchangeLog()
        try await Browser.withBrowser(configuration: configuration, log: log) { browser in
            try await browser.register(baseURL: Self.service) { request in
                guard request.url.path != "/again" else { return BrowserResponse(status: 200) }
                var headers = HTTPFields()
                headers.append(HTTPField(name: .setCookie, value: "a=1; Path=/"))
                headers.append(HTTPField(name: .setCookie, value: "b=2; Path=/"))
                return BrowserResponse(status: 200, headers: headers)
            }
            var mine = HTTPFields()
            mine.append(HTTPField(name: Self.trace, value: "mine"))
            mine.append(HTTPField(name: Self.other, value: "kept"))
            mine.append(HTTPField(name: Self.trace, value: "mine too"))
            _ = try await browser.get(Self.service)
            _ = try await browser.get(Self.service.appending(path: "again"), headers: mine)
        }
        let sent = log.records[1].request.headers
        #expect(sent.map(\.name.rawName) == ["Host", "User-Agent", "Accept", "Accept-Language", "X-Trace", "X-Other", "Cookie"])
        #expect(sent[values: Self.trace] == ["configured"])
        #expect(sent[values: .cookie] == ["a=1; b=2"])
        #expect(log.records[1].request.cookies.map(\.name) == ["a", "b"])
    }

    @Test("headersSize counts `name: value` CRLF per line and the closing CRLF")
    func wireSize() {
        let fields: HTTPFields = [Self.trace: "1", .contentType: "text/html"]
        #expect(fields.wireSize == "X-Trace: 1\r\nContent-Type: text/html\r\n\r\n".utf8.count)
    }
}
