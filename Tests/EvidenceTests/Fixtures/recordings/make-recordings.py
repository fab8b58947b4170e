#!/usr/bin/env python3
"""Writes the browser-export fixtures of EvidenceTests: small, hand-shaped copies of what
Chrome's and Firefox's developer tools and the SAML-tracer extension export, carrying
unsigned MPass-shaped SAML messages (extraction and reading tests only; signature tests
make their own keys and messages in code).

The shapes follow the real exporters:
- Chrome (creator "WebInspector"): `_initiator`, `_resourceType`, `_priority`, `pageref`,
  `serverIPAddress`, `connection`, timings with `blocked`/`dns`/`ssl`, `postData` with
  `text` but no `params` for form posts, the auto-submit page in `content.text`.
- Firefox (creator "Firefox"): `startedDateTime` with the local offset, `postData.params`
  whose values are still URL-encoded, one response body as `content.encoding: "base64"`,
  and one post recorded with `params` only (no `text`).
- SAML-tracer (simplesamlphp/SAML-tracer, SAMLTraceIO.js): `{"requests": [...],
  "timestamp": ...}`, `post` and `get` as [name, value] pairs, `saml` the decoded message,
  `protocol: "SAML-P"`, `responseStatus`/`responseStatusText`/`responseHeaders`; a legacy
  (pre-1.0) export with [name, value] headers and the "hash" export filter applied to
  `post` values, so that only `saml` still holds the message.

Run from this folder: python3 make-recordings.py
"""
import base64, hashlib, json, urllib.parse, zlib

IDP = "https://mpass.staging.egov.md"
SP = "https://localhost:5001"
SP_ISSUER = "https://mpass.localhost.egov.md"
IDP_ISSUER = "http://devmpass.gov.md"
P = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'

AUTHN_ID = "_3f1c2a9e4b7d4e0f9a1b2c3d4e5f6071"
RESPONSE_ID = "_8a7b6c5d4e3f40a1b2c3d4e5f6a7b8c9"
LOGOUT_ID = "_0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"
LOGOUT_RESPONSE_ID = "_5e4d3c2b1a0f4e9d8c7b6a5f4e3d2c1b"

authn = (f'<samlp:AuthnRequest {P} ID="{AUTHN_ID}" Version="2.0" IssueInstant="2026-11-20T09:15:01Z" '
         f'Destination="{IDP}/login/saml" AssertionConsumerServiceURL="{SP}/mpass-login">'
         f'<saml:Issuer>{SP_ISSUER}</saml:Issuer><samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>')
response = (f'<samlp:Response {P} ID="{RESPONSE_ID}" Version="2.0" IssueInstant="2026-11-20T09:15:20Z" '
            f'Destination="{SP}/mpass-login" InResponseTo="{AUTHN_ID}"><saml:Issuer>{IDP_ISSUER}</saml:Issuer>'
            f'<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
            f'</samlp:Response>')
logout = (f'<samlp:LogoutRequest {P} ID="{LOGOUT_ID}" Version="2.0" IssueInstant="2026-11-20T09:20:00Z" '
          f'Destination="{IDP}/logout/saml"><saml:Issuer>{SP_ISSUER}</saml:Issuer>'
          f'<saml:NameID>2001234567890</saml:NameID><samlp:SessionIndex>_s1</samlp:SessionIndex></samlp:LogoutRequest>')
logout_response = (f'<samlp:LogoutResponse {P} ID="{LOGOUT_RESPONSE_ID}" Version="2.0" IssueInstant="2026-11-20T09:20:02Z" '
                   f'Destination="{SP}/mpass-logout" InResponseTo="{LOGOUT_ID}"><saml:Issuer>{IDP_ISSUER}</saml:Issuer>'
                   f'<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
                   f'</samlp:LogoutResponse>')

def b64(xml): return base64.b64encode(xml.encode()).decode()
def deflate64(xml):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.b64encode(c.compress(xml.encode()) + c.flush()).decode()
def q(v): return urllib.parse.quote(v, safe="")
def form(pairs): return "&".join(f"{q(n)}={q(v)}" for n, v in pairs)

def autosubmit(action, field, value, relay):
    return ('<!DOCTYPE html><html><head><meta http-equiv="Cache-Control" content="no-cache, no-store"></head>'
            '<body onload="document.forms[0].submit()">'
            f'<form method="post" action="{action}"><input type="hidden" name="{field}" value="{value}"/>'
            f'<input type="hidden" name="RelayState" value="{relay}"/>'
            '<noscript><button type="submit">Continue</button></noscript></form></body></html>')

# A fake query signature: extraction keeps it; nothing here verifies it.
fake_sig = base64.b64encode(hashlib.sha256(b"not a real signature").digest() * 8).decode()
redirect_query = (f"SAMLRequest={q(deflate64(logout))}&RelayState=logout-1"
                  f"&SigAlg={q('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}&Signature={q(fake_sig)}")

def chrome_timings(): return {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 12.5,
                              "receive": 0.8, "_blocked_queueing": 0.9}

def chrome_entry(started, method, url, status, status_text, req_headers, resp_headers, post=None, content=None,
                 redirect="", initiator="other", resource="document"):
    e = {"_initiator": {"type": initiator} if initiator == "other" else {"type": "parser", "url": initiator, "lineNumber": 1},
         "_priority": "VeryHigh", "_resourceType": resource, "cache": {}, "connection": "443",
         "pageref": "page_1",
         "request": {"method": method, "url": url, "httpVersion": "http/2.0", "headers": req_headers,
                     "queryString": [{"name": n, "value": v} for n, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)],
                     "cookies": [], "headersSize": -1, "bodySize": len(post["text"]) if post else 0},
         "response": {"status": status, "statusText": status_text, "httpVersion": "http/2.0", "headers": resp_headers,
                      "cookies": [], "content": content or {"size": 0, "mimeType": "x-unknown"},
                      "redirectURL": redirect, "headersSize": -1, "bodySize": -1, "_transferSize": 512, "_error": None},
         "serverIPAddress": "127.0.0.1", "startedDateTime": started, "time": 15.4, "timings": chrome_timings()}
    if post: e["request"]["postData"] = post
    return e

authn_form = form([("SAMLRequest", b64(authn)), ("RelayState", AUTHN_ID)])
response_page = autosubmit(f"{SP}/mpass-login", "SAMLResponse", b64(response), AUTHN_ID)
response_form = form([("SAMLResponse", b64(response)), ("RelayState", AUTHN_ID)])
chrome = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
    "pages": [{"startedDateTime": "2026-11-20T09:15:00.512Z", "id": "page_1", "title": f"{SP}/",
               "pageTimings": {"onContentLoad": 120.5, "onLoad": 180.2}}],
    "entries": [
        chrome_entry("2026-11-20T09:15:01.020Z", "POST", f"{IDP}/login/saml", 200, "",
                     [{"name": ":method", "value": "POST"}, {"name": "content-type", "value": "application/x-www-form-urlencoded"},
                      {"name": "origin", "value": SP}],
                     [{"name": "content-type", "value": "text/html; charset=utf-8"}, {"name": "set-cookie", "value": "MPassSession=AbCdEf0123456789; path=/; secure; httponly; samesite=none"}],
                     post={"mimeType": "application/x-www-form-urlencoded", "text": authn_form},
                     content={"size": 1800, "mimeType": "text/html", "text": "<html><body><form method=post action=/login/saml/password><input name=username><input type=password name=password></form></body></html>"}),
        chrome_entry("2026-11-20T09:15:19.870Z", "POST", f"{IDP}/login/saml/password", 200, "",
                     [{"name": "content-type", "value": "application/x-www-form-urlencoded"}],
                     [{"name": "content-type", "value": "text/html; charset=utf-8"}, {"name": "cache-control", "value": "no-cache, no-store"}],
                     post={"mimeType": "application/x-www-form-urlencoded", "text": form([("username", "2001234567890"), ("password", "hunter2-staging")]),
                           "params": [{"name": "username", "value": "2001234567890"}, {"name": "password", "value": "hunter2-staging"}]},
                     content={"size": len(response_page), "mimeType": "text/html", "text": response_page}),
        chrome_entry("2026-11-20T09:15:20.105Z", "POST", f"{SP}/mpass-login", 302, "",
                     [{"name": "content-type", "value": "application/x-www-form-urlencoded"}, {"name": "origin", "value": "null"}],
                     [{"name": "location", "value": "/"}, {"name": "set-cookie", "value": ".AspNetCore.Session=CfDJ8Lx0; path=/; httponly"}],
                     post={"mimeType": "application/x-www-form-urlencoded", "text": response_form},
                     redirect="/", initiator=f"{IDP}/login/saml/password"),
        chrome_entry("2026-11-20T09:15:20.301Z", "GET", f"{SP}/", 200, "",
                     [{"name": "cookie", "value": ".AspNetCore.Session=CfDJ8Lx0"}],
                     [{"name": "content-type", "value": "text/html"}],
                     content={"size": 120, "mimeType": "text/html", "text": "<html><body>Welcome, Ion</body></html>"}),
        chrome_entry("2026-11-20T09:15:20.410Z", "GET", f"{SP}/app.js", 200, "",
                     [], [{"name": "content-type", "value": "text/javascript"}],
                     content={"size": 20, "mimeType": "text/javascript", "text": "console.log('hi');"},
                     initiator=f"{SP}/", resource="script"),
    ]}}

firefox_page = autosubmit(f"{SP}/mpass-logout", "SAMLResponse", b64(logout_response), "logout-1")
authn_redirect_query = f"SAMLRequest={q(deflate64(authn))}&RelayState={AUTHN_ID}&SigAlg={q('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}&Signature={q(fake_sig)}"
def ff_entry(started, method, url, status, status_text, req_headers, resp_headers, post=None, content=None, redirect=""):
    e = {"pageref": "page_1", "startedDateTime": started, "time": 21,
         "request": {"bodySize": 0, "method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": req_headers,
                     "cookies": [], "queryString": [{"name": n, "value": v} for n, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)],
                     "headersSize": 410},
         "response": {"status": status, "statusText": status_text, "httpVersion": "HTTP/1.1", "headers": resp_headers,
                      "cookies": [], "content": content or {"mimeType": "text/plain", "size": 0, "text": ""},
                      "redirectURL": redirect, "headersSize": 300, "bodySize": 0},
         "cache": {}, "timings": {"blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 20, "receive": 1},
         "serverIPAddress": "127.0.0.1", "connection": "443"}
    if post: e["request"]["postData"] = post
    return e

firefox = {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "132.0"},
    "browser": {"name": "Firefox", "version": "132.0"},
    "pages": [{"startedDateTime": "2026-11-20T11:19:59.000+02:00", "id": "page_1", "title": "Logout", "pageTimings": {"onContentLoad": -1, "onLoad": -1}}],
    "entries": [
        ff_entry("2026-11-20T11:15:01.000+02:00", "GET", f"{IDP}/login/saml?{authn_redirect_query}", 200, "OK",
                 [{"name": "Host", "value": "mpass.staging.egov.md"}], [{"name": "Content-Type", "value": "text/html"}],
                 content={"mimeType": "text/html", "size": 40, "text": "<html><body>MPass login</body></html>"}),
        ff_entry("2026-11-20T11:20:00.250+02:00", "GET", f"{SP}/logout", 302, "Found",
                 [{"name": "Cookie", "value": ".AspNetCore.Session=CfDJ8Lx0"}],
                 [{"name": "Location", "value": f"{IDP}/logout/saml?{redirect_query}"}],
                 redirect=f"{IDP}/logout/saml?{redirect_query}"),
        ff_entry("2026-11-20T11:20:00.400+02:00", "GET", f"{IDP}/logout/saml?{redirect_query}", 200, "OK",
                 [{"name": "Cookie", "value": "MPassSession=AbCdEf0123456789"}],
                 [{"name": "Content-Type", "value": "text/html; charset=utf-8"}],
                 content={"mimeType": "text/html; charset=utf-8", "size": len(firefox_page), "encoding": "base64",
                          "text": base64.b64encode(firefox_page.encode()).decode()}),
        ff_entry("2026-11-20T11:20:02.100+02:00", "POST", f"{SP}/mpass-logout", 302, "Found",
                 [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                 [{"name": "Location", "value": "/"}],
                 post={"mimeType": "application/x-www-form-urlencoded",
                       "params": [{"name": "SAMLResponse", "value": q(b64(logout_response))}, {"name": "RelayState", "value": "logout-1"}]},
                 redirect="/"),
    ]}}

def tracer_request(rid, method, url, headers, status, status_line, resp_headers, post=None, saml=None, legacy=False):
    r = {"method": method, "url": url,
         "requestHeaders": [[h["name"], h["value"]] for h in headers] if legacy else headers,
         "responseStatus": status, "responseStatusText": status_line,
         "responseHeaders": [[h["name"], h["value"]] for h in resp_headers] if legacy else resp_headers}
    r["id" if legacy else "requestId"] = rid
    if method == "GET": r["get"] = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)
    if post is not None:
        r["post"] = post
        r["postData"] = {n: [v] for n, v in post}
    if saml is not None:
        r["protocol"] = "SAML-P"
        r["saml"] = saml
    return r

tracer = {"requests": [
    tracer_request("1201", "POST", f"{IDP}/login/saml", [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                   200, "HTTP/1.1 200 OK", [{"name": "Content-Type", "value": "text/html"}],
                   post=[["SAMLRequest", b64(authn)], ["RelayState", AUTHN_ID]], saml=authn),
    tracer_request("1202", "POST", f"{SP}/mpass-login", [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                   302, "HTTP/1.1 302 Found", [{"name": "Location", "value": "/"}],
                   post=[["SAMLResponse", b64(response)], ["RelayState", AUTHN_ID]], saml=response),
    tracer_request("1203", "GET", f"{IDP}/logout/saml?{redirect_query}", [], 200, "HTTP/1.1 200 OK", [], saml=logout),
    tracer_request("1204", "GET", f"{SP}/favicon.ico", [], None, None, []),
], "timestamp": "2026-11-20T09:25:00.000Z"}
del tracer["requests"][3]["responseStatus"]; del tracer["requests"][3]["responseStatusText"]

def hashed(v): return hashlib.sha256(v.encode()).hexdigest()
tracer_legacy = {"requests": [
    tracer_request(7, "POST", f"{IDP}/login/saml", [{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}],
                   200, "HTTP/1.1 200 OK", [{"name": "Content-Type", "value": "text/html"}],
                   post=[["SAMLRequest", hashed(b64(authn))], ["RelayState", hashed(AUTHN_ID)]], saml=authn, legacy=True),
], "timestamp": "2026-11-20T09:26:00.000Z"}

for name, doc in [("chrome-login.har", chrome), ("firefox-redirect-logout.har", firefox),
                  ("saml-tracer-export.json", tracer), ("saml-tracer-legacy-hashed.json", tracer_legacy)]:
    with open(name, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
