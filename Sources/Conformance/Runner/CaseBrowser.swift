import BrowserAgent
import Foundation
import HTTPTypes
import Vocabulary

/// What a case does with the person's browser. Two play it: the in-process agent
/// (`Browser`, the default) and headless Chromium (`ChromiumCaseBrowser`, `run --browser
/// chromium`). Both write every exchange into the run's `ExchangeLog`, so the verdict logic
/// reads one shape whoever made the requests.
protocol CaseBrowser: Sendable {
    func get(_ url: URL, headers: HTTPFields) async throws -> BrowserNavigation
    func post(_ url: URL, form: [FormField], headers: HTTPFields, initiator: URL?) async throws -> BrowserNavigation
    func submit(_ form: HTMLForm, submitter: HTMLForm.SubmitButton?, from page: HTMLPage?) async throws -> BrowserNavigation
    /// The pages that submit or refresh themselves after `navigation` (a real browser has
    /// already followed them by the time its navigation returns, and answers none).
    func followAutoSubmits(after navigation: BrowserNavigation, limit: Int,
                           stop: @Sendable ([BrowserNavigation]) -> Bool) async throws -> [BrowserNavigation]
    /// A request as the harness words it (a probe without following redirects, a captured
    /// message sent again): what a person never does by hand.
    func send(_ request: BrowserRequest, followRedirects: Bool) async throws -> BrowserNavigation
    /// Throws where the browser would not take or drop the cookie (Chromium): never silent.
    @discardableResult
    func setCookie(_ setCookieHeader: String, for url: URL) async throws -> CookieStoreOutcome
    func clearCookies(forHost host: String) async throws
    func clearCookies(forHost host: String, named names: Set<String>) async throws
    /// Said after a probe's description when another browser than the person's made the probe.
    var probeNote: String { get }
    /// Whether pages' scripts run (Chromium) or not (the agent).
    var runsScripts: Bool { get }
}

extension CaseBrowser {
    var probeNote: String { "" }
    var runsScripts: Bool { false }

    func get(_ url: URL) async throws -> BrowserNavigation {
        try await get(url, headers: [:])
    }

    func post(_ url: URL, form: [FormField], headers: HTTPFields = [:]) async throws -> BrowserNavigation {
        try await post(url, form: form, headers: headers, initiator: nil)
    }

    func followAutoSubmits(after navigation: BrowserNavigation,
                           stop: @Sendable ([BrowserNavigation]) -> Bool = { _ in false }) async throws -> [BrowserNavigation] {
        try await followAutoSubmits(after: navigation, limit: 10, stop: stop)
    }
}

extension Browser: CaseBrowser {}
