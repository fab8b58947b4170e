import Foundation

/// What the browser agent needs from an HTML page: its forms (with auto-submit
/// evidence), a `<meta http-equiv=refresh>` target and the title.
public struct HTMLPage: Sendable {
    /// The URL the page was loaded from; relative URLs resolve against it (or its `<base>`).
    public let url: URL
    public let forms: [HTMLForm]
    /// The target of `<meta http-equiv="refresh" content="N; url=…">`, resolved.
    public let metaRefreshURL: URL?
    public let title: String?

    public init(html: String, url: URL) {
        let parsed = HTMLFormParser(pageURL: url).parse(html)
        self.url = url
        self.forms = parsed.forms
        self.metaRefreshURL = parsed.metaRefresh
        self.title = parsed.title
    }

    /// The page of a response, or nil when the response has no URL.
    public init?(response: BrowserResponse) {
        guard let url = response.url else { return nil }
        self.init(html: response.text, url: url)
    }

    /// The form the page submits by itself, if any (the first such form).
    public var autoSubmittingForm: HTMLForm? {
        forms.first { $0.isAutoSubmitting }
    }

    public func form(id: String) -> HTMLForm? {
        forms.first { $0.id == id }
    }

    public func form(named name: String) -> HTMLForm? {
        forms.first { $0.name == name }
    }
}
