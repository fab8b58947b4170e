import Foundation
import MPassSAML

/// The simulator's own pages: plain HTML for people and real browsers, and forms the
/// browser agent can submit like a person would.
enum SimulatorPages {

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}
        .banner{background:#fff3cd;border:1px solid #e0c068;padding:.5em 1em;margin-bottom:1.5em}
        button{font-size:1em;padding:.4em 1.2em;margin-right:.5em}</style></head>
        <body><div class="banner">MPass simulator (mpass-harness): a test stand-in for MPass. Not the real MPass.</div>
        \(body)</body></html>
        """
    }

    /// The login step: a user picker, "Log in" and "Cancel".
    static func login(pendingKey: String, serviceIssuer: String, users: [SimulatedUser], action: String) -> String {
        let options = users.enumerated().map { index, user in
            let name = (user.attributes.first { $0.name == "FirstName" }?.values.first ?? "") + " "
                + (user.attributes.first { $0.name == "LastName" }?.values.first ?? "")
            return "<option value=\"\(escape(user.nameID))\"\(index == 0 ? " selected" : "")>\(escape(name.trimmingCharacters(in: .whitespaces))) (\(escape(user.nameID)))</option>"
        }.joined()
        return page(title: "MPass simulator: log in", body: """
            <h1>Log in</h1>
            <p>The Service <code>\(escape(serviceIssuer))</code> asks you to authenticate.</p>
            <form id="login" method="post" action="\(escape(action))">
            <input type="hidden" name="pending" value="\(escape(pendingKey))">
            <p><label>User <select name="user">\(options)</select></label></p>
            <p><button type="submit" name="action" value="login">Log in</button>
            <button type="submit" name="action" value="cancel">Cancel</button></p>
            </form>
            """)
    }

    static func error(title: String, lines: [String]) -> String {
        page(title: "MPass simulator: \(title)", body: "<h1>\(escape(title))</h1><ul>"
             + lines.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
    }

    static func index(configuration: SimulatorConfiguration, loggedInAs: String?) -> String {
        let services = configuration.services.map { "<li><code>\(escape($0.issuer))</code> (ACS \(escape($0.acsURL)))</li>" }.joined()
        let session = loggedInAs.map {
            "<p>Logged in at MPass as <b>\(escape($0))</b>.</p><form method=\"post\" action=\"\(escape(configuration.url("logout/start")))\"><button type=\"submit\">Log out of MPass (single logout)</button></form>"
        } ?? "<p>Not logged in at MPass.</p>"
        return page(title: "MPass simulator", body: """
            <h1>MPass simulator</h1>\(session)
            <p>SSO: <code>\(escape(configuration.singleSignOnURL))</code><br>SLO: <code>\(escape(configuration.singleLogoutURL))</code><br>
            Metadata: <a href="\(escape(configuration.metadataURL))">\(escape(configuration.metadataURL))</a></p>
            <h2>Registered Services</h2><ul>\(services)</ul>
            """)
    }

    /// What the browser shows where the harness holds a restarted login (`holdRestartedLogins`).
    static func restartedLoginHeld(serviceIssuer: String) -> String {
        page(title: "MPass simulator: new login held", body: """
            <h1>New login held</h1>
            <p>Right after MPass's Response, <code>\(escape(serviceIssuer))</code> sent the browser back to MPass with a new
            AuthnRequest. MPass would answer at once from its session and the pages would loop; the harness stops here.</p>
            """)
    }

    static func loggedOut(detail: String) -> String {
        page(title: "MPass simulator: logged out", body: "<h1>You are logged out of MPass</h1><p>\(escape(detail))</p>")
    }
}
