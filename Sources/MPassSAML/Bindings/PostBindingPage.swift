import HTTPTypes

/// The HTML page that carries a POST-binding form through the user's browser, and the
/// headers it must be served with.
///
/// Every value (the action URL included) is HTML-escaped: the ACS URL and RelayState come
/// from the other party, and a `"><script>` in either must stay inert text.
public struct PostBindingPage: Sendable, Equatable {
    public let html: String
    /// `Content-Type: text/html; charset=utf-8`, `Cache-Control: no-cache, no-store`,
    /// `Pragma: no-cache`.
    public let headers: HTTPFields

    init(form: PostBindingForm, title: String) {
        let escape = Self.escape
        var lines: [String] = [
            "<!DOCTYPE html>",
            "<html>",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<title>\(escape(title))</title>",
            "</head>",
            "<body>",
            "<form method=\"post\" action=\"\(escape(form.action))\">",
        ]
        for field in form.fields {
            lines.append("<input type=\"hidden\" name=\"\(escape(field.name))\" value=\"\(escape(field.value))\">")
        }
        // SAML Bindings 3.5.4: the form is submitted by script, and a user without
        // JavaScript must still be able to submit it by hand.
        lines += [
            "<noscript>",
            "<p>Your browser does not run JavaScript. Press Continue to go on.</p>",
            "<input type=\"submit\" value=\"Continue\">",
            "</noscript>",
            "</form>",
            "<script>document.forms[0].submit();</script>",
            "</body>",
            "</html>",
            "",
        ]
        html = lines.joined(separator: "\n")
        // SAML Bindings 3.5.5.1: the page must not be cached.
        headers = [HTTPField(name: .contentType, value: "text/html; charset=utf-8")] + HTTPFields.noCaching
    }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
