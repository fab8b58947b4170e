"""What the two Python test Services share, none of it SAML: the form and the session cookie
of a request, an HTML page, a quiet wsgiref server on 127.0.0.1."""
import html
import sys
from urllib.parse import parse_qs
from socketserver import ThreadingMixIn
from wsgiref.simple_server import make_server, WSGIRequestHandler, WSGIServer


def read_form(environ):
    """The POSTed form fields (one value each), or {}."""
    if environ["REQUEST_METHOD"] != "POST":
        return {}
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


def session_cookie(environ):
    """The value of the `sid` cookie, or None."""
    for part in environ.get("HTTP_COOKIE", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "sid":
            return value
    return None


def page(start_response, status, title, text, headers=()):
    """A small HTML page, never cached (SAML Bindings 3.5.5.1 asks it of SAML pages)."""
    body = ("<!doctype html><title>%s</title><h1>%s</h1><p>%s</p>"
            % (html.escape(title), html.escape(title), html.escape(text))).encode()
    start_response(status, [("Content-Type", "text/html; charset=utf-8"),
                            ("Cache-Control", "no-cache, no-store")] + list(headers))
    return [body]


class QuietHandler(WSGIRequestHandler):
    """Request lines to stderr (the test's sp.log), nothing else."""
    def log_message(self, format, *args):
        sys.stderr.write("%s\n" % (format % args))


class ThreadingServer(ThreadingMixIn, WSGIServer):
    """One thread a connection. A real browser opens connections ahead of need (Chromium's
    preconnect) and may leave one idle; a one-at-a-time server would wait on it and leave the
    harness's own request to the Service unanswered."""
    daemon_threads = True


def serve(app, port):
    server = make_server("127.0.0.1", port, app, server_class=ThreadingServer, handler_class=QuietHandler)
    print("listening on http://127.0.0.1:%d" % port, flush=True)
    server.serve_forever()
