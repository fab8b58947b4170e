import Foundation
import Vocabulary

/// A form as a browser would submit it: resolved action, method, and the
/// controls that make up its data set, in document order.
public struct HTMLForm: Sendable, Hashable {
    /// Why the agent believes the page submits this form without the user.
    public enum AutoSubmitEvidence: String, Sendable, Hashable, Codable {
        /// `<body onload="…submit()…">`.
        case onloadHandler = "onload-handler"
        /// A `<script>` that calls `submit()` (or `requestSubmit()`) on this form.
        case script
        /// A submit button inside `<noscript>`: the page asks users without
        /// JavaScript to press it, so a browser with JavaScript submits by itself.
        case noscriptButton = "noscript-button"
    }

    /// A button that can submit the form (`<button>`, `<input type=submit|image>`).
    public struct SubmitButton: Sendable, Hashable {
        public var name: String?
        public var value: String
        /// The text a person sees (button content, or the value of an input).
        public var label: String
        /// `formaction` and `formmethod` override the form's own when this button submits.
        public var formAction: URL?
        public var formMethod: String?
        public var insideNoscript: Bool
    }

    /// A successful control in tree order; a submit button is kept in its place
    /// so that, when it is the submitter, its name=value lands where a browser puts it.
    enum Entry: Sendable, Hashable {
        case field(FormField)
        case submitButton(Int)
    }

    /// Position of the form among the page's forms (`document.forms[index]`).
    public var index: Int
    public var id: String?
    public var name: String?
    /// `action` resolved against the page (or its `<base>`); the page URL when absent or empty.
    public var action: URL
    /// The `action` attribute as written, nil when absent.
    public var rawAction: String?
    /// `GET` or `POST` (a missing or unknown method is GET, HTML §4.10.18.6).
    public var method: String
    public var enctype: String
    public var submitButtons: [SubmitButton]
    public var autoSubmitEvidence: [AutoSubmitEvidence]
    var entries: [Entry]

    /// The fields sent when the form is submitted without a submitter
    /// (the `form.submit()` of auto-submit scripts).
    public var fields: [FormField] {
        entries.compactMap { if case .field(let field) = $0 { field } else { nil } }
    }

    public var isAutoSubmitting: Bool { !autoSubmitEvidence.isEmpty }

    /// The form data set when `submitter` (one of `submitButtons`) is pressed:
    /// its name=value joins the data set only then (HTML §4.10.21.4).
    public func fields(submitter: SubmitButton?) -> [FormField] {
        entries.compactMap { entry in
            switch entry {
            case .field(let field):
                return field
            case .submitButton(let buttonIndex):
                let button = submitButtons[buttonIndex]
                guard let submitter, button == submitter, let name = button.name, !name.isEmpty else { return nil }
                return FormField(name, button.value)
            }
        }
    }

    /// The request a browser makes to submit this form from the page at `pageURL`.
    /// POST sends `application/x-www-form-urlencoded` (also for
    /// `multipart/form-data`, which identity flows do not use); GET replaces
    /// the action's query by the fields.
    public func request(submitter: SubmitButton? = nil, from pageURL: URL? = nil) -> BrowserRequest {
        let target = submitter?.formAction ?? action
        let method = submitter?.formMethod.map(HTMLFormParser.normalizedMethod) ?? self.method
        let data = fields(submitter: submitter)
        if method == "POST" {
            return .formPost(to: target, fields: data, initiator: pageURL)
        }
        var components = URLComponents(url: target, resolvingAgainstBaseURL: true)
        components?.fragment = nil
        components?.percentEncodedQuery = FormURLEncoding.encode(data)
        let url = components?.url ?? target
        return BrowserRequest(method: "GET", url: url, initiator: pageURL)
    }
}
