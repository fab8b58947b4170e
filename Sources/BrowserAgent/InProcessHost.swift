import Foundation

/// Something that answers requests for every URL under a base URL without the
/// network, such as the simulated identity provider inside a run. The browser
/// treats its answers exactly like network answers: cookies, redirects and
/// recording are the same.
public protocol InProcessHost: Sendable {
    func handle(_ request: BrowserRequest) async throws -> BrowserResponse
}

/// An in-process host made of a closure.
public struct ClosureHost: InProcessHost {
    private let handler: @Sendable (BrowserRequest) async throws -> BrowserResponse

    public init(_ handler: @escaping @Sendable (BrowserRequest) async throws -> BrowserResponse) {
        self.handler = handler
    }

    public func handle(_ request: BrowserRequest) async throws -> BrowserResponse {
        try await handler(request)
    }
}

/// The rule that decides which requests an in-process host takes: same scheme,
/// host and port as the base URL, and a path inside the base URL's path.
struct InProcessRoute: Sendable {
    let baseURL: URL
    let host: any InProcessHost
    private let origin: Origin
    private let pathPrefix: String

    init?(baseURL: URL, host: any InProcessHost) {
        guard let origin = Origin(baseURL) else { return nil }
        self.baseURL = baseURL
        self.host = host
        self.origin = origin
        let path = baseURL.path(percentEncoded: true)
        self.pathPrefix = path.isEmpty ? "/" : path
    }

    func matches(_ url: URL) -> Bool {
        guard Origin(url) == origin else { return false }
        let path = url.path(percentEncoded: true).isEmpty ? "/" : url.path(percentEncoded: true)
        if pathPrefix.hasSuffix("/") { return path.hasPrefix(pathPrefix) || path + "/" == pathPrefix }
        return path == pathPrefix || path.hasPrefix(pathPrefix + "/")
    }

    /// Longer prefixes win when two routes overlap.
    var specificity: Int { pathPrefix.utf8.count }
}
