import BrowserAgent
import Foundation
import MPassSAML
import Vocabulary

/// Finds every SAML message in recordings: HTTP-Redirect messages in request URLs and
/// `Location` headers, HTTP-POST messages in form bodies and in the auto-submit pages that
/// carry them, in both directions. Decoding goes through the SAML core's bindings (the same
/// code, limits and refusals as a live run), never a second decoder.
///
/// The result is in recording order (entry by entry; within an entry: request URL, request
/// body, response `Location`, response page), so the same recordings always give the same list.
public struct SAMLMessageExtractor: Sendable {
    /// Messages sent under this URL (same scheme, host and port, path prefix) go to the IdP.
    public var identityProviderBaseURL: String

    public init(identityProviderBaseURL: String) {
        self.identityProviderBaseURL = identityProviderBaseURL
    }

    public func messages(in recordings: [Recording]) -> [ExtractedMessage] {
        var all: [ExtractedMessage] = []
        for recording in recordings {
            for var message in messages(in: recording) {
                message.index = all.count
                all.append(message)
            }
        }
        return all
    }

    public func messages(in recording: Recording) -> [ExtractedMessage] {
        var found: [ExtractedMessage] = []
        var positionByKey: [Data: Int] = [:]

        func add(_ candidate: Candidate, entry: Int, time: Date?) {
            let sighting = ExtractedMessage.Sighting(recording: recording.source, entry: entry, place: candidate.place)
            let key = candidate.dedupeKey
            if let position = positionByKey[key] {
                found[position].sightings.append(sighting)
                return
            }
            positionByKey[key] = found.count
            found.append(candidate.message(index: found.count, direction: direction(of: candidate.url),
                                           recordedAt: time, sighting: sighting))
        }

        for (index, entry) in recording.har.log.entries.enumerated() {
            let time = entry.startedAt
            var fromTransport = 0
            if let candidate = Candidate.redirect(location: entry.request.url, base: nil, place: .requestURL) {
                add(candidate, entry: index, time: time)
                fromTransport += 1
            }
            if let candidate = Candidate.postBody(entry.request) {
                // A SAML-tracer export filter hashes form values: its decoded copy stands in below.
                if candidate.problem == nil || entry.samlTracerXML?.isEmpty != false {
                    add(candidate, entry: index, time: time)
                }
                if candidate.problem == nil { fromTransport += 1 }
            }
            if let location = Self.location(of: entry.response),
               let candidate = Candidate.redirect(location: location, base: URL(string: entry.request.url), place: .responseLocation) {
                add(candidate, entry: index, time: time)
            }
            if let candidate = Candidate.page(entry.response, url: entry.request.url) {
                add(candidate, entry: index, time: time)
            }
            // SAML-tracer's decoded copy, when its form values were hashed by the export filter.
            if fromTransport == 0, let xml = entry.samlTracerXML, !xml.isEmpty {
                add(Candidate.decoded(xml, url: entry.request.url), entry: index, time: time)
            }
        }
        return found
    }

    /// `Location` header, or HAR's `redirectURL` when headers were not recorded.
    static func location(of response: HAR.Response) -> String? {
        if let header = response.headers.first(where: { $0.name.lowercased() == "location" }) { return header.value }
        return response.redirectURL.isEmpty ? nil : response.redirectURL
    }

    func direction(of url: String) -> ExtractedMessage.Direction {
        guard let target = URLComponents(string: url), let base = URLComponents(string: identityProviderBaseURL) else {
            return .toService
        }
        func port(_ components: URLComponents) -> Int? {
            components.port ?? (components.scheme?.lowercased() == "https" ? 443 : components.scheme?.lowercased() == "http" ? 80 : nil)
        }
        guard target.scheme?.lowercased() == base.scheme?.lowercased(),
              target.host?.lowercased() == base.host?.lowercased(),
              port(target) == port(base) else { return .toService }
        let basePath = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        if basePath.isEmpty { return .toIdentityProvider }
        return target.path == basePath || target.path.hasPrefix(basePath + "/") ? .toIdentityProvider : .toService
    }
}

/// A message as one place shows it, before it is merged with other sightings of itself.
private struct Candidate {
    var binding: HTTPBinding
    var field: SAMLMessageField
    var place: ExtractedMessage.Place
    var url: String
    var xml: Data
    var relayState: String?
    var rawQuery: String?
    var redirect: RedirectBindingMessage?
    var encoded: String
    var problem: String?
    var parsed: SAMLMessage?

    /// Two sightings are one message when they decode to the same bytes (or, undecodable,
    /// carry the same encoded text).
    var dedupeKey: Data {
        problem == nil ? xml : Data(("undecodable:" + encoded).utf8)
    }

    func message(index: Int, direction: ExtractedMessage.Direction, recordedAt: Date?,
                 sighting: ExtractedMessage.Sighting) -> ExtractedMessage {
        var message = ExtractedMessage(
            index: index, binding: binding, field: field, kind: nil, direction: direction, url: url,
            recordedAt: recordedAt, xml: xml, relayState: relayState, rawQuery: rawQuery, redirect: redirect,
            sightings: [sighting], problem: problem)
        guard problem == nil, let parsed else { return message }
        message.kind = parsed.kind
        switch parsed {
        case .authnRequest(let m):
            (message.messageID, message.issuer, message.destination) = (m.id, m.issuer, m.destination)
        case .response(let m):
            (message.messageID, message.issuer, message.destination, message.inResponseTo) = (m.id, m.issuer, m.destination, m.inResponseTo)
        case .logoutRequest(let m):
            (message.messageID, message.issuer, message.destination) = (m.id, m.issuer, m.destination)
        case .logoutResponse(let m):
            (message.messageID, message.issuer, message.destination, message.inResponseTo) = (m.id, m.issuer, m.destination, m.inResponseTo)
        }
        return message
    }

    /// Parses the decoded XML with the safe parser; a message that is not SAML keeps why.
    func parsingXML() -> Candidate {
        guard problem == nil else { return self }
        var result = self
        do {
            result.parsed = try SAMLMessage(parsing: SafeXMLParser().parse(xml))
        } catch {
            result.problem = "the \(field.parameterName) decodes but is not a SAML protocol message: \(error.reason)"
        }
        return result
    }

    static func redirect(location: String, base: URL?, place: ExtractedMessage.Place) -> Candidate? {
        guard let captured = CapturedSAMLMessage.fromRedirect(location: location, relativeTo: base),
              let rawQuery = captured.rawQuery else { return nil }
        let field: SAMLMessageField = captured.parameter == .samlRequest ? .request : .response
        let url = captured.destination.absoluteString
        do {
            let decoded = try HTTPRedirectBinding.decode(query: rawQuery)
            return Candidate(binding: .redirect, field: decoded.field, place: place, url: url, xml: decoded.xml,
                             relayState: decoded.relayState, rawQuery: rawQuery, redirect: decoded,
                             encoded: captured.encodedMessage).parsingXML()
        } catch {
            return Candidate(binding: .redirect, field: field, place: place, url: url, xml: Data(),
                             relayState: captured.relayState, rawQuery: rawQuery,
                             encoded: captured.encodedMessage, problem: error.reason)
        }
    }

    static func postBody(_ request: HAR.Request) -> Candidate? {
        guard request.method.uppercased() == "POST", let postData = request.postData else { return nil }
        var fields: [String: String] = [:]
        if !postData.text.isEmpty, postData.encoding == nil {
            for field in FormURLEncoding.decode(postData.text) where fields[field.name] == nil {
                fields[field.name] = field.value
            }
        } else {
            // No body text (some Chrome exports): the parameters, whose values Firefox and
            // others leave URL-encoded. Base64 never contains '%', so a '%' means "still encoded".
            for param in postData.params where fields[param.name] == nil {
                fields[param.name] = param.value.contains("%")
                    ? (FormURLEncoding.decode("v=" + param.value).first?.value ?? param.value) : param.value
            }
        }
        // The URL without its query (an empty or query-only URL has no path: "").
        let url = request.url.prefix { $0 != "?" }
        return post(fields: fields, url: String(url), place: .requestBody)
    }

    static func page(_ response: HAR.Response, url: String) -> Candidate? {
        guard let text = response.content.bodyText, text.contains("SAML"),
              let pageURL = URL(string: url) else { return nil }
        guard let captured = HTMLPage(html: text, url: pageURL).samlMessage else { return nil }
        var fields: [String: String] = [:]
        for field in captured.fields where fields[field.name] == nil { fields[field.name] = field.value }
        return post(fields: fields, url: captured.destination.absoluteString, place: .responsePage)
    }

    private static func post(fields: [String: String], url: String, place: ExtractedMessage.Place) -> Candidate? {
        let request = fields["SAMLRequest"]
        let response = fields["SAMLResponse"]
        guard let encoded = request ?? response else { return nil }
        let field: SAMLMessageField = request != nil ? .request : .response
        do {
            let decoded = try HTTPPostBinding.decode(fields: fields)
            return Candidate(binding: .post, field: decoded.field, place: place, url: url, xml: decoded.xml,
                             relayState: decoded.relayState, encoded: encoded).parsingXML()
        } catch {
            return Candidate(binding: .post, field: field, place: place, url: url, xml: Data(),
                             relayState: fields["RelayState"], encoded: encoded, problem: error.reason)
        }
    }

    static func decoded(_ xml: String, url: String) -> Candidate {
        let hasQueryMessage = url.contains("SAMLRequest=") || url.contains("SAMLResponse=")
        let isRequest = xml.contains("AuthnRequest") || xml.contains("LogoutRequest")
        let path = url.prefix { $0 != "?" }
        return Candidate(binding: hasQueryMessage ? .redirect : .post, field: isRequest ? .request : .response,
                         place: .samlTracerDecoded, url: String(path), xml: Data(xml.utf8), encoded: xml).parsingXML()
    }
}

extension SAMLMessage {
    /// Which of the four messages this is.
    fileprivate var kind: Kind {
        switch self {
        case .authnRequest: .authnRequest
        case .response: .response
        case .logoutRequest: .logoutRequest
        case .logoutResponse: .logoutResponse
        }
    }
}
