import MPassSAML

/// The Service's HTML pages. Plain on purpose: a person can read them, and the harness
/// recognises them by stable markers ("Logged in as", "Login failed", "Login was cancelled").
/// Every value from a message or a user is HTML-escaped.
enum ServicePages {
    static func home(session: ServiceSession?, loggedOutNotice: Bool, weaknesses: Set<ServiceWeakness>) -> String {
        var body: [String] = []
        if loggedOutNotice { body.append("<p class=\"notice\">You are logged out.</p>") }
        if let session {
            body.append("<p>Logged in as <strong>\(escape(session.nameID.value))</strong>.</p>")
            body.append("<p><a href=\"/protected\">Protected page</a> · <a href=\"/logout\">Logout</a></p>")
        } else {
            body.append("<p>Not logged in.</p>")
            body.append("<p><a href=\"/login\">Login</a> with MPass</p>")
        }
        if !weaknesses.isEmpty {
            let names = weaknesses.map(\.rawValue).sorted().joined(separator: ", ")
            body.append("<p class=\"warning\">This Service runs with weaknesses switched on: \(escape(names)).</p>")
        }
        return document(title: "MPass reference Service", body: body)
    }

    static func protected(_ session: ServiceSession) -> String {
        var body = ["<p>Logged in as <strong id=\"name-id\">\(escape(session.nameID.value))</strong></p>"]
        if !session.attributes.isEmpty {
            body.append("<table id=\"attributes\"><tr><th>attribute</th><th>values</th></tr>")
            for attribute in session.attributes {
                body.append("<tr><td>\(escape(attribute.name))</td><td>\(escape(attribute.values.joined(separator: "; ")))</td></tr>")
            }
            body.append("</table>")
        }
        body.append("<p><a href=\"/logout\">Logout</a></p>")
        return document(title: "Protected", body: body)
    }

    /// A refused message: every failed check id, and what weaknesses forgave. A real
    /// Service would show far less; this one is a reference, read by people testing it.
    static func refused(title: String, verdict: CheckVerdict) -> String {
        var body = ["<p>The message from MPass did not pass these checks:</p>", "<ul id=\"failed-checks\">"]
        for check in verdict.unforgiven {
            body.append("<li><code>\(escape(check.id.rawValue))</code>: \(escape(check.detail))</li>")
        }
        body.append("</ul>")
        body += forgivenList(verdict)
        body.append("<p><a href=\"/\">Home</a></p>")
        return document(title: title, body: body)
    }

    static func cancelled(status: Status?) -> String {
        document(title: "Login was cancelled", body: [
            "<p>You are not logged in. MPass answered: \(escape(status?.summary ?? "no status")).</p>",
            "<p><a href=\"/login\">Try again</a> · <a href=\"/\">Home</a></p>",
        ])
    }

    /// What `forbiddenOnCancel` shows: the terse refusal some SP libraries answer a cancel with.
    static func loginFailed(status: Status?) -> String {
        document(title: "403 LOGIN-FAILED", body: ["<p>LOGIN-FAILED: \(escape(status?.summary ?? "no status"))</p>"])
    }

    /// What `friendlyErrorOnCancel` shows, with status 200: an error page in Romanian.
    static func friendlyError() -> String {
        document(title: "Autentificare", body: [
            "<p>Eroare: autentificarea a eșuat. Vă rugăm să încercați din nou.</p>",
            "<p><a href=\"/\">Pagina principală</a></p>",
        ])
    }

    static func unreadable(_ reason: String) -> String {
        document(title: "Not a SAML message", body: ["<p>\(escape(reason))</p>", "<p><a href=\"/\">Home</a></p>"])
    }

    static func serverError(_ reason: String) -> String {
        document(title: "Service error", body: ["<p>\(escape(reason))</p>"])
    }

    private static func forgivenList(_ verdict: CheckVerdict) -> [String] {
        guard !verdict.forgiven.isEmpty else { return [] }
        var lines = ["<p>Forgiven by weaknesses:</p>", "<ul id=\"forgiven-checks\">"]
        for item in verdict.forgiven {
            lines.append("<li><code>\(escape(item.check.id.rawValue))</code> (\(escape(item.weakness.rawValue)))</li>")
        }
        lines.append("</ul>")
        return lines
    }

    private static func document(title: String, body: [String]) -> String {
        (["<!DOCTYPE html>", "<html>", "<head>", "<meta charset=\"utf-8\">", "<title>\(escape(title))</title>", "</head>",
          "<body>", "<h1>\(escape(title))</h1>"] + body + ["</body>", "</html>", ""]).joined(separator: "\n")
    }


    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
