import Foundation
import HostGuard
import MPassSAML
import Yams

/// Turns the text of a target file into a `TargetDescription`, or into every problem the
/// file has, each with its field, line and fix.
///
/// Three passes over one parse: (1) the YAML tree is checked against `TargetSchema` (unknown
/// and duplicate keys, shapes, MPass production anywhere), with line numbers from the tree;
/// (2) Yams' `YAMLDecoder` decodes the raw `TargetFile`; (3) values are checked and resolved
/// (defaults, relative URLs, the certificate file).
struct TargetLoader {
    /// A target file is a page of settings; anything this large is not one.
    static let maxBytes = 256 * 1024

    let yaml: String
    let file: String?
    let directory: URL
    private var problems: [TargetError] = []
    private var root: Node?

    init(yaml: String, file: String?, directory: URL) {
        self.yaml = yaml
        self.file = file
        self.directory = directory
    }

    mutating func load() throws(TargetError) -> TargetDescription {
        guard yaml.utf8.count <= Self.maxBytes else {
            throw problem(.targetInvalidValue, nil, line: nil,
                          "the file is \(yaml.utf8.count) bytes; a target description is a page of settings.",
                          "check that this is the target file (at most \(Self.maxBytes / 1024) KiB).")
        }
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: yaml) else {
                throw problem(.targetNotAMapping, nil, line: nil, "the file is empty.",
                              "write the Service's description in it; `mpass-harness init` writes a commented example.")
            }
            node = composed
        } catch let error as TargetError {
            throw error
        } catch {
            throw syntaxProblem(error)
        }
        guard case .mapping = node else {
            throw problem(.targetNotAMapping, nil, line: node.mark?.line,
                          "the top level of the file is not a mapping of keys to values.",
                          "start with lines like `base_url: http://127.0.0.1:8080`; `mpass-harness init` writes a commented example.")
        }
        root = node

        check(node, against: .root, path: "")
        refuseProduction(in: node, path: "")
        // Shapes must be right before decoding: a list where text belongs would otherwise
        // surface as a decoding error without a useful line.
        if !problems.isEmpty { throw collected() }

        let raw: TargetFile
        do {
            raw = try YAMLDecoder().decode(TargetFile.self, from: yaml)
        } catch {
            throw decodingProblem(error)
        }
        let description = resolve(raw)
        if let description, problems.isEmpty { return description }
        throw collected()
    }

    // MARK: Pass 1: keys and shapes

    private mutating func check(_ node: Node, against schema: TargetSchema, path: String) {
        let line = node.mark?.line
        if isNull(node) { return } // an empty value is the same as an absent key
        switch schema {
        case .scalar:
            if case .scalar = node { return }
            record(.targetWrongType, path, line: line, "expected a single value, found \(shapeName(node)).",
                   "write one value after the colon, e.g. `\(lastKey(path)): …`; quote it if it contains `: ` or `#`.")
        case .list:
            guard case .sequence(let sequence) = node else {
                record(.targetWrongType, path, line: line, "expected a list, found \(shapeName(node)).",
                       "write a list, e.g. `\(lastKey(path)): [\"Internal Server Error\", \"Eroare\"]`.")
                return
            }
            for (index, item) in sequence.enumerated() where !isScalar(item) {
                record(.targetWrongType, "\(path)[\(index)]", line: item.mark?.line, "expected text, found \(shapeName(item)).",
                       "write each item as one quoted text.")
            }
        case .freeMapping:
            guard case .mapping(let mapping) = node else {
                record(.targetWrongType, path, line: line, "expected a mapping of names to values, found \(shapeName(node)).",
                       "write one `name: value` per line under `\(lastKey(path)):`, indented.")
                return
            }
            var seen: Set<String> = []
            for (key, value) in mapping {
                let name = key.string ?? ""
                let field = "\(path).\(name)"
                if !seen.insert(name).inserted {
                    record(.targetDuplicateKey, field, line: key.mark?.line, "`\(name)` is given twice.", "keep one of them.")
                }
                if !isScalar(value) {
                    record(.targetWrongType, field, line: value.mark?.line, "expected a single value, found \(shapeName(value)).",
                           "write the value on the same line, quoted if it has special characters.")
                }
            }
        case .section:
            guard case .mapping(let mapping) = node else {
                record(.targetWrongType, path.isEmpty ? nil : path, line: line, "expected a section of keys, found \(shapeName(node)).",
                       "write the keys of `\(lastKey(path))` on the following lines, indented (see `mpass-harness init`).")
                return
            }
            var seen: Set<String> = []
            for (key, value) in mapping {
                guard let name = key.string, isScalar(key) else {
                    record(.targetWrongType, path.isEmpty ? nil : path, line: key.mark?.line, "a key is not plain text.",
                           "write keys as plain words, e.g. `base_url:`.")
                    continue
                }
                let field = path.isEmpty ? name : "\(path).\(name)"
                if !seen.insert(name).inserted {
                    record(.targetDuplicateKey, field, line: key.mark?.line,
                           "`\(name)` is given twice; YAML forbids it and readers disagree on which one wins.",
                           "keep one of them.")
                    continue
                }
                guard let shape = schema.shape(of: name) else {
                    let known = schema.keys.joined(separator: ", ")
                    if let suggestion = TargetSchema.suggestion(for: name, in: schema, sectionPath: path) {
                        record(.targetUnknownKey, field, line: key.mark?.line, "`\(name)` is not a key of the target description.",
                               "did you mean `\(suggestion)`? (keys here: \(known))")
                    } else {
                        record(.targetUnknownKey, field, line: key.mark?.line, "`\(name)` is not a key of the target description.",
                               "remove it; the keys allowed here are: \(known).")
                    }
                    continue
                }
                check(value, against: shape, path: field)
            }
        }
    }

    /// Every value in the file, whatever its key: a production MPass URL in a header or an
    /// IdP issuer is refused as surely as one in base_url. Texts that are only searched for
    /// in pages (markers) are not URLs and are left out.
    private mutating func refuseProduction(in node: Node, path: String) {
        switch node {
        case .scalar(let scalar):
            if ["error_markers", "logged_in.marker"].contains(where: { path == $0 || path.hasPrefix($0 + "[") }) { return }
            if ProductionGuard.isProduction(scalar.string) {
                record(.targetProductionRefused, path, line: node.mark?.line,
                       "\"\(ProductionGuard.displayable(scalar.string))\" is an AGE production host (MPass mpass.gov.md or MNotify mnotify.gov.md, or a subdomain), however it is spelt; MPass allows no test of any kind against production.",
                       "point the Service's test deployment at the harness's simulator (idp.kind: simulator) or at MPass staging (\(MPassEnvironment.staging.host)).")
            } else if path.split(separator: ".").last?.lowercased().contains("url") == true {
                do {
                    try ProductionGuard.check(scalar.string, what: path)
                } catch {
                    record(.targetProductionRefused, path, line: node.mark?.line, error.reason,
                           "write the URL plainly (no control characters or escapes in the host), for example https://sp.example.md/.")
                }
            }
        case .mapping(let mapping):
            for (key, value) in mapping {
                let name = key.string ?? "?"
                refuseProduction(in: value, path: path.isEmpty ? name : "\(path).\(name)")
            }
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                refuseProduction(in: item, path: "\(path)[\(index)]")
            }
        }
    }

    // MARK: Pass 3: values, defaults, resolution

    private mutating func resolve(_ raw: TargetFile) -> TargetDescription? {
        let base = resolveBaseURL(raw.baseURL)
        let issuer = nonEmpty(text(raw.issuer, "issuer"))
        if issuer == nil {
            record(.targetMissingField, "issuer", line: lineOf(["issuer"]),
                   "the Service's entity ID is missing.",
                   "add `issuer: …` with the Issuer the Service writes in its AuthnRequests (its SAML entity ID, as registered with MPass).")
        }
        // Everything that does not depend on base_url is checked even when it is wrong,
        // so that one attempt shows every problem.
        let errorMarkers = resolveErrorMarkers(raw.errorMarkers)
        let certificate = resolveCertificate(raw.certificate)
        let headers = resolveHeaders(raw.headers ?? [:])
        let cookies = resolveCookies(raw.cookies ?? [:])
        let idp = resolveIdentityProvider(raw.idp)
        let timeouts = resolveTimeouts(raw.timeouts)
        let onboarding = resolveOnboarding(raw.onboarding)
        guard let base else {
            _ = resolveLoggedIn(raw.loggedIn, base: nil)
            return nil
        }

        let loginURL = resolveURL(raw.loginURL, field: "login_url", defaultPath: "/login", base: base)
        let logoutURL = resolveURL(raw.logoutURL, field: "logout_url", defaultPath: "/logout", base: base)
        let acsURL = resolveURL(raw.acsURL, field: "acs_url", defaultPath: "/mpass-login", base: base)
        let sloURL = resolveURL(raw.sloURL, field: "slo_url", defaultPath: "/mpass-slo", base: base)
        let logoutResponseURL = resolveURL(raw.logoutResponseURL, field: "logout_response_url", defaultPath: "/mpass-logout", base: base)
        let loggedIn = resolveLoggedIn(raw.loggedIn, base: base)
        let logoutBinding = resolveLogoutBinding(raw.logoutBinding)

        guard let loginURL, let logoutURL, let acsURL, let sloURL, let logoutResponseURL, let loggedIn,
              let issuer, let idp, let timeouts, let logoutBinding, problems.isEmpty else { return nil }
        return TargetDescription(
            name: nonEmpty(text(raw.name, "name")) ?? base.host ?? base.absoluteString,
            baseURL: base, loginURL: loginURL, logoutURL: logoutURL, acsURL: acsURL, sloURL: sloURL,
            logoutResponseURL: logoutResponseURL, loggedIn: loggedIn, errorMarkers: errorMarkers,
            issuer: issuer, certificate: certificate, headers: headers, cookies: cookies, idp: idp, timeouts: timeouts,
            onboarding: onboarding.map { $0.withTestDefaults(acsURL: acsURL, sloURL: sloURL, logoutResponseURL: logoutResponseURL) },
            logoutBinding: logoutBinding)
    }

    /// `logout_binding`: `post` (the default, MPass's recommendation) or `redirect`.
    private mutating func resolveLogoutBinding(_ text: String?) -> HTTPBinding? {
        guard let text = nonEmpty(text) else { return .post }
        if let binding = HTTPBinding(named: text) { return binding }
        record(.targetInvalidValue, "logout_binding", line: lineOf(["logout_binding"]),
               "\"\(text)\" is not a SAML binding MPass sends logout messages by.",
               "write `post` (HTTP-POST, the default) or `redirect` (HTTP-Redirect), as the Service registered its SLO and logout response URLs with MPass.")
        return nil
    }

    private mutating func resolveBaseURL(_ text: String?) -> URL? {
        guard let text = nonEmpty(text) else {
            record(.targetMissingField, "base_url", line: lineOf(["base_url"]), "the Service's base URL is missing.",
                   "add `base_url: http://127.0.0.1:8080` (the root of the Service's test deployment); the other URLs default to paths under it.")
            return nil
        }
        guard let url = absoluteHTTPURL(text) else {
            record(.targetInvalidURL, "base_url", line: lineOf(["base_url"]),
                   "\"\(text)\" is not an absolute http(s) URL.",
                   "write it with its scheme and host, e.g. `base_url: \(suggestedAbsolute(text))`.")
            return nil
        }
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        if components?.query != nil || components?.fragment != nil {
            record(.targetInvalidURL, "base_url", line: lineOf(["base_url"]),
                   "\"\(text)\" has a query or fragment; base_url is the root the other paths are added to.",
                   "remove everything from `?` or `#` on.")
            return nil
        }
        // Held without a trailing slash; resolution adds one (see `resolveURL`).
        var trimmed = url.absoluteString
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return URL(string: trimmed) ?? url
    }

    /// A field's URL: absent → `defaultPath` under base_url; absolute → must be http(s);
    /// relative → resolved against base_url as a folder (`login` under
    /// `https://host/app` is `https://host/app/login`; `/login` is from the host's root).
    private mutating func resolveURL(_ text: String?, field: String, defaultPath: String, base: URL) -> URL? {
        guard let text = nonEmpty(text) else {
            return URL(string: base.absoluteString + defaultPath)
        }
        if URLComponents(string: text)?.scheme != nil || text.contains("://") {
            guard let url = absoluteHTTPURL(text) else {
                record(.targetInvalidURL, field, line: lineOf(field.split(separator: ".").map(String.init)),
                       "\"\(text)\" is not an absolute http(s) URL.",
                       "write a full http(s) URL, or a path such as `\(defaultPath)` that is taken from base_url.")
                return nil
            }
            return url
        }
        guard let url = URL(string: text, relativeTo: URL(string: base.absoluteString + "/"))?.absoluteURL,
              url.host != nil else {
            record(.targetInvalidURL, field, line: lineOf(field.split(separator: ".").map(String.init)),
                   "\"\(text)\" is neither an absolute http(s) URL nor a path.",
                   "write a path such as `\(defaultPath)` (taken from base_url) or a full URL; percent-encode spaces.")
            return nil
        }
        return url
    }

    private mutating func resolveLoggedIn(_ raw: TargetFile.LoggedIn?, base: URL?) -> TargetDescription.LoggedIn? {
        let status = raw?.status ?? 200
        var valid = true
        if !(100...599).contains(status) {
            record(.targetInvalidValue, "logged_in.status", line: lineOf(["logged_in", "status"]),
                   "\(status) is not an HTTP status.", "write the status the protected URL answers when logged in (usually 200).")
            valid = false
        }
        let marker = text(raw?.marker, "logged_in", "marker")
        if let marker, marker.trimmingCharacters(in: .whitespaces).isEmpty {
            record(.targetInvalidValue, "logged_in.marker", line: lineOf(["logged_in", "marker"]),
                   "the marker is blank, and blank text is found on every page.",
                   "write a text that appears only when logged in (e.g. the user's name or \"Log out\"), or remove the key.")
            valid = false
        }
        guard let urlText = nonEmpty(raw?.url) else {
            record(.targetMissingField, "logged_in.url", line: lineOf(["logged_in"]),
                   "no protected URL is given, so the harness cannot tell whether a login was accepted.",
                   "add under `logged_in:` a line `url: /account` with a page that only a logged-in user can open.")
            return nil
        }
        guard let base, valid,
              let url = resolveURL(urlText, field: "logged_in.url", defaultPath: "/account", base: base) else { return nil }
        return TargetDescription.LoggedIn(url: url, marker: marker, status: status)
    }

    private mutating func resolveErrorMarkers(_ markers: [String]?) -> [String] {
        let markers = markers ?? []
        for (index, marker) in markers.enumerated() where marker.trimmingCharacters(in: .whitespaces).isEmpty {
            record(.targetInvalidValue, "error_markers[\(index)]", line: lineOf(["error_markers", "\(index)"]),
                   "an error marker is blank, and blank text is found on every page.", "remove it.")
        }
        return markers
    }

    private mutating func resolveCertificate(_ text: String?) -> URL? {
        guard var path = nonEmpty(text) else { return nil }
        if path.hasPrefix("~/") {
            path = FileManager.default.homeDirectoryForCurrentUser.path + String(path.dropFirst(1))
        }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        let resolved = url.standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            record(.targetCertificateMissing, "certificate", line: lineOf(["certificate"]),
                   "the certificate file \(resolved.path) does not exist\(isDirectory.boolValue ? " (it is a folder)" : "").",
                   "give the path of the Service's certificate (PEM or DER), relative to this file's folder; or remove the key to skip checking the Service's signatures.")
            return nil
        }
        do {
            _ = try CredentialLoader.loadCertificate(path: resolved.path)
        } catch {
            record(.targetCertificateInvalid, "certificate", line: lineOf(["certificate"]),
                   "\(resolved.path) is not a certificate the harness can read (\(error.reason)).",
                   "give the Service's public certificate in PEM (-----BEGIN CERTIFICATE-----) or DER form, not its private key or a PKCS#12 bundle.")
            return nil
        }
        return resolved
    }

    private mutating func resolveHeaders(_ headers: [String: String]) -> [String: String] {
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            let line = lineOf(["headers", name])
            if !Self.isToken(name) {
                record(.targetInvalidValue, "headers.\(name)", line: line, "\"\(name)\" is not a valid HTTP header name.",
                       "use letters, digits and `-` only (e.g. `X-Test-Key`).")
            } else if name.lowercased() == "cookie" {
                record(.targetInvalidValue, "headers.\(name)", line: line, "cookies given as a header would bypass the harness's cookie jar.",
                       "move each cookie under `cookies:` as `name: value`.")
            }
            if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                record(.targetInvalidValue, "headers.\(name)", line: line, "the value holds a line break, which would split the request's headers.",
                       "write the value on one line.")
            }
        }
        return headers
    }

    private mutating func resolveCookies(_ cookies: [String: String]) -> [String: String] {
        for (name, value) in cookies.sorted(by: { $0.key < $1.key }) {
            let line = lineOf(["cookies", name])
            if !Self.isToken(name) {
                record(.targetInvalidValue, "cookies.\(name)", line: line, "\"\(name)\" is not a valid cookie name.",
                       "use letters, digits, `-` and `_` only.")
            }
            // RFC 6265 cookie-octet: no controls, whitespace, DQUOTE, comma, semicolon, backslash.
            if value.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value > 0x7E || "\",;\\".unicodeScalars.contains($0) }) {
                record(.targetInvalidValue, "cookies.\(name)", line: line,
                       "the value holds a character a cookie cannot carry (space, quote, comma, semicolon, backslash or non-ASCII).",
                       "write the value exactly as the browser sends it (already encoded).")
            }
        }
        return cookies
    }

    private mutating func resolveIdentityProvider(_ raw: TargetFile.IdentityProvider?) -> TargetDescription.IdentityProvider? {
        var kind = IdentityProviderKind.simulator
        if let text = nonEmpty(raw?.kind) {
            guard let parsed = IdentityProviderKind(rawValue: text.lowercased()) else {
                let fix = text.lowercased().contains("prod")
                    ? "production is never allowed; use `simulator` or `staging`."
                    : "write `simulator` (the harness plays MPass) or `staging` (the real MPass staging)."
                record(.targetInvalidValue, "idp.kind", line: lineOf(["idp", "kind"]), "\"\(text)\" is not a kind of IdP.", fix)
                return nil
            }
            kind = parsed
        }
        var simulator = TargetDescription.defaultSimulatorBaseURL
        if let text = nonEmpty(raw?.simulatorBaseURL) {
            guard let url = absoluteHTTPURL(text) else {
                record(.targetInvalidURL, "idp.simulator_base_url", line: lineOf(["idp", "simulator_base_url"]),
                       "\"\(text)\" is not an absolute http(s) URL.",
                       "write the URL the Service's test deployment uses for MPass, e.g. `\(TargetDescription.defaultSimulatorBaseURL.absoluteString)`.")
                return nil
            }
            simulator = url
        }
        return TargetDescription.IdentityProvider(kind: kind, simulatorBaseURL: simulator, issuer: nonEmpty(text(raw?.issuer, "idp", "issuer")))
    }

    private mutating func resolveTimeouts(_ raw: TargetFile.Timeouts?) -> TargetDescription.Timeouts? {
        let seconds = raw?.requestSeconds ?? 10
        guard seconds > 0, seconds <= 300, seconds.isFinite else {
            record(.targetInvalidValue, "timeouts.request_seconds", line: lineOf(["timeouts", "request_seconds"]),
                   "\(seconds) seconds is not a usable timeout.", "write a number of seconds above 0 and at most 300 (default 10).")
            return nil
        }
        return TargetDescription.Timeouts(requestSeconds: seconds)
    }

    // MARK: Helpers

    private func absoluteHTTPURL(_ text: String) -> URL? {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty,
              let url = components.url else { return nil }
        return url
    }

    /// `localhost:8080` → `http://localhost:8080`, for the fix text.
    private func suggestedAbsolute(_ text: String) -> String {
        if let range = text.range(of: "://") { return "https://" + text[range.upperBound...] }
        return "http://" + text.drop { $0 == "/" }
    }

    /// RFC 9110 token: the characters a header or cookie name may hold.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }

    /// The text at `path`, as decoded; Yams' decoder reads a quoted `"null"` or `"~"` as
    /// absent, so a quoted scalar is taken from the tree instead (quoting means text).
    func text(_ decoded: String?, _ path: String...) -> String? {
        if decoded != nil { return decoded }
        var node = root
        for key in path {
            guard case .mapping(let mapping)? = node else { return nil }
            node = mapping.first { $0.key.string == key }?.value
        }
        guard case .scalar(let scalar)? = node, scalar.style != .plain else { return nil }
        return scalar.string
    }

    func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return node.null != nil
    }

    private func isScalar(_ node: Node) -> Bool {
        if case .scalar = node { return true }
        return false
    }

    private func shapeName(_ node: Node) -> String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a section of keys"
        case .sequence: "a list"
        }
    }

    private func lastKey(_ path: String) -> String {
        String(path.split(separator: ".").last ?? Substring(path))
    }

    /// The line of the value at `path` (keys, or list indexes as digits), from the tree.
    func lineOf(_ path: [String]) -> Int? {
        var node = root
        for component in path {
            switch node {
            case .mapping(let mapping)?:
                node = mapping.first { $0.key.string == component }?.value
            case .sequence(let sequence)?:
                guard let index = Int(component), sequence.indices.contains(index) else { return nil }
                node = sequence[index]
            default:
                return nil
            }
        }
        return node?.mark?.line
    }

    mutating func record(_ code: TargetError.Code, _ field: String?, line: Int?, _ reason: String, _ fix: String) {
        problems.append(problem(code, field, line: line, reason, fix))
    }

    private func problem(_ code: TargetError.Code, _ field: String?, line: Int?, _ reason: String, _ fix: String) -> TargetError {
        TargetError(code, field: field, file: file, line: line, reason: reason, fix: fix)
    }

    /// The first problem in file order, carrying the others; problems without a line
    /// (missing keys) come last.
    private func collected() -> TargetError {
        let ordered = problems.enumerated().sorted { a, b in
            (a.element.line ?? Int.max, a.offset) < (b.element.line ?? Int.max, b.offset)
        }.map(\.element)
        var first = ordered[0]
        first.others = Array(ordered.dropFirst())
        return first
    }

    private func syntaxProblem(_ error: Error) -> TargetError {
        var line: Int?
        var detail = "\(error)"
        if let error = error as? YamlError {
            switch error {
            case .scanner(let context, let text, let mark, _), .parser(let context, let text, let mark, _),
                 .composer(let context, let text, let mark, _):
                // At the end of a file without a final line break libyaml counts one line more
                // than the file has (found by scripts/fuzz): the problem is on the last line.
                let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
                line = min(mark.line, lines)
                detail = [context?.text, text].compactMap { $0 }.joined(separator: ": ")
            default:
                break
            }
        }
        return problem(.targetYamlSyntax, nil, line: line, "the file is not valid YAML (\(detail)).",
                       "check the indentation (spaces, not tabs) and quote values that contain `: ` or start with `{`, `[`, `*`, `&` or `@`.")
    }

    /// Decoding errors after the shape check are values of the wrong kind (`status: abc`).
    private func decodingProblem(_ error: Error) -> TargetError {
        guard let error = error as? DecodingError else {
            return problem(.targetYamlSyntax, nil, line: nil, "the file could not be read as YAML (\(error)).", "check its syntax.")
        }
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            context = c
        @unknown default:
            return problem(.targetWrongType, nil, line: nil, "\(error)", "check the value's type.")
        }
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        let field = path.enumerated().map { index, key in
            Int(key) != nil && context.codingPath[index].intValue != nil ? "[\(key)]" : (index == 0 ? key : ".\(key)")
        }.joined()
        let expectsNumber = field.hasSuffix("status") || field.hasSuffix("request_seconds")
        return problem(.targetWrongType, field.isEmpty ? nil : field, line: lineOf(path),
                       expectsNumber ? "expected a number." : "the value has the wrong type (\(context.debugDescription)).",
                       expectsNumber ? "write a plain number, e.g. `\(lastKey(field)): \(field.hasSuffix("status") ? "200" : "10")`." : "see `mpass-harness init` for the expected form.")
    }
}
