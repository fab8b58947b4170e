import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MPassSAML
import Vocabulary

extension ReferenceService {
    /// The session cookie (HttpOnly, SameSite=Lax, Secure over https).
    public static let sessionCookieName = "rs_session"
    /// The pending-login cookie: the key of the started login (also carried as RelayState).
    public static let stateCookieName = "rs_state"
    /// Largest request body read: a signed MPass Response in a form is a few KB.
    static let maxBodyBytes = 1 << 20

    /// The application for `core` at `address` (the Hummingbird template's `buildApplication`).
    public static func buildApplication(core: ServiceCore, address: BindAddress = .hostname("127.0.0.1", port: 0),
                                        logger: Logger = Logger(label: "mpass-reference-service"))
        -> some ApplicationProtocol {
        Application(router: buildRouter(core: core), configuration: .init(address: address, serverName: "mpass-reference-service"),
                    logger: logger)
    }

    /// The routes of the official .NET integration, translating HTTP to `ServiceCore` calls.
    public static func buildRouter(core: ServiceCore) -> Router<BasicRequestContext> {
        buildRouter { core }
    }

    /// The same, for a core that exists only once the server has bound its port (`serve`
    /// with port 0): until then every route answers 503.
    static func buildRouter(observer: ExchangeObserver? = nil,
                            core currentCore: @escaping @Sendable () -> ServiceCore?) -> Router<BasicRequestContext> {
        let router = Router()
        // First, so that it wraps every route (Hummingbird applies middleware to routes added after it).
        if let observer { router.add(middleware: ObservingMiddleware(observer: observer)) }
        func withCore(_ handler: @escaping @Sendable (Request, ServiceCore) async throws -> Response)
            -> @Sendable (Request, BasicRequestContext) async throws -> Response {
            { request, _ in
                guard let core = currentCore() else {
                    return page(ServicePages.serverError("the Service is starting"), status: .serviceUnavailable)
                }
                return try await handler(request, core)
            }
        }

        router.get("/health") { _, _ in "ok" }

        router.get("/", use: withCore { request, core in
            let session = await core.session(id: request.cookies[sessionCookieName]?.value)
            let notice = request.uri.queryParameters.get("loggedOut") != nil
            return page(ServicePages.home(session: session, loggedOutNotice: notice, weaknesses: core.configuration.weaknesses))
        })

        router.get("/login", use: withCore { request, core in
            let start: LoginStart
            do {
                start = try await core.startLogin(returnTo: request.uri.queryParameters.get("returnTo"))
            } catch {
                return page(ServicePages.serverError("the AuthnRequest could not be made: \(error)"), status: .internalServerError)
            }
            var response = start.redirect.map { redirectResponse($0, core: core) } ?? samlPage(start.page, core: core)
            // Max-Age: the pending login is forgotten after loginTimeout anyway.
            response.setCookie(cookie(stateCookieName, start.stateKey, core: core, httpOnly: true,
                                      maxAge: Int(core.configuration.loginTimeout)))
            return response
        })

        router.post("/mpass-login", use: withCore { request, core in
            let body = try await formBody(request)
            let outcome = await core.completeLogin(formBody: body, stateCookie: request.cookies[stateCookieName]?.value)
            switch outcome {
            case .loggedIn(let session, let returnTo, _):
                // 303: the browser follows with a GET, so the POSTed Response is not resent.
                var response = Response.redirect(to: returnTo, type: .normal)
                let httpOnly = !core.configuration.weaknesses.contains(.sessionCookieNotHttpOnly)
                let sameSite = !core.configuration.weaknesses.contains(.sessionCookieNoSameSite)
                response.setCookie(cookie(sessionCookieName, session.id, core: core, httpOnly: httpOnly, sameSite: sameSite))
                response.setCookie(cookie(stateCookieName, "", core: core, httpOnly: true, maxAge: 0))
                return response
            case .cancelled(let status, _, let answerWithServerError):
                let weaknesses = core.configuration.weaknesses
                if weaknesses.contains(.forbiddenOnCancel) { return page(ServicePages.loginFailed(status: status), status: .forbidden) }
                if weaknesses.contains(.friendlyErrorOnCancel) { return page(ServicePages.friendlyError(), status: .ok) }
                return page(ServicePages.cancelled(status: status), status: answerWithServerError ? .internalServerError : .ok)
            case .refused(let verdict):
                if core.configuration.weaknesses.contains(.restartLoginOnRefusal) { return Response.redirect(to: "/login?returnTo=%2Fprotected", type: .found) }
                return page(ServicePages.refused(title: "Login failed", verdict: verdict), status: .forbidden)
            case .unreadable(let reason):
                return page(ServicePages.unreadable(reason), status: .badRequest)
            }
        })

        router.get("/protected", use: withCore { request, core in
            guard let session = await core.session(id: request.cookies[sessionCookieName]?.value) else {
                // Not logged in: off to MPass, as a Service does (a run sees "sent to MPass").
                return Response.redirect(to: "/login?returnTo=%2Fprotected", type: .found)
            }
            var response = page(ServicePages.protected(session))
            // A page with personal data: no copy in the browser's or a proxy's cache.
            if !core.configuration.weaknesses.contains(.cacheableProtectedPage) {
                response.headers[.cacheControl] = "no-cache, no-store"
            }
            return response
        })

        router.get("/logout", use: withCore { request, core in
            let start: LogoutStart
            do {
                start = try await core.startLogout(sessionID: request.cookies[sessionCookieName]?.value)
            } catch {
                return page(ServicePages.serverError("the LogoutRequest could not be made: \(error)"), status: .internalServerError)
            }
            switch start {
            case .notLoggedIn:
                return Response.redirect(to: "/", type: .normal)
            case .sentToIdP(_, _, _, let postPage, let redirect):
                var response = redirect.map { redirectResponse($0, core: core) } ?? samlPage(postPage, core: core)
                response.setCookie(cookie(sessionCookieName, "", core: core, httpOnly: true, maxAge: 0))
                return response
            }
        })

        // MPass's LogoutResponse: posted, or by HTTP-Redirect (GET with the signed query).
        let logoutAnswered: @Sendable (LogoutCompletion) -> Response = { completion in
            switch completion {
            case .loggedOut:
                return Response.redirect(to: "/?loggedOut=1", type: .normal)
            case .refused(let verdict):
                return page(ServicePages.refused(title: "Logout not confirmed", verdict: verdict), status: .forbidden)
            case .unreadable(let reason):
                return page(ServicePages.unreadable(reason), status: .badRequest)
            }
        }
        router.post("/mpass-logout", use: withCore { request, core in
            logoutAnswered(await core.completeLogout(formBody: try await formBody(request)))
        })
        router.get("/mpass-logout", use: withCore { request, core in
            logoutAnswered(await core.completeLogout(query: request.uri.query ?? ""))
        })

        // MPass's LogoutRequest: posted, or by HTTP-Redirect (GET with the signed query).
        let singleLogoutAnswered: @Sendable (ServiceCore, () async throws(HarnessError) -> SingleLogoutOutcome) async -> Response = { core, handle in
            let outcome: SingleLogoutOutcome
            do {
                outcome = try await handle()
            } catch {
                return page(ServicePages.serverError("the LogoutResponse could not be made: \(error)"), status: .internalServerError)
            }
            switch outcome {
            case .answered(let answer):
                var response = samlPage(answer.page, core: core)
                // MPass may post single logout inside a frame; only MPass may frame the answer.
                if !core.configuration.weaknesses.contains(.noFrameAncestors) {
                    response.headers[.contentSecurityPolicy] = "frame-ancestors \(core.idpOrigin)"
                }
                return response
            case .unreadable(let reason):
                return page(ServicePages.unreadable(reason), status: .badRequest)
            }
        }
        router.post("/mpass-slo", use: withCore { request, core in
            let body = try await formBody(request)
            return await singleLogoutAnswered(core) { () async throws(HarnessError) in try await core.singleLogout(formBody: body) }
        })
        router.get("/mpass-slo", use: withCore { request, core in
            let query = request.uri.query ?? ""
            return await singleLogoutAnswered(core) { () async throws(HarnessError) in try await core.singleLogout(query: query) }
        })

        router.get("/metadata", use: withCore { _, core in
            do {
                let xml = try core.metadata()
                return Response(status: .ok, headers: [.contentType: "application/samlmetadata+xml; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: xml)))
            } catch {
                return page(ServicePages.serverError("the metadata could not be made: \(error)"), status: .internalServerError)
            }
        })
        return router
    }

    // MARK: HTTP translation

    private static func formBody(_ request: Request) async throws -> String {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        return String(buffer: buffer)
    }

    private static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// An auto-submitting SAML page with the headers the library asks for
    /// (`Cache-Control: no-cache, no-store`, `Pragma: no-cache`), unless `cacheableSAMLPages`.
    private static func samlPage(_ postPage: PostBindingPage, core: ServiceCore) -> Response {
        Response(status: .ok, headers: bindingHeaders(postPage.headers, core: core), body: .init(byteBuffer: ByteBuffer(string: postPage.html)))
    }

    /// The headers a binding asks for (`Cache-Control: no-cache, no-store`, `Pragma: no-cache`
    /// among them), the caching ones left out under `cacheableSAMLPages`.
    private static func bindingHeaders(_ fields: HTTPFields, core: ServiceCore) -> HTTPFields {
        guard core.configuration.weaknesses.contains(.cacheableSAMLPages) else { return fields }
        return HTTPFields(fields.filter { $0.name != .cacheControl && $0.name != HTTPField.Name("Pragma") })
    }

    /// A 302 to MPass carrying the signed query (HTTP-Redirect), with the no-caching headers
    /// of SAML Bindings 3.4.5.1 unless `cacheableSAMLPages`.
    private static func redirectResponse(_ redirect: RedirectBindingURL, core: ServiceCore) -> Response {
        Response(status: .found, headers: bindingHeaders(redirect.headers, core: core))
    }

    /// Path=/ and SameSite=Lax: sent on top-level GET navigations from MPass (the redirect
    /// after login) but never on cross-site POSTs, which is why the login is also found
    /// through RelayState. Secure when the Service is served over https.
    private static func cookie(_ name: String, _ value: String, core: ServiceCore, httpOnly: Bool, sameSite: Bool = true,
                               maxAge: Int? = nil) -> Cookie {
        sameSite
            ? Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: core.baseURL.hasPrefix("https://"),
                     httpOnly: httpOnly, sameSite: .lax)
            : Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: core.baseURL.hasPrefix("https://"),
                     httpOnly: httpOnly)
    }
}
