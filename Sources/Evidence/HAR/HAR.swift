import Foundation
import MPassSAML

/// An HTTP Archive, version 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the format
/// browsers export: the harness writes its runs in it, and reads back its own files, Chrome's
/// and Firefox's exports.
///
/// Decoding is tolerant on purpose: exporters omit fields the spec calls required (Chrome
/// leaves out `postData.params`, Firefox writes `status: 0` responses without content), so
/// only what the evidence cannot do without (`request.method`, `request.url`) is required and
/// everything else falls back to the spec's "unknown" value (-1, "" or empty). Custom fields
/// start with `_`, as the spec asks; unknown ones are ignored.
public struct HAR: Sendable, Codable, Equatable {
    public var log: Log

    public init(log: Log) { self.log = log }

    public struct Log: Sendable, Codable, Equatable {
        public var version: String
        public var creator: Creator
        public var browser: Creator?
        public var pages: [Page]?
        public var entries: [Entry]
        public var comment: String?
        /// The harness's own: what the run was about (the Service, MPass, the certificates it
        /// pinned), so that a replay of the file needs no other input.
        public var harnessRun: RecordedRunContext?

        enum CodingKeys: String, CodingKey {
            case version, creator, browser, pages, entries, comment
            case harnessRun = "_mpassHarness"
        }

        public init(version: String = "1.2", creator: Creator, browser: Creator? = nil,
                    pages: [Page]? = nil, entries: [Entry], comment: String? = nil,
                    harnessRun: RecordedRunContext? = nil) {
            self.version = version
            self.creator = creator
            self.browser = browser
            self.pages = pages
            self.entries = entries
            self.comment = comment
            self.harnessRun = harnessRun
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
            creator = try c.decodeIfPresent(Creator.self, forKey: .creator) ?? Creator(name: "", version: "")
            browser = try c.decodeIfPresent(Creator.self, forKey: .browser)
            pages = try c.decodeIfPresent([Page].self, forKey: .pages)
            // The one array HAR cannot be without: a "log" without it is not a HAR file.
            entries = try c.decode([Entry].self, forKey: .entries)
            comment = try c.decodeIfPresent(String.self, forKey: .comment)
            // A context that cannot be read is a broken harness file, not a foreign one: refuse it.
            harnessRun = try c.decodeIfPresent(RecordedRunContext.self, forKey: .harnessRun)
        }
    }

    public struct Creator: Sendable, Codable, Equatable {
        public var name: String
        public var version: String

        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
            version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        }
    }

    public struct Page: Sendable, Codable, Equatable {
        public var startedDateTime: String
        public var id: String
        public var title: String

        public init(startedDateTime: String, id: String, title: String) {
            self.startedDateTime = startedDateTime
            self.id = id
            self.title = title
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            startedDateTime = try c.decodeIfPresent(String.self, forKey: .startedDateTime) ?? ""
            id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        }
    }

    /// A name/value pair: headers, query parameters, form parameters.
    public struct NameValue: Sendable, Codable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
            // Form parameters that are file uploads have no value.
            value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
        }
    }

    public struct Cookie: Sendable, Codable, Equatable {
        public var name: String
        public var value: String
        public var path: String?
        public var domain: String?
        public var expires: String?
        public var httpOnly: Bool?
        public var secure: Bool?
        /// Not in HAR 1.2; Chrome writes it, and so do we (it matters for SAML POSTs across sites).
        public var sameSite: String?

        public init(name: String, value: String, path: String? = nil, domain: String? = nil, expires: String? = nil,
                    httpOnly: Bool? = nil, secure: Bool? = nil, sameSite: String? = nil) {
            self.name = name
            self.value = value
            self.path = path
            self.domain = domain
            self.expires = expires
            self.httpOnly = httpOnly
            self.secure = secure
            self.sameSite = sameSite
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
            value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
            path = try c.decodeIfPresent(String.self, forKey: .path)
            domain = try c.decodeIfPresent(String.self, forKey: .domain)
            // Chrome writes a date string, some tools a number or null: keep strings only.
            expires = try? c.decodeIfPresent(String.self, forKey: .expires)
            httpOnly = try? c.decodeIfPresent(Bool.self, forKey: .httpOnly)
            secure = try? c.decodeIfPresent(Bool.self, forKey: .secure)
            sameSite = try? c.decodeIfPresent(String.self, forKey: .sameSite)
        }
    }

    public struct PostData: Sendable, Codable, Equatable {
        public var mimeType: String
        /// Exporters differ: Firefox writes the values still URL-encoded, Chrome sometimes
        /// leaves `params` out; `text` is what went on the wire and is what the reader trusts.
        public var params: [NameValue]
        public var text: String
        /// Not in HAR 1.2 (which has no encoding for request bodies): `"base64"` when the
        /// body was not UTF-8 text.
        public var encoding: String?

        enum CodingKeys: String, CodingKey {
            case mimeType, params, text
            case encoding = "_encoding"
        }

        public init(mimeType: String, params: [NameValue], text: String, encoding: String? = nil) {
            self.mimeType = mimeType
            self.params = params
            self.text = text
            self.encoding = encoding
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            mimeType = try c.decodeIfPresent(String.self, forKey: .mimeType) ?? ""
            params = try c.decodeIfPresent([NameValue].self, forKey: .params) ?? []
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
            encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
        }
    }

    public struct Request: Sendable, Codable, Equatable {
        public var method: String
        public var url: String
        public var httpVersion: String
        public var cookies: [Cookie]
        public var headers: [NameValue]
        public var queryString: [NameValue]
        public var postData: PostData?
        public var headersSize: Int
        public var bodySize: Int

        public init(method: String, url: String, httpVersion: String = "HTTP/1.1", cookies: [Cookie] = [],
                    headers: [NameValue] = [], queryString: [NameValue] = [], postData: PostData? = nil,
                    headersSize: Int = -1, bodySize: Int = -1) {
            self.method = method
            self.url = url
            self.httpVersion = httpVersion
            self.cookies = cookies
            self.headers = headers
            self.queryString = queryString
            self.postData = postData
            self.headersSize = headersSize
            self.bodySize = bodySize
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            method = try c.decode(String.self, forKey: .method)
            url = try c.decode(String.self, forKey: .url)
            httpVersion = try c.decodeIfPresent(String.self, forKey: .httpVersion) ?? ""
            cookies = try c.decodeIfPresent([Cookie].self, forKey: .cookies) ?? []
            headers = try c.decodeIfPresent([NameValue].self, forKey: .headers) ?? []
            queryString = try c.decodeIfPresent([NameValue].self, forKey: .queryString) ?? []
            postData = try c.decodeIfPresent(PostData.self, forKey: .postData)
            headersSize = HAR.lenientInt(c, .headersSize)
            bodySize = HAR.lenientInt(c, .bodySize)
        }
    }

    public struct Content: Sendable, Codable, Equatable {
        public var size: Int
        public var mimeType: String
        public var text: String?
        /// `"base64"` when `text` is the base64 of a binary (or not UTF-8) body.
        public var encoding: String?

        public init(size: Int, mimeType: String, text: String? = nil, encoding: String? = nil) {
            self.size = size
            self.mimeType = mimeType
            self.text = text
            self.encoding = encoding
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            size = HAR.lenientInt(c, .size)
            mimeType = try c.decodeIfPresent(String.self, forKey: .mimeType) ?? ""
            text = try c.decodeIfPresent(String.self, forKey: .text)
            encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
        }

        /// The body bytes: `text` decoded from base64 when `encoding` says so, else its UTF-8.
        public var bodyData: Data? {
            guard let text else { return nil }
            if encoding?.lowercased() == "base64" {
                return Data(base64Encoded: text, options: .ignoreUnknownCharacters)
            }
            return Data(text.utf8)
        }

        /// The body as text, when it is text (decoded from base64 if needed).
        public var bodyText: String? {
            guard let data = bodyData else { return nil }
            return String(data: data, encoding: .utf8)
        }
    }

    public struct Response: Sendable, Codable, Equatable {
        public var status: Int
        public var statusText: String
        public var httpVersion: String
        public var cookies: [Cookie]
        public var headers: [NameValue]
        public var content: Content
        public var redirectURL: String
        public var headersSize: Int
        public var bodySize: Int
        /// Chrome's name for why there was no response (`net::ERR_…`); we use it too.
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case status, statusText, httpVersion, cookies, headers, content, redirectURL, headersSize, bodySize
            case error = "_error"
        }

        public init(status: Int, statusText: String, httpVersion: String = "HTTP/1.1", cookies: [Cookie] = [],
                    headers: [NameValue] = [], content: Content, redirectURL: String = "",
                    headersSize: Int = -1, bodySize: Int = -1, error: String? = nil) {
            self.status = status
            self.statusText = statusText
            self.httpVersion = httpVersion
            self.cookies = cookies
            self.headers = headers
            self.content = content
            self.redirectURL = redirectURL
            self.headersSize = headersSize
            self.bodySize = bodySize
            self.error = error
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            status = HAR.lenientInt(c, .status, default: 0)
            statusText = try c.decodeIfPresent(String.self, forKey: .statusText) ?? ""
            httpVersion = try c.decodeIfPresent(String.self, forKey: .httpVersion) ?? ""
            cookies = try c.decodeIfPresent([Cookie].self, forKey: .cookies) ?? []
            headers = try c.decodeIfPresent([NameValue].self, forKey: .headers) ?? []
            content = try c.decodeIfPresent(Content.self, forKey: .content) ?? Content(size: -1, mimeType: "")
            redirectURL = try c.decodeIfPresent(String.self, forKey: .redirectURL) ?? ""
            headersSize = HAR.lenientInt(c, .headersSize)
            bodySize = HAR.lenientInt(c, .bodySize)
            error = try? c.decodeIfPresent(String.self, forKey: .error)
        }
    }

    /// HAR's `cache` object; the harness has no cache, so it is always written empty.
    public struct Cache: Sendable, Codable, Equatable {
        public init() {}
    }

    public struct Timings: Sendable, Codable, Equatable {
        public var send: Double
        public var wait: Double
        public var receive: Double

        public init(send: Double, wait: Double, receive: Double) {
            self.send = send
            self.wait = wait
            self.receive = receive
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            send = (try? c.decodeIfPresent(Double.self, forKey: .send)) ?? -1
            wait = (try? c.decodeIfPresent(Double.self, forKey: .wait)) ?? -1
            receive = (try? c.decodeIfPresent(Double.self, forKey: .receive)) ?? -1
        }
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var pageref: String?
        /// ISO 8601 with milliseconds, as written by the exporter (kept as text: the reader
        /// must not change what a person's browser wrote).
        public var startedDateTime: String
        public var time: Double
        public var request: Request
        public var response: Response
        public var cache: Cache
        public var timings: Timings
        /// The harness's own: answered by an in-process host (the simulated MPass), not the network.
        public var inProcess: Bool?
        /// The harness's own: which browser call, and which hop of its redirect chain.
        public var navigation: Int?
        public var redirectHop: Int?
        /// Chrome's: `document`, `script`, `xhr`…
        public var resourceType: String?
        /// SAML-tracer's decoded message (its exports carry no bodies, only this).
        public var samlTracerXML: String?
        /// The harness's own: the exchange's sequence number in the run (what a report step's
        /// `exchangeIDs` name).
        public var sequence: Int?
        /// The harness's own: the id of the case the exchange belongs to (`TC_SEC_01`).
        public var caseID: String?

        enum CodingKeys: String, CodingKey {
            case pageref, startedDateTime, time, request, response, cache, timings
            case inProcess = "_inProcess"
            case navigation = "_navigation"
            case redirectHop = "_redirectHop"
            case resourceType = "_resourceType"
            case samlTracerXML = "_samlTracerXML"
            case sequence = "_sequence"
            case caseID = "_case"
        }

        public init(pageref: String? = nil, startedDateTime: String, time: Double, request: Request, response: Response,
                    timings: Timings, inProcess: Bool? = nil, navigation: Int? = nil, redirectHop: Int? = nil,
                    resourceType: String? = nil, samlTracerXML: String? = nil, sequence: Int? = nil, caseID: String? = nil) {
            self.pageref = pageref
            self.startedDateTime = startedDateTime
            self.time = time
            self.request = request
            self.response = response
            self.cache = Cache()
            self.timings = timings
            self.inProcess = inProcess
            self.navigation = navigation
            self.redirectHop = redirectHop
            self.resourceType = resourceType
            self.samlTracerXML = samlTracerXML
            self.sequence = sequence
            self.caseID = caseID
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            pageref = try? c.decodeIfPresent(String.self, forKey: .pageref)
            startedDateTime = try c.decodeIfPresent(String.self, forKey: .startedDateTime) ?? ""
            time = (try? c.decodeIfPresent(Double.self, forKey: .time)) ?? -1
            request = try c.decode(Request.self, forKey: .request)
            response = try c.decodeIfPresent(Response.self, forKey: .response)
                ?? Response(status: 0, statusText: "", content: Content(size: -1, mimeType: ""))
            cache = Cache()
            timings = try c.decodeIfPresent(Timings.self, forKey: .timings) ?? Timings(send: -1, wait: -1, receive: -1)
            inProcess = try? c.decodeIfPresent(Bool.self, forKey: .inProcess)
            navigation = try? c.decodeIfPresent(Int.self, forKey: .navigation)
            redirectHop = try? c.decodeIfPresent(Int.self, forKey: .redirectHop)
            resourceType = try? c.decodeIfPresent(String.self, forKey: .resourceType)
            samlTracerXML = try? c.decodeIfPresent(String.self, forKey: .samlTracerXML)
            sequence = try? c.decodeIfPresent(Int.self, forKey: .sequence)
            caseID = try? c.decodeIfPresent(String.self, forKey: .caseID)
        }

        /// `startedDateTime` as a date (any ISO 8601 offset; nil when unreadable).
        public var startedAt: Date? { SAMLTime.parse(startedDateTime)?.date }
    }

    /// Sizes and statuses: an integer, but some exporters write 123.0 or leave it out. A number
    /// beyond Int (1e300) is unknown too: converting it would trap.
    static func lenientInt<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K, default value: Int = -1) -> Int {
        if let int = try? container.decodeIfPresent(Int.self, forKey: key) { return int }
        if let double = try? container.decodeIfPresent(Double.self, forKey: key),
           let int = Int(exactly: double.rounded(.towardZero)) { return int }
        return value
    }
}
