import Foundation
import Vocabulary

/// A SAML protocol message seen in transit through the browser, as the binding
/// carried it. The agent does not decode or judge the message (that is the SAML
/// core's job); it only knows the binding's field names.
///
/// SAML 2.0 Bindings §3.5 (HTTP-POST) carries `SAMLRequest` or `SAMLResponse`,
/// and `RelayState`, in a form; §3.4 (HTTP-Redirect) carries them in the query
/// of a URL, with `SigAlg` and `Signature` computed over the query's exact bytes.
public struct CapturedSAMLMessage: Sendable, Hashable {
    public enum Binding: String, Sendable, Hashable, Codable {
        case httpPost = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        case httpRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
    }

    /// The field that carries the message, which also tells its direction.
    public enum Parameter: String, Sendable, Hashable, Codable {
        case samlRequest = "SAMLRequest"
        case samlResponse = "SAMLResponse"
    }

    public var binding: Binding
    public var parameter: Parameter
    /// Where the message goes: the form's action, or the redirect URL without its query.
    public var destination: URL
    /// The message field's value after form/URL decoding: base64 (POST) or
    /// base64 of DEFLATE (Redirect), still to be decoded by the SAML core.
    public var encodedMessage: String
    public var relayState: String?
    /// HTTP-Redirect only, URL-decoded.
    public var sigAlg: String?
    public var signature: String?
    /// Every field of the form (POST) or of the query (Redirect), in order.
    public var fields: [FormField]
    /// HTTP-Redirect only: the query exactly as received, without `?` or
    /// fragment, since the signature covers these bytes and no re-encoding.
    public var rawQuery: String?
    /// HTTP-Redirect only: the URL as the `Location` header (or request line) wrote it.
    public var rawLocation: String?
    /// HTTP-POST only: the form's method (`POST` unless the page is wrong).
    public var formMethod: String?

    /// The first form of `page` that carries `SAMLRequest` or `SAMLResponse`
    /// (auto-submitting forms first, as those are what a browser sends).
    public static func find(in page: HTMLPage) -> CapturedSAMLMessage? {
        let ordered = page.forms.filter(\.isAutoSubmitting) + page.forms.filter { !$0.isAutoSubmitting }
        for form in ordered {
            let fields = form.fields
            for parameter in [Parameter.samlResponse, .samlRequest] {
                if let message = fields[parameter.rawValue] {
                    return CapturedSAMLMessage(
                        binding: .httpPost, parameter: parameter, destination: form.action,
                        encodedMessage: message, relayState: fields["RelayState"],
                        sigAlg: nil, signature: nil, fields: fields,
                        rawQuery: nil, rawLocation: nil, formMethod: form.method)
                }
            }
        }
        return nil
    }

    /// An HTTP-Redirect binding message from a `Location` value (absolute or
    /// relative to `base`), or nil when its query carries no SAML message.
    public static func fromRedirect(location: String, relativeTo base: URL? = nil) -> CapturedSAMLMessage? {
        // Cut the query out of the text itself: going through URL could
        // normalise escapes and break the signature check.
        let withoutFragment = location.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard let questionMark = withoutFragment.firstIndex(of: "?") else { return nil }
        let rawQuery = String(withoutFragment[withoutFragment.index(after: questionMark)...])
        let fields = FormURLEncoding.decode(rawQuery)
        guard let parameter = [Parameter.samlRequest, .samlResponse].first(where: { fields[$0.rawValue] != nil }),
              let message = fields[parameter.rawValue],
              let destination = URL(string: String(withoutFragment[..<questionMark]), relativeTo: base)?.absoluteURL
        else { return nil }
        return CapturedSAMLMessage(
            binding: .httpRedirect, parameter: parameter, destination: destination,
            encodedMessage: message, relayState: fields["RelayState"],
            sigAlg: fields["SigAlg"], signature: fields["Signature"], fields: fields,
            rawQuery: rawQuery, rawLocation: location, formMethod: nil)
    }

    /// An HTTP-Redirect binding message carried by a request URL (what an
    /// in-process identity provider receives).
    public static func fromRedirect(url: URL) -> CapturedSAMLMessage? {
        fromRedirect(location: url.absoluteString)
    }
}

extension HTMLPage {
    /// The SAML message this page posts (HTTP-POST binding), if any.
    public var samlMessage: CapturedSAMLMessage? { CapturedSAMLMessage.find(in: self) }
}

extension BrowserResponse {
    /// The SAML message this response's redirect carries (HTTP-Redirect binding), if any.
    public var samlRedirectMessage: CapturedSAMLMessage? {
        guard isRedirect, let location else { return nil }
        return CapturedSAMLMessage.fromRedirect(location: location, relativeTo: url)
    }
}
