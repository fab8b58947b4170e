import BrowserAgent
import Foundation
import Vocabulary

/// What is taken out of a HAR file before it is written, and how.
///
/// The guard rail (architecture: "Private keys and passwords never appear in logs, reports or
/// HAR files") is not a switch: private keys and passwords are always replaced by
/// `[redacted]`. What can be chosen is whether cookies are hashed (the default) or kept, and
/// which further literal secrets to scrub.
///
/// SAML messages are the evidence: the values of `SAMLRequest`, `SAMLResponse`, `RelayState`,
/// `SigAlg` and `Signature` are never changed, byte for byte, wherever they appear (query,
/// form body, form parameters), so that a replay can still verify their signatures.
public struct RedactionPolicy: Sendable {
    public enum CookieHandling: Sendable, Equatable {
        /// `sha256:<first 16 hex digits>` of the value. Every cookie is treated as a possible
        /// session cookie: names say nothing reliable (a Service may call its session `lang`),
        /// and the hash still shows that the cookie a Service set is the one that came back.
        case hash
        /// Values as recorded (for a private recording that never leaves the machine).
        case keep
    }

    public static let redacted = "[redacted]"

    public var cookies: CookieHandling
    /// Header names (any case) whose whole value is replaced.
    public var redactedHeaders: Set<String>
    /// Exact strings that must never appear, such as the password of the PKCS#12 file the run
    /// signed with; they are scrubbed wherever found, raw or URL-encoded (shorter than 4
    /// characters are ignored: scrubbing "ab" everywhere would destroy the evidence).
    public var literalSecrets: [String]

    public init(cookies: CookieHandling = .hash,
                redactedHeaders: Set<String> = ["authorization", "proxy-authorization"],
                literalSecrets: [String] = []) {
        self.cookies = cookies
        self.redactedHeaders = Set(redactedHeaders.map { $0.lowercased() })
        self.literalSecrets = literalSecrets
    }

    public static let `default` = RedactionPolicy()

    /// Fields that carry SAML evidence and are never altered.
    static let samlFields: Set<String> = ["SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature"]

    /// A form field or query parameter whose value is a password or another secret.
    public static func isSecretFieldName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["pass", "pwd", "pin", "passcode"].contains(lower) { return true }
        return ["password", "passwd", "passphrase", "secret", "pwd", "credential"].contains { lower.contains($0) }
    }

    // MARK: Applying the policy

    /// The archive with every rule applied. Idempotent: a value already redacted or hashed is
    /// left as it is, so redacting a redacted archive changes nothing.
    public func apply(to har: HAR) -> HAR {
        var result = har
        result.log.entries = har.log.entries.map(apply(to:))
        return result
    }

    public func apply(to entry: HAR.Entry) -> HAR.Entry {
        var entry = entry
        entry.request.url = redactURL(entry.request.url)
        entry.request.headers = entry.request.headers.map(redactHeader)
        entry.request.cookies = entry.request.cookies.map(redactCookie)
        entry.request.queryString = entry.request.queryString.map(redactParameter)
        if var postData = entry.request.postData {
            postData.params = postData.params.map(redactParameter)
            postData.text = redactBody(postData.text, mimeType: postData.mimeType, base64: postData.encoding == "base64")
            entry.request.postData = postData
        }
        entry.response.headers = entry.response.headers.map(redactHeader)
        entry.response.cookies = entry.response.cookies.map(redactCookie)
        entry.response.redirectURL = redactURL(entry.response.redirectURL)
        if let text = entry.response.content.text {
            entry.response.content.text = redactBody(text, mimeType: entry.response.content.mimeType,
                                                     base64: entry.response.content.encoding?.lowercased() == "base64")
        }
        if let xml = entry.samlTracerXML { entry.samlTracerXML = scrubText(xml) }
        return entry
    }

    // MARK: Headers and cookies

    func redactHeader(_ header: HAR.NameValue) -> HAR.NameValue {
        let lower = header.name.lowercased()
        var value = header.value
        if redactedHeaders.contains(lower) {
            value = Self.redacted
        } else if lower == "cookie" {
            value = redactCookieHeader(value)
        } else if lower == "set-cookie" {
            value = redactSetCookieHeader(value)
        } else if lower == "location" || lower == "referer" || lower == "content-location" {
            value = redactURL(value)
        } else {
            value = scrubText(value)
        }
        return HAR.NameValue(name: header.name, value: value)
    }

    func redactCookie(_ cookie: HAR.Cookie) -> HAR.Cookie {
        var cookie = cookie
        cookie.value = cookieValue(cookie.value)
        return cookie
    }

    /// `a=1; b=2` with each value hashed.
    func redactCookieHeader(_ value: String) -> String {
        guard cookies == .hash else { return scrubText(value) }
        return value.split(separator: ";", omittingEmptySubsequences: false).map { part -> String in
            guard let equals = part.firstIndex(of: "=") else { return String(part) }
            return "\(part[...equals])\(cookieValue(String(part[part.index(after: equals)...])))"
        }.joined(separator: ";")
    }

    /// `name=value; Path=/; HttpOnly` with only the value hashed (the attributes are evidence).
    func redactSetCookieHeader(_ value: String) -> String {
        guard cookies == .hash else { return scrubText(value) }
        let semicolon = value.firstIndex(of: ";") ?? value.endIndex
        let pair = value[..<semicolon]
        guard let equals = pair.firstIndex(of: "=") else { return value }
        return "\(pair[...equals])\(cookieValue(String(pair[pair.index(after: equals)...])))\(value[semicolon...])"
    }

    func cookieValue(_ value: String) -> String {
        switch cookies {
        case .keep: return scrubText(value)
        case .hash:
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || Self.isHashed(trimmed) || trimmed == Self.redacted { return value }
            let leading = value.prefix { $0 == " " }
            return leading + Self.hash(trimmed)
        }
    }

    /// `sha256:` and the first 16 hex digits of the SHA-256 of the value's UTF-8.
    public static func hash(_ value: String) -> String {
        "sha256:" + String(SHA256Digest.hex(of: Data(value.utf8)).prefix(16))
    }

    static func isHashed(_ value: String) -> Bool {
        guard value.hasPrefix("sha256:") else { return false }
        let hex = value.dropFirst(7)
        return hex.count == 16 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    // MARK: Parameters, URLs, bodies

    /// A decoded name/value pair (HAR `queryString`, `postData.params`).
    func redactParameter(_ parameter: HAR.NameValue) -> HAR.NameValue {
        if Self.samlFields.contains(parameter.name) { return parameter }
        if Self.isSecretFieldName(parameter.name) {
            return HAR.NameValue(name: parameter.name, value: parameter.value.isEmpty ? "" : Self.redacted)
        }
        // Firefox writes parameter values still URL-encoded: look at the decoded form too.
        let decoded = FormURLEncoding.decode("v=" + parameter.value).first?.value ?? parameter.value
        if PrivateKeyScanner.containsPrivateKey(decoded) && !PrivateKeyScanner.containsPrivateKey(parameter.value) {
            return HAR.NameValue(name: parameter.name, value: Self.redacted)
        }
        return HAR.NameValue(name: parameter.name, value: scrubText(parameter.value))
    }

    /// The query of a URL, pair by pair, leaving every untouched pair's bytes as they were
    /// (a Redirect binding signature covers those exact bytes).
    func redactURL(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return scrubText(url) }
        let base = String(url[..<question])
        var query = String(url[url.index(after: question)...])
        var fragment = ""
        if let hash = query.firstIndex(of: "#") {
            fragment = String(query[hash...])
            query = String(query[..<hash])
        }
        return scrubText(base) + "?" + redactFormEncoded(query) + fragment
    }

    /// `application/x-www-form-urlencoded` text, pair by pair (raw bytes kept where unchanged).
    func redactFormEncoded(_ text: String) -> String {
        FormURLEncoding.rewritingPairs(text) { rawName, rawValue in
            guard !rawName.isEmpty || rawValue != nil else { return nil }
            let name = FormURLEncoding.decodeComponent(rawName)
            let value = FormURLEncoding.decodeComponent(rawValue ?? "")
            if Self.samlFields.contains(name) { return nil }
            if Self.isSecretFieldName(name) || PrivateKeyScanner.containsPrivateKey(value) || containsLiteralSecret(value) {
                return value.isEmpty ? nil : "\(rawName)=\(FormURLEncoding.encodeComponent(Self.redacted))"
            }
            return nil
        }
    }

    func redactBody(_ text: String, mimeType: String, base64: Bool) -> String {
        if base64 {
            // A binary body is scanned as text when it decodes to text; otherwise it cannot
            // hold a PEM block or a typed password, and is left alone.
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters),
                  let decoded = String(data: data, encoding: .utf8) else { return text }
            let redacted = redactBody(decoded, mimeType: mimeType, base64: false)
            return redacted == decoded ? text : Data(redacted.utf8).base64EncodedString()
        }
        let mime = mimeType.lowercased()
        if mime.contains("x-www-form-urlencoded") || (mime.isEmpty && Self.looksFormEncoded(text)) {
            return redactFormEncoded(text)
        }
        var result = scrubText(text)
        if mime.contains("json") || mime.isEmpty { result = Self.redactJSONSecrets(result) }
        if mime.contains("multipart/form-data") { result = Self.redactMultipartSecrets(result) }
        return result
    }

    /// Private key blocks and literal secrets, in free text.
    func scrubText(_ text: String) -> String {
        var result = PrivateKeyScanner.redact(text, replacement: Self.redacted)
        for secret in literalSecrets where secret.count >= 4 {
            for form in Set([secret, FormURLEncoding.encodeComponent(secret),
                             secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret]) {
                result = result.replacingOccurrences(of: form, with: Self.redacted)
            }
        }
        return result
    }

    func containsLiteralSecret(_ text: String) -> Bool {
        literalSecrets.contains { $0.count >= 4 && text.contains($0) }
    }

    static func looksFormEncoded(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(" ") && !text.contains("\n") && text.contains("=")
    }

    /// `"password": "…"` (any secret-looking key) in JSON text.
    static func redactJSONSecrets(_ text: String) -> String {
        guard text.contains("\"") else { return text }
        var output = ""
        var rest = Substring(text)
        // A JSON string key, optional spaces, a colon, optional spaces, a string value.
        while let keyStart = rest.firstIndex(of: "\"") {
            output += rest[..<keyStart]
            rest = rest[keyStart...]
            guard let key = jsonString(at: rest) else { output += rest; return output }
            var after = rest[key.end...]
            output += rest[..<key.end]
            let spaces1 = after.prefix { $0 == " " || $0 == "\t" }
            after = after.dropFirst(spaces1.count)
            guard after.first == ":", isSecretFieldName(key.value) else { rest = rest[key.end...]; continue }
            let spaces2 = after.dropFirst().prefix { $0 == " " || $0 == "\t" || $0 == "\n" }
            let valueStart = after.dropFirst(1 + spaces2.count)
            guard let value = jsonString(at: valueStart) else { rest = rest[key.end...]; continue }
            output += spaces1 + ":" + spaces2 + "\"\(redacted)\""
            rest = valueStart[value.end...]
        }
        return output + rest
    }

    /// The JSON string starting at `text`'s first character (a quote): its unescaped-enough
    /// value for a key comparison, and where it ends.
    private static func jsonString(at text: Substring) -> (value: String, end: Substring.Index)? {
        guard text.first == "\"" else { return nil }
        var index = text.index(after: text.startIndex)
        var value = ""
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
                value.append(text[index])
            } else if character == "\"" {
                return (value, text.index(after: index))
            } else {
                value.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The value of a `form-data; name="password"` part.
    static func redactMultipartSecrets(_ text: String) -> String {
        var parts = text.components(separatedBy: "\r\n\r\n")
        guard parts.count > 1 else { return text }
        for index in 0..<(parts.count - 1) {
            let header = parts[index]
            guard let nameRange = header.range(of: "name=\"", options: .backwards) else { continue }
            let name = header[nameRange.upperBound...].prefix { $0 != "\"" }
            guard isSecretFieldName(String(name)) else { continue }
            let body = parts[index + 1]
            let end = body.range(of: "\r\n--")?.lowerBound ?? body.endIndex
            parts[index + 1] = redacted + body[end...]
        }
        return parts.joined(separator: "\r\n\r\n")
    }
}
