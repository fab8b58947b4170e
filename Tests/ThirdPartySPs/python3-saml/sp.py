#!/usr/bin/python3
"""A minimal Service (SP) on python3-saml (Debian: python3-onelogin-saml2), for the
harness's third-party integration suite. Written the way the library's own demos use it
(demo-flask/index.py: login(), process_response(request_id=...), logout(), process_slo()),
on the standard library's wsgiref, on 127.0.0.1 only.

  sp.py --port P --strict true|false --idp-cert FILE --idp-entity-id ID
        --idp-sso URL --idp-slo URL --sp-cert FILE --sp-key FILE --entity-id ID

Routes: /login (to MPass), /mpass-login (ACS, HTTP-POST), /mpass-slo (SLO, as the library
supports it: HTTP-Redirect only), /logout, /protected ("Logged in as <NameID>" or 403).
"""
import argparse
import os
import secrets
import sys
from urllib.parse import parse_qs

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from wsgi_sp import page as html_page, read_form, serve, session_cookie  # noqa: E402

from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C


def read(path):
    with open(path) as handle:
        return handle.read()


def settings_for(args):
    base = "http://127.0.0.1:%d" % args.port
    return {
        "strict": args.strict,
        "debug": False,
        "sp": {
            "entityId": args.entity_id,
            "assertionConsumerService": {"url": base + "/mpass-login", "binding": C.BINDING_HTTP_POST},
            "singleLogoutService": {"url": base + "/mpass-slo", "binding": C.BINDING_HTTP_REDIRECT},
            "NameIDFormat": C.NAMEID_UNSPECIFIED,
            "x509cert": read(args.sp_cert),
            "privateKey": read(args.sp_key),
        },
        "idp": {
            "entityId": args.idp_entity_id,
            "singleSignOnService": {"url": args.idp_sso, "binding": C.BINDING_HTTP_REDIRECT},
            "singleLogoutService": {"url": args.idp_slo, "binding": C.BINDING_HTTP_REDIRECT},
            "x509cert": read(args.idp_cert),
        },
        # MPass signs every message with RSA-SHA256 and checks the Service's signatures:
        # sign what the Service sends, require MPass's Response to be signed.
        "security": {
            "authnRequestsSigned": True,
            "logoutRequestSigned": True,
            "logoutResponseSigned": True,
            "wantMessagesSigned": True,
            "wantAssertionsSigned": False,
            "requestedAuthnContext": False,
            "signatureAlgorithm": C.RSA_SHA256,
            "digestAlgorithm": C.SHA256,
        },
    }


class App:
    def __init__(self, args):
        self.args = args
        self.settings = settings_for(args)
        self.sessions = {}  # session cookie -> {"request_id", "name_id", "session_index"}

    def request_data(self, environ, form):
        return {
            "https": "off",
            "http_host": environ.get("HTTP_HOST", "127.0.0.1:%d" % self.args.port),
            "script_name": environ.get("PATH_INFO", "/"),
            "server_port": str(self.args.port),
            "get_data": {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()},
            "post_data": form,
        }

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "/")
        form = read_form(environ)
        cookie = session_cookie(environ)
        session = self.sessions.get(cookie)
        auth = OneLogin_Saml2_Auth(self.request_data(environ, form), old_settings=self.settings)

        def page(status, title, text, headers=()):
            return html_page(start_response, status, title, text, headers)

        def redirect(url, headers=()):
            start_response("302 Found", [("Location", url), ("Cache-Control", "no-cache, no-store")] + list(headers))
            return [b""]

        def new_session(values):
            sid = secrets.token_urlsafe(24)
            self.sessions[sid] = values
            return ("Set-Cookie", "sid=%s; Path=/; HttpOnly" % sid)

        if path == "/login":
            url = auth.login(return_to="/protected")
            # As demo-flask does: remember the request ID to pass it to process_response.
            return redirect(url, [new_session({"request_id": auth.get_last_request_id()})])
        if path == "/mpass-login" and method == "POST":
            request_id = session.get("request_id") if session else None
            auth.process_response(request_id=request_id)
            errors = auth.get_errors()
            if errors or not auth.is_authenticated():
                reason = auth.get_last_error_reason() or ", ".join(errors) or "not authenticated"
                if reason.startswith("The status code of the Response was not Success"):
                    # A cancelled or failed login at MPass (response.py check_status): not an
                    # error of the Service; the user is simply not logged in.
                    return page("200 OK", "Not logged in", "The login at MPass was not completed.")
                return page("403 Forbidden", "Login failed", reason)
            return redirect("/protected", [new_session({"name_id": auth.get_nameid(),
                                                        "session_index": auth.get_session_index()})])
        if path == "/protected":
            if session and session.get("name_id") is not None:
                return page("200 OK", "Protected", "Logged in as %s" % session["name_id"])
            return page("403 Forbidden", "Not logged in", "Log in first: /login")
        if path == "/logout":
            if not session or session.get("name_id") is None:
                return redirect("/")
            self.sessions.pop(cookie, None)
            url = auth.logout(return_to="/", name_id=session["name_id"], session_index=session["session_index"])
            return redirect(url, [("Set-Cookie", "sid=; Path=/; HttpOnly; Max-Age=0")])
        if path == "/mpass-slo":
            def end_session():
                self.sessions.pop(cookie, None)
            try:
                url = auth.process_slo(delete_session_cb=end_session)
            except Exception as error:  # the library raises for a message it cannot read
                return page("400 Bad Request", "Logout failed", str(error))
            errors = auth.get_errors()
            if errors:
                return page("400 Bad Request", "Logout failed", auth.get_last_error_reason() or ", ".join(errors))
            if url:
                return redirect(url)
            return page("200 OK", "Logged out", "You are logged out.")
        if path == "/":
            return page("200 OK", "Home", "python3-saml test Service")
        return page("404 Not Found", "Not found", path)



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--strict", choices=["true", "false"], required=True)
    for name in ("idp-cert", "idp-entity-id", "idp-sso", "idp-slo", "sp-cert", "sp-key", "entity-id"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    args.strict = args.strict == "true"
    serve(App(args), args.port)


if __name__ == "__main__":
    main()
