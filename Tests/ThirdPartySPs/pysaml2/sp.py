#!/usr/bin/python3
"""A minimal Service (SP) on pysaml2 (Debian: python3-pysaml2), for the harness's
third-party integration suite. Uses the library as its documentation and example SP
(example/sp-wsgi/sp.py) do: Saml2Client.prepare_for_authenticate,
parse_authn_request_response with the outstanding request IDs, global_logout,
parse_logout_request_response, handle_logout_request; on wsgiref, on 127.0.0.1 only.

  sp.py --port P --idp-metadata FILE --sp-cert FILE --sp-key FILE --entity-id ID

Routes: /login (an auto-submitting HTTP-POST AuthnRequest to MPass), /mpass-login (ACS),
/mpass-slo (MPass's LogoutRequest and LogoutResponse, HTTP-POST), /logout,
/protected ("Logged in as <NameID>" or 403).
"""
import argparse
import os
import secrets
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
from wsgi_sp import page as html_page, read_form, serve, session_cookie  # noqa: E402

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.response import StatusError
from saml2.saml import NAMEID_FORMAT_UNSPECIFIED
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256
from saml2.config import SPConfig


def config_for(args):
    base = "http://127.0.0.1:%d" % args.port
    config = SPConfig()
    config.load({
        "entityid": args.entity_id,
        "key_file": args.sp_key,
        "cert_file": args.sp_cert,
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "metadata": {"local": [args.idp_metadata]},
        "service": {"sp": {
            "endpoints": {
                "assertion_consumer_service": [(base + "/mpass-login", BINDING_HTTP_POST)],
                "single_logout_service": [(base + "/mpass-slo", BINDING_HTTP_POST)],
            },
            # MPass answers only what the Service asked for, signs its Response and
            # checks the Service's signatures.
            "allow_unsolicited": False,
            "authn_requests_signed": True,
            "logout_requests_signed": True,
            "logout_responses_signed": True,
            "want_response_signed": True,
            "want_assertions_signed": False,
            # MPass requires <NameIDPolicy AllowCreate="true"/>: pysaml2 writes one only
            # with a Format (client_base.create_authn_request), so give "unspecified".
            "name_id_policy_format": NAMEID_FORMAT_UNSPECIFIED,
            "name_id_format_allow_create": True,
            # pysaml2 7.0 signs with RSA-SHA1 unless told; MPass wants RSA-SHA256.
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
        }},
    })
    return config


class App:
    def __init__(self, args):
        self.args = args
        self.client = Saml2Client(config_for(args))
        self.outstanding = {}  # AuthnRequest ID -> where to go after the login
        self.sessions = {}  # session cookie -> {"name_id": NameID, "session_index": str}
        self.idp = next(iter(self.client.metadata.identity_providers()))

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "/")
        form = read_form(environ)
        cookie = session_cookie(environ)
        session = self.sessions.get(cookie)

        def page(status, title, text, headers=()):
            return html_page(start_response, status, title, text, headers)

        def send(http_info, headers=()):
            # What apply_binding returns: a POST page (data) or a Redirect (Location header).
            location = dict(http_info.get("headers", [])).get("Location")
            if location:
                start_response("302 Found", [("Location", location), ("Cache-Control", "no-cache, no-store")] + list(headers))
                return [b""]
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Cache-Control", "no-cache, no-store")] + list(headers))
            return [str(http_info["data"]).encode()]

        if path == "/login":
            request_id, http_info = self.client.prepare_for_authenticate(
                entityid=self.idp, relay_state="/protected", binding=BINDING_HTTP_POST)
            self.outstanding[request_id] = "/protected"
            return send(http_info)
        if path == "/mpass-login" and method == "POST":
            try:
                response = self.client.parse_authn_request_response(
                    form.get("SAMLResponse", ""), BINDING_HTTP_POST, outstanding=self.outstanding)
            except StatusError:
                # A cancelled or failed login at MPass (response.py StatusResponse._verify raises
                # a StatusError subclass): not an error of the Service; the user is not logged in.
                return page("200 OK", "Not logged in", "The login at MPass was not completed.")
            except Exception as error:  # pysaml2 raises for every refused Response
                return page("403 Forbidden", "Login failed", "%s: %s" % (type(error).__name__, error))
            if response is None:
                return page("403 Forbidden", "Login failed", "no Response")
            # A request is answered once (the example SP forgets it after use too).
            self.outstanding.pop(response.in_response_to, None)
            info = response.session_info()
            if info.get("name_id") is None:
                # No NameID, no identity to open a session for (the NameID is MPass's IDNP).
                return page("403 Forbidden", "Login failed", "the Response names no user")
            sid = secrets.token_urlsafe(24)
            self.sessions[sid] = {"name_id": info["name_id"], "session_index": info.get("session_index")}
            start_response("302 Found", [("Location", "/protected"), ("Set-Cookie", "sid=%s; Path=/; HttpOnly" % sid)])
            return [b""]
        if path == "/protected":
            if session:
                return page("200 OK", "Protected", "Logged in as %s" % session["name_id"].text)
            return page("403 Forbidden", "Not logged in", "Log in first: /login")
        if path == "/logout":
            if not session:
                start_response("302 Found", [("Location", "/")])
                return [b""]
            self.sessions.pop(cookie, None)
            answers = self.client.global_logout(session["name_id"])
            clear = ("Set-Cookie", "sid=; Path=/; HttpOnly; Max-Age=0")
            for _, (binding, http_info) in answers.items():
                return send(http_info, [clear])
            return page("200 OK", "Logged out", "You are logged out.", [clear])
        if path == "/mpass-slo" and method == "POST":
            try:
                if "SAMLResponse" in form:
                    self.client.parse_logout_request_response(form["SAMLResponse"], BINDING_HTTP_POST)
                    return page("200 OK", "Logged out", "You are logged out.")
                if "SAMLRequest" in form:
                    name_id = session["name_id"] if session else None
                    http_info = self.client.handle_logout_request(
                        form["SAMLRequest"], name_id, BINDING_HTTP_POST, relay_state=form.get("RelayState", ""))
                    if session and name_id not in self.client.users.subjects():
                        self.sessions.pop(cookie, None)  # local_logout removed the user
                    return send(http_info)
            except Exception as error:
                return page("400 Bad Request", "Logout failed", "%s: %s" % (type(error).__name__, error))
            return page("400 Bad Request", "Logout failed", "no SAML message")
        if path == "/":
            return page("200 OK", "Home", "pysaml2 test Service")
        return page("404 Not Found", "Not found", path)



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    for name in ("idp-metadata", "sp-cert", "sp-key", "entity-id"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    serve(App(args), args.port)


if __name__ == "__main__":
    main()
