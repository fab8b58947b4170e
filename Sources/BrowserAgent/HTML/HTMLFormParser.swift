import Foundation
import Vocabulary

/// Walks the token stream of a page and builds its forms the way a browser
/// associates controls with forms: by nesting, or by the `form="id"` attribute.
struct HTMLFormParser {
    struct Result {
        var forms: [HTMLForm]
        var metaRefresh: URL?
        var title: String?
    }

    /// A control seen in the page, before its owner form is known for sure.
    private struct PendingControl {
        var ownerIndex: Int?
        var ownerID: String?
        var entry: Entry
        enum Entry {
            case field(FormField)
            case submitButton(HTMLForm.SubmitButton)
        }
    }

    private struct PendingForm {
        var tag: HTMLTag
        var evidence: [HTMLForm.AutoSubmitEvidence] = []
    }

    /// A `<select>` being read: its name and options (value, selected).
    private struct PendingSelect {
        var name: String
        var ownerIndex: Int?
        var ownerID: String?
        var multiple: Bool
        var options: [(value: String, selected: Bool)] = []
        var optionValueFromText: Bool = false
    }

    let pageURL: URL

    func parse(_ html: String) -> Result {
        var forms: [PendingForm] = []
        var controls: [PendingControl] = []
        var currentForm: Int?
        var noscriptDepth = 0
        var baseURL = pageURL
        var sawBase = false
        var metaRefresh: URL?
        var title: String?
        var scriptSubmitTargets: [ScriptSubmitTarget] = []
        var onloadTargets: [ScriptSubmitTarget] = []
        var pendingTextarea: (name: String, ownerIndex: Int?, ownerID: String?)?
        var pendingButton: (tag: HTMLTag, ownerIndex: Int?, text: String)?
        var select: PendingSelect?

        var tokenizer = HTMLTokenizer(html)
        while let token = tokenizer.next() {
            switch token {
            case .rawText(let element, let text):
                if element == "script", let target = ScriptSubmitTarget.find(in: text) {
                    scriptSubmitTargets.append(target)
                } else if element == "textarea", let textarea = pendingTextarea {
                    // A newline right after <textarea> is not part of the value (HTML §13.2.6.4.7).
                    var value = text
                    if value.hasPrefix("\r\n") { value.removeFirst(1) } else if value.hasPrefix("\n") { value.removeFirst() }
                    controls.append(PendingControl(
                        ownerIndex: textarea.ownerIndex, ownerID: textarea.ownerID,
                        entry: .field(FormField(textarea.name, value))))
                    pendingTextarea = nil
                } else if element == "title", title == nil {
                    title = text.trimmingCharacters(in: .whitespacesAndNewlines)
                }

            case .text(let text):
                if pendingButton != nil { pendingButton!.text += text }
                if var current = select, current.optionValueFromText, !current.options.isEmpty {
                    current.options[current.options.count - 1].value += text
                    select = current
                }

            case .tag(let tag) where tag.kind == .start:
                let ownerID = tag.attribute("form")
                let ownerIndex = ownerID == nil ? currentForm : nil
                switch tag.name {
                case "form":
                    // A form inside a form is ignored by HTML's tree builder.
                    if currentForm == nil {
                        forms.append(PendingForm(tag: tag))
                        currentForm = forms.count - 1
                    }
                case "base":
                    if !sawBase, let href = tag.attribute("href"), let url = URL(string: href, relativeTo: pageURL) {
                        baseURL = url.absoluteURL
                        sawBase = true
                    }
                case "meta":
                    if tag.attribute("http-equiv")?.lowercased() == "refresh", metaRefresh == nil,
                       let content = tag.attribute("content") {
                        metaRefresh = Self.refreshTarget(content, base: baseURL)
                    }
                case "body":
                    if let onload = tag.attribute("onload"), let target = ScriptSubmitTarget.find(in: onload) {
                        onloadTargets.append(target)
                    }
                case "noscript":
                    noscriptDepth += 1
                case "input":
                    guard !tag.has("disabled") else { break }
                    let type = (tag.attribute("type") ?? "text").lowercased()
                    let name = tag.attribute("name") ?? ""
                    let value = tag.attribute("value")
                    switch type {
                    case "submit", "image":
                        let button = HTMLForm.SubmitButton(
                            name: tag.attribute("name"), value: value ?? "", label: value ?? "Submit",
                            formAction: tag.attribute("formaction").flatMap { Self.resolve($0, base: baseURL) },
                            formMethod: tag.attribute("formmethod"), insideNoscript: noscriptDepth > 0)
                        controls.append(PendingControl(ownerIndex: ownerIndex, ownerID: ownerID, entry: .submitButton(button)))
                    case "button", "reset", "file":
                        break
                    case "checkbox", "radio":
                        // Only checked boxes are sent; an unchecked one contributes nothing.
                        if tag.has("checked"), !name.isEmpty {
                            controls.append(PendingControl(
                                ownerIndex: ownerIndex, ownerID: ownerID, entry: .field(FormField(name, value ?? "on"))))
                        }
                    default:
                        if !name.isEmpty {
                            controls.append(PendingControl(
                                ownerIndex: ownerIndex, ownerID: ownerID, entry: .field(FormField(name, value ?? ""))))
                        }
                    }
                case "button":
                    pendingButton = (tag, ownerIndex, "")
                case "textarea":
                    if let name = tag.attribute("name"), !name.isEmpty, !tag.has("disabled") {
                        pendingTextarea = (name, ownerIndex, ownerID)
                    }
                case "select":
                    if let name = tag.attribute("name"), !name.isEmpty, !tag.has("disabled") {
                        select = PendingSelect(name: name, ownerIndex: ownerIndex, ownerID: ownerID, multiple: tag.has("multiple"))
                    }
                case "option":
                    if var current = select {
                        current.optionValueFromText = tag.attribute("value") == nil
                        current.options.append((tag.attribute("value") ?? "", tag.has("selected")))
                        select = current
                    }
                default:
                    break
                }

            case .tag(let tag):
                switch tag.name {
                case "form":
                    currentForm = nil
                case "noscript":
                    noscriptDepth = max(0, noscriptDepth - 1)
                case "option":
                    select?.optionValueFromText = false
                case "select":
                    if let current = select {
                        for value in Self.selectedValues(current) {
                            controls.append(PendingControl(
                                ownerIndex: current.ownerIndex, ownerID: current.ownerID,
                                entry: .field(FormField(current.name, value))))
                        }
                    }
                    select = nil
                case "button":
                    if let (buttonTag, owner, text) = pendingButton {
                        let type = (buttonTag.attribute("type") ?? "submit").lowercased()
                        if type == "submit", !buttonTag.has("disabled") {
                            let label = text.trimmingCharacters(in: .whitespacesAndNewlines)
                            let button = HTMLForm.SubmitButton(
                                name: buttonTag.attribute("name"), value: buttonTag.attribute("value") ?? "", label: label,
                                formAction: buttonTag.attribute("formaction").flatMap { Self.resolve($0, base: baseURL) },
                                formMethod: buttonTag.attribute("formmethod"), insideNoscript: noscriptDepth > 0)
                            let ownerID = buttonTag.attribute("form")
                            controls.append(PendingControl(
                                ownerIndex: ownerID == nil ? owner : nil, ownerID: ownerID, entry: .submitButton(button)))
                        }
                    }
                    pendingButton = nil
                default:
                    break
                }
            }
        }

        return Result(
            forms: buildForms(forms, controls: controls, base: baseURL,
                              scriptTargets: scriptSubmitTargets, onloadTargets: onloadTargets),
            metaRefresh: metaRefresh,
            title: title
        )
    }

    private func buildForms(
        _ pending: [PendingForm],
        controls: [PendingControl],
        base: URL,
        scriptTargets: [ScriptSubmitTarget],
        onloadTargets: [ScriptSubmitTarget]
    ) -> [HTMLForm] {
        var forms: [HTMLForm] = pending.enumerated().map { index, form in
            let rawAction = form.tag.attribute("action")
            // HTML §4.10.21.3 step 9: an absent or empty action means the document's URL.
            let action: URL = if let rawAction, !rawAction.trimmingCharacters(in: .whitespaces).isEmpty {
                Self.resolve(rawAction, base: base) ?? pageURL
            } else {
                pageURL
            }
            return HTMLForm(
                index: index,
                id: form.tag.attribute("id"),
                name: form.tag.attribute("name"),
                action: action,
                rawAction: rawAction,
                method: Self.normalizedMethod(form.tag.attribute("method")),
                enctype: form.tag.attribute("enctype")?.lowercased() ?? "application/x-www-form-urlencoded",
                submitButtons: [],
                autoSubmitEvidence: [],
                entries: []
            )
        }
        for control in controls {
            let owner = control.ownerID.flatMap { id in forms.firstIndex { $0.id == id } } ?? control.ownerIndex
            guard let owner else { continue }
            switch control.entry {
            case .field(let field):
                forms[owner].entries.append(.field(field))
            case .submitButton(let button):
                forms[owner].submitButtons.append(button)
                forms[owner].entries.append(.submitButton(forms[owner].submitButtons.count - 1))
            }
        }
        for (targets, evidence) in [(onloadTargets, HTMLForm.AutoSubmitEvidence.onloadHandler), (scriptTargets, .script)] {
            for target in targets {
                if let index = target.formIndex(in: forms), !forms[index].autoSubmitEvidence.contains(evidence) {
                    forms[index].autoSubmitEvidence.append(evidence)
                }
            }
        }
        for index in forms.indices where forms[index].submitButtons.contains(where: \.insideNoscript) {
            forms[index].autoSubmitEvidence.append(.noscriptButton)
        }
        return forms
    }

    static func normalizedMethod(_ method: String?) -> String {
        method?.trimmingCharacters(in: .whitespaces).lowercased() == "post" ? "POST" : "GET"
    }

    static func resolve(_ reference: String, base: URL) -> URL? {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        return URL(string: trimmed, relativeTo: base)?.absoluteURL
    }

    /// `content="0; url=https://…"` or `content="0;URL='…'"`.
    static func refreshTarget(_ content: String, base: URL) -> URL? {
        guard let separator = content.firstIndex(where: { $0 == ";" || $0 == "," }) else { return nil }
        var rest = content[content.index(after: separator)...].trimmingCharacters(in: .whitespaces)
        if rest.lowercased().hasPrefix("url") {
            rest = String(rest.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            guard rest.hasPrefix("=") else { return nil }
            rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        if let quote = rest.first, quote == "'" || quote == "\"" {
            rest = String(rest.dropFirst().prefix { $0 != quote })
        }
        return rest.isEmpty ? nil : resolve(rest, base: base)
    }

    /// Selected options, or the first option of a single select when none is
    /// selected (what a browser displays and submits).
    private static func selectedValues(_ select: PendingSelect) -> [String] {
        let selected = select.options.filter(\.selected).map { $0.value.trimmingCharacters(in: .whitespaces) }
        if select.multiple { return selected }
        if let last = selected.last { return [last] }
        return select.options.first.map { [$0.value.trimmingCharacters(in: .whitespaces)] } ?? []
    }
}
