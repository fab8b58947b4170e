import Foundation
import Testing
@testable import BrowserAgent

/// One test per rule of RFC 6265 (and the RFC 6265bis rules browsers apply).
@Suite("CookieJar")
struct CookieJarTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let service = URL(string: "https://sp.example.md/app/login")!

    func url(_ string: String) -> URL { URL(string: string)! }

    func names(_ jar: CookieJar, _ url: URL, context: SameSiteContext = .sameSite) -> [String] {
        jar.cookies(for: url, now: now, context: context).map(\.name)
    }

    @Test("a cookie without Domain is host-only: not sent to subdomains")
    func hostOnly() {
        var jar = CookieJar()
        guard case .stored(let cookie) = jar.store(setCookie: "sid=1; Path=/", from: service, now: now) else {
            Issue.record("not stored"); return
        }
        #expect(cookie.hostOnly)
        #expect(cookie.domain == "sp.example.md")
        #expect(names(jar, url("https://sp.example.md/")) == ["sid"])
        #expect(names(jar, url("https://a.sp.example.md/")) == [])
        #expect(names(jar, url("https://example.md/")) == [])
    }

    @Test("Domain makes a domain cookie, leading dot ignored, sent to subdomains")
    func domainCookie() {
        var jar = CookieJar()
        jar.store(setCookie: "d=1; Domain=.Example.md; Path=/", from: service, now: now)
        let cookie = jar.cookies[0]
        #expect(!cookie.hostOnly)
        #expect(cookie.domain == "example.md")
        #expect(names(jar, url("https://example.md/")) == ["d"])
        #expect(names(jar, url("https://x.y.example.md/")) == ["d"])
        #expect(names(jar, url("https://notexample.md/")) == [])
    }

    @Test("Domain that does not cover the host, or a public suffix, is rejected")
    func domainRejected() {
        var jar = CookieJar()
        guard case .rejected = jar.store(setCookie: "d=1; Domain=other.md", from: service, now: now) else {
            Issue.record("foreign domain accepted"); return
        }
        guard case .rejected = jar.store(setCookie: "d=1; Domain=md", from: service, now: now) else {
            Issue.record("public suffix accepted"); return
        }
        #expect(jar.cookies.isEmpty)
    }

    @Test("IP hosts: Domain must equal the address; no suffix matching")
    func ipAddresses() {
        var jar = CookieJar()
        let loopback = url("http://127.0.0.1:8080/")
        guard case .rejected = jar.store(setCookie: "a=1; Domain=0.0.1", from: loopback, now: now) else {
            Issue.record("suffix of an IP accepted"); return
        }
        guard case .stored = jar.store(setCookie: "b=1; Domain=127.0.0.1", from: loopback, now: now) else {
            Issue.record("own IP refused"); return
        }
        #expect(names(jar, url("http://127.0.0.1:9999/x")) == ["b"], "cookies ignore the port")
        #expect(names(jar, url("http://1.127.0.0.1/")) == [])
    }

    @Test("single-label Domain equal to the host (localhost) gives a host-only cookie")
    func localhostDomain() {
        var jar = CookieJar()
        guard case .stored(let cookie) = jar.store(setCookie: "a=1; Domain=localhost", from: url("http://localhost:3000/"), now: now) else {
            Issue.record("refused"); return
        }
        #expect(cookie.hostOnly)
    }

    @Test("default-path is the request path up to its last slash", arguments: [
        ("https://sp.example.md/app/login", "/app"),
        ("https://sp.example.md/app/", "/app"),
        ("https://sp.example.md/login", "/"),
        ("https://sp.example.md", "/"),
    ])
    func defaultPath(requestURL: String, expected: String) {
        var jar = CookieJar()
        jar.store(setCookie: "a=1", from: url(requestURL), now: now)
        jar.store(setCookie: "b=1; Path=relative", from: url(requestURL), now: now)
        #expect(jar.cookies.map(\.path) == [expected, expected])
    }

    @Test("path-match: exact, a sub-path after '/', not a mere prefix")
    func pathMatch() {
        var jar = CookieJar()
        jar.store(setCookie: "a=1; Path=/docs", from: service, now: now)
        #expect(names(jar, url("https://sp.example.md/docs")) == ["a"])
        #expect(names(jar, url("https://sp.example.md/docs/")) == ["a"])
        #expect(names(jar, url("https://sp.example.md/docs/x/y")) == ["a"])
        #expect(names(jar, url("https://sp.example.md/docsx")) == [])
        #expect(names(jar, url("https://sp.example.md/")) == [])
    }

    /// RFC 6265bis lets the user agent say which protocols are "secure"; Chromium counts
    /// plain http to loopback (W3C Secure Contexts' potentially trustworthy hosts), so a
    /// Secure cookie from http://127.0.0.1 is kept and sent back there (seen with Chromium
    /// 156: mod_auth_mellon's `secure; SameSite=None` cookie over http://127.0.0.1).
    @Test("Secure cookies are refused from http and sent over https only, loopback http counting as secure")
    func secure() {
        var jar = CookieJar()
        for host in ["http://sp.example.md/", "http://128.0.0.1/", "http://127.0.0.1.example.md/", "http://localhost.example.md/"] {
            guard case .rejected(let reason) = jar.store(setCookie: "s=1; Secure", from: url(host), now: now) else {
                Issue.record("Secure from \(host) accepted"); continue
            }
            #expect(reason.contains("Secure"))
        }
        jar.store(setCookie: "s=1; Secure; Path=/", from: service, now: now)
        #expect(names(jar, url("https://sp.example.md/")) == ["s"])
        #expect(names(jar, url("http://sp.example.md/")) == [])
        for host in ["http://127.0.0.1:8080/", "http://127.1.2.3/", "http://localhost/", "http://app.localhost/", "http://[::1]:9000/"] {
            var loopback = CookieJar()
            guard case .stored = loopback.store(setCookie: "l=1; Secure; SameSite=None", from: url(host), now: now) else {
                Issue.record("Secure from \(host) refused"); continue
            }
            #expect(names(loopback, url(host), context: .crossSiteUnsafe) == ["l"], "\(host)")
        }
    }

    @Test("plain http cannot overwrite a Secure cookie (leave secure cookies alone)")
    func leaveSecureAlone() {
        var jar = CookieJar()
        jar.store(setCookie: "s=good; Secure; Path=/", from: service, now: now)
        guard case .rejected = jar.store(setCookie: "s=evil; Path=/", from: url("http://sp.example.md/"), now: now) else {
            Issue.record("overwritten"); return
        }
        #expect(jar.cookies.map(\.value) == ["good"])
    }

    @Test("Max-Age=0 and negative Max-Age delete the cookie")
    func maxAgeDeletes() {
        var jar = CookieJar()
        jar.store(setCookie: "a=1", from: service, now: now)
        jar.store(setCookie: "b=1", from: service, now: now)
        #expect(jar.store(setCookie: "a=; Max-Age=0", from: service, now: now) == .deleted(name: "a"))
        #expect(jar.store(setCookie: "b=; Max-Age=-5", from: service, now: now) == .deleted(name: "b"))
        #expect(jar.cookies.isEmpty)
    }

    @Test("an Expires in the past deletes; a cookie is dropped once its time has passed")
    func expires() {
        var jar = CookieJar()
        jar.store(setCookie: "a=1", from: service, now: now)
        #expect(jar.store(setCookie: "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from: service, now: now) == .deleted(name: "a"))
        jar.store(setCookie: "b=1; Max-Age=60", from: service, now: now)
        #expect(jar.cookies(for: service, now: now.addingTimeInterval(59)).map(\.name) == ["b"])
        #expect(jar.cookies(for: service, now: now.addingTimeInterval(60)).isEmpty)
        jar.removeExpired(now: now.addingTimeInterval(61))
        #expect(jar.cookies.isEmpty)
    }

    @Test("Max-Age wins over Expires whatever their order")
    func maxAgeWins() {
        var jar = CookieJar()
        jar.store(setCookie: "a=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from: service, now: now)
        jar.store(setCookie: "b=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=100", from: service, now: now)
        #expect(jar.cookies.map(\.expires) == [now.addingTimeInterval(100), now.addingTimeInterval(100)])
    }

    @Test("cookie-date formats servers write", arguments: [
        "Wed, 09 Jun 2021 10:18:14 GMT",
        "Wednesday, 09-Jun-21 10:18:14 GMT",
        "Wed Jun  9 10:18:14 2021",
        "09 jun 2021 10:18:14",
    ])
    func cookieDates(text: String) {
        let expected = Date(timeIntervalSince1970: 1_623_233_894)
        #expect(CookieDateParser.parse(text) == expected)
    }

    @Test("invalid dates are ignored (the cookie stays a session cookie)")
    func invalidDates() {
        #expect(CookieDateParser.parse("31 Feb 2021 10:00:00") == nil)
        #expect(CookieDateParser.parse("tomorrow") == nil)
        var jar = CookieJar()
        jar.store(setCookie: "a=1; Expires=soon", from: service, now: now)
        #expect(jar.cookies.first?.isPersistent == false)
    }

    @Test("HttpOnly and SameSite are kept for inspection")
    func flagsKept() {
        var jar = CookieJar()
        jar.store(setCookie: "sid=abc; Path=/; Secure; HttpOnly; SameSite=lax", from: service, now: now)
        let cookie = jar.cookies(named: "sid")[0]
        #expect(cookie.httpOnly)
        #expect(cookie.secure)
        #expect(cookie.sameSite == .lax)
        jar.store(setCookie: "other=1; SameSite=Bogus", from: service, now: now)
        #expect(jar.cookies(named: "other")[0].sameSite == .unspecified)
    }

    @Test("SameSite=None without Secure is rejected")
    func sameSiteNoneNeedsSecure() {
        var jar = CookieJar()
        guard case .rejected = jar.store(setCookie: "a=1; SameSite=None", from: service, now: now) else {
            Issue.record("accepted"); return
        }
    }

    @Test("SameSite decides what cross-site requests carry")
    func sameSiteSelection() {
        var jar = CookieJar()
        jar.store(setCookie: "strict=1; SameSite=Strict", from: service, now: now)
        jar.store(setCookie: "lax=1; SameSite=Lax", from: service, now: now)
        jar.store(setCookie: "none=1; SameSite=None; Secure", from: service, now: now)
        jar.store(setCookie: "default=1", from: service, now: now)
        let target = url("https://sp.example.md/app/acs")
        #expect(Set(names(jar, target)) == ["strict", "lax", "none", "default"])
        #expect(Set(names(jar, target, context: .crossSiteSafeNavigation)) == ["lax", "none", "default"])
        #expect(Set(names(jar, target, context: .crossSiteUnsafe)) == ["none", "default"])
    }

    /// RFC 6265bis "Lax-Allowing-Unsafe" enforcement as Chromium applies it to a cookie
    /// without SameSite (Lax by default): a cross-site POST carries it only while it is at
    /// most two minutes old (`kLaxAllowUnsafeMaxAge`); a top-level cross-site GET always
    /// does, and SameSite=None; Secure goes whatever its age.
    @Test("A cookie without SameSite goes with a cross-site POST only in its first two minutes")
    func laxByDefaultAllowsUnsafeForTwoMinutes() {
        var jar = CookieJar()
        jar.store(setCookie: "default=1", from: service, now: now)
        jar.store(setCookie: "none=1; SameSite=None; Secure", from: service, now: now)
        let target = url("https://sp.example.md/app/acs")
        #expect(Set(jar.cookies(for: target, now: now.addingTimeInterval(119), context: .crossSiteUnsafe).map(\.name)) == ["none", "default"])
        #expect(Set(jar.cookies(for: target, now: now.addingTimeInterval(121), context: .crossSiteUnsafe).map(\.name)) == ["none"])
        #expect(Set(jar.cookies(for: target, now: now.addingTimeInterval(3600), context: .crossSiteSafeNavigation).map(\.name)) == ["none", "default"])
        // Set again with the same value, its two minutes do not start again; with a new value
        // they do (Chromium's CookieMonster keeps the old creation date only for the same value).
        jar.store(setCookie: "default=1", from: service, now: now.addingTimeInterval(100))
        #expect(jar.cookies(for: target, now: now.addingTimeInterval(121), context: .crossSiteUnsafe).map(\.name) == ["none"])
        jar.store(setCookie: "default=2", from: service, now: now.addingTimeInterval(200))
        #expect(Set(jar.cookies(for: target, now: now.addingTimeInterval(319), context: .crossSiteUnsafe).map(\.name)) == ["none", "default"])
        #expect(jar.cookies(for: target, now: now.addingTimeInterval(321), context: .crossSiteUnsafe).map(\.name) == ["none"])
    }

    @Test("__Secure- and __Host- prefixes are enforced")
    func prefixes() {
        var jar = CookieJar()
        guard case .rejected = jar.store(setCookie: "__Secure-a=1", from: service, now: now) else { Issue.record("1"); return }
        guard case .rejected = jar.store(setCookie: "__Host-a=1; Secure; Path=/app", from: service, now: now) else { Issue.record("2"); return }
        guard case .rejected = jar.store(setCookie: "__Host-a=1; Secure; Path=/; Domain=sp.example.md", from: service, now: now) else { Issue.record("3"); return }
        guard case .stored = jar.store(setCookie: "__Host-a=1; Secure; Path=/", from: service, now: now) else { Issue.record("4"); return }
        guard case .stored = jar.store(setCookie: "__Secure-b=1; Secure", from: service, now: now) else { Issue.record("5"); return }
    }

    @Test("a header without name=value is ignored")
    func malformed() {
        var jar = CookieJar()
        guard case .rejected = jar.store(setCookie: "justtext", from: service, now: now) else { Issue.record("1"); return }
        guard case .rejected = jar.store(setCookie: "=value", from: service, now: now) else { Issue.record("2"); return }
        #expect(jar.cookies.isEmpty)
    }

    @Test("Cookie header: longer paths first, then older first; values and spaces as stored")
    func headerOrder() {
        var jar = CookieJar()
        jar.store(setCookie: "root=1; Path=/", from: service, now: now)
        jar.store(setCookie: "deep=2; Path=/app/admin", from: service, now: now.addingTimeInterval(5))
        jar.store(setCookie: "mid=3; Path=/app", from: service, now: now)
        jar.store(setCookie: "root2= x y ; Path=/", from: service, now: now)
        #expect(jar.cookieHeader(for: url("https://sp.example.md/app/admin/users"), now: now.addingTimeInterval(10))
            == "deep=2; mid=3; root=1; root2=x y")
        #expect(jar.cookieHeader(for: url("https://elsewhere.md/"), now: now) == nil)
    }

    @Test("replacing a cookie keeps its creation time (and so its place in the header)")
    func replaceKeepsCreation() {
        var jar = CookieJar()
        jar.store(setCookie: "a=1", from: service, now: now)
        jar.store(setCookie: "b=1", from: service, now: now.addingTimeInterval(1))
        jar.store(setCookie: "a=2", from: service, now: now.addingTimeInterval(2))
        #expect(jar.cookies.count == 2)
        #expect(jar.cookies(named: "a")[0].creationTime == now)
        #expect(jar.cookieHeader(for: service, now: now.addingTimeInterval(3)) == "a=2; b=1")
    }

    @Test("clearing one host drops only the cookies that host would receive")
    func clearForHost() {
        var jar = CookieJar()
        jar.store(setCookie: "sp=1", from: service, now: now)
        jar.store(setCookie: "parent=1; Domain=example.md", from: service, now: now)
        jar.store(setCookie: "idp=1", from: url("https://mpass.sim.test/login"), now: now)
        jar.removeCookies(forHost: "SP.example.md")
        #expect(jar.cookies.map(\.name) == ["idp"])
        jar.removeAll()
        #expect(jar.cookies.isEmpty)
    }
}
