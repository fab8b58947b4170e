import BrowserAgent
import CaseCatalogue
import Evidence
import Foundation

/// What a recording shows the Service doing, read from its HTTP exchanges: whether the
/// protected resource was served, where a redirect chain ended, whether an error was shown.
/// The same rules as a live run (`CaseRunner`): served means the logged-in status without a
/// redirect and, when a marker is set, the marker in the page.
struct ServiceObservations: Sendable {
    let entries: [HAR.Entry]
    let setup: ReplaySetup

    struct Probe: Sendable {
        let entry: Int
        let served: Bool
        let description: String
    }

    /// The first request for the protected resource in `range`, judged.
    func firstProbe(in range: Range<Int>) -> Probe? {
        guard let protected = setup.service.protectedURL else { return nil }
        for index in range.clamped(to: entries.indices) where isRequest(for: protected, entries[index]) {
            return probe(index, protected: protected)
        }
        return nil
    }

    func probe(_ index: Int, protected: URL) -> Probe {
        let response = entries[index].response
        let path = protected.path
        if (300..<400).contains(response.status) {
            let location = response.headers.first { $0.name.lowercased() == "location" }?.value ?? response.redirectURL
            return Probe(entry: index, served: false, description: "\(path) redirected (\(response.status)) to \(location.isEmpty ? "?" : location)")
        }
        guard response.status == setup.service.loggedInStatus else {
            return Probe(entry: index, served: false, description: "\(path) answered \(response.status)")
        }
        if let marker = setup.service.loggedInMarker, !(response.content.bodyText ?? "").contains(marker) {
            return Probe(entry: index, served: false, description: "\(path) answered \(response.status) without the logged-in marker \"\(marker)\"")
        }
        return Probe(entry: index, served: true,
                     description: "\(path) served (\(response.status)\(setup.service.loggedInMarker.map { ", marker \"\($0)\" present" } ?? ""))")
    }

    private func isRequest(for protected: URL, _ entry: HAR.Entry) -> Bool {
        guard entry.request.method.uppercased() == "GET", let url = URL(string: entry.request.url) else { return false }
        return url.host()?.lowercased() == protected.host()?.lowercased() && url.port == protected.port
            && url.path == protected.path && url.scheme?.lowercased() == protected.scheme?.lowercased()
    }

    /// The last entry of the redirect chain that starts at `start`: each 3xx whose Location
    /// is the next entry's URL.
    func chainEnd(from start: Int) -> Int {
        var index = start
        while index + 1 < entries.count {
            let response = entries[index].response
            guard (300..<400).contains(response.status) else { break }
            let location = response.headers.first { $0.name.lowercased() == "location" }?.value ?? response.redirectURL
            guard let base = URL(string: entries[index].request.url),
                  let next = URL(string: location, relativeTo: base)?.absoluteString,
                  next == entries[index + 1].request.url else { break }
            index += 1
        }
        return index
    }

    /// A 4xx or 5xx page, or one of the target's error markers: an error the person sees.
    func errorShown(at index: Int) -> String? {
        if case .error(let error) = reading(at: index) { return error }
        return nil
    }

    /// Error wording on a status-200 page that the Service's home page does not carry.
    func suspectedError(at index: Int) -> String? {
        if case .suspect(let suspicion) = reading(at: index) { return suspicion }
        return nil
    }

    /// The page at `index` read as the live run reads it (`PageErrorReading`), against the
    /// Service's home page as the recording first shows it to a visitor not yet logged in.
    private func reading(at index: Int) -> PageErrorReading.Reading {
        guard entries.indices.contains(index) else { return .clean }
        let response = entries[index].response
        return PageErrorReading(markers: setup.service.errorMarkers, anonymousPage: anonymousPage)
            .read(status: response.status, reasonPhrase: response.statusText, html: response.content.bodyText ?? "")
    }

    /// The first answer to a GET of the Service's base URL (after same-origin redirects)
    /// before any SAML message: what the Service shows a visitor who is not logged in.
    var anonymousPage: PageText? {
        guard let base = URL(string: setup.service.baseURL) else { return nil }
        for (index, entry) in entries.enumerated() {
            let body = entry.request.postData?.text ?? ""
            if entry.request.url.contains("SAMLRequest=") || body.contains("SAMLRequest=") || body.contains("SAMLResponse=") { return nil }
            guard entry.request.method.uppercased() == "GET", let url = URL(string: entry.request.url),
                  url.host()?.lowercased() == base.host()?.lowercased(), url.port == base.port,
                  url.path == base.path || (url.path.isEmpty && base.path == "/") || (url.path == "/" && base.path.isEmpty) else { continue }
            let end = chainEnd(from: index)
            let answer = entries[end].response
            return answer.status < 400 ? PageText(html: answer.content.bodyText ?? "") : nil
        }
        return nil
    }

    /// An exchange that never got an answer (`_error`, status 0): the flow broke off there.
    func brokenExchange(in range: Range<Int>) -> Int? {
        range.clamped(to: entries.indices).first { entries[$0].response.status == 0 && entries[$0].response.error != nil }
    }

    /// True when, between the two entries, the browser posted a form to MPass that carried
    /// no SAML message: the user logged in (or cancelled) on MPass's own page.
    func loginStepShown(between start: Int, and end: Int, identityProviderBaseURL: String) -> Bool {
        guard start < end, let base = URL(string: identityProviderBaseURL) else { return false }
        for index in (start + 1)..<min(end + 1, entries.count) {
            let request = entries[index].request
            guard request.method.uppercased() == "POST", let url = URL(string: request.url),
                  url.host()?.lowercased() == base.host()?.lowercased() else { continue }
            let body = request.postData?.text ?? ""
            if !body.contains("SAMLRequest=") && !body.contains("SAMLResponse=") { return true }
        }
        return false
    }

    /// The id a report step names for an entry: the harness's sequence number when it
    /// wrote one, else the entry's position in the file.
    func exchangeID(_ index: Int) -> Int {
        entries.indices.contains(index) ? (entries[index].sequence ?? index) : index
    }
}
