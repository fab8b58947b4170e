/// Which form a script submits, read from the usual idioms of auto-submit pages:
/// `document.forms[0].submit()`, `document.forms['saml'].submit()`,
/// `document.getElementById('f').submit()`, `document.querySelector('#f')…`,
/// `document.saml.submit()`, or a bare `submit()` (taken as the first form).
/// Scripts are not run: this is pattern reading, so a page that submits in
/// an unusual way may be missed, and the caller can still submit a form itself.
enum ScriptSubmitTarget: Sendable, Hashable {
    case index(Int)
    case id(String)
    case name(String)
    case firstForm

    static func find(in script: String) -> ScriptSubmitTarget? {
        guard script.contains("submit(") || script.contains("requestSubmit(") else { return nil }
        if let match = script.firstMatch(of: #/forms\s*\[\s*(\d+)\s*\]/#), let index = Int(match.1) {
            return .index(index)
        }
        if let match = script.firstMatch(of: #/forms\s*\[\s*["']([^"']+)["']\s*\]/#) {
            return .name(String(match.1))
        }
        if let match = script.firstMatch(of: #/getElementById\(\s*["']([^"']+)["']\s*\)/#) {
            return .id(String(match.1))
        }
        if let match = script.firstMatch(of: #/querySelector\(\s*["']#([^"']+)["']\s*\)/#) {
            return .id(String(match.1))
        }
        if let match = script.firstMatch(of: #/document\s*\.\s*forms\s*\.\s*([A-Za-z_$][\w$]*)/#) {
            return .name(String(match.1))
        }
        if let match = script.firstMatch(of: #/document\s*\.\s*([A-Za-z_$][\w$]*)\s*\.\s*(?:request)?[sS]ubmit\(/#),
           match.1 != "forms", match.1 != "body" {
            return .name(String(match.1))
        }
        return .firstForm
    }

    func formIndex(in forms: [HTMLForm]) -> Int? {
        switch self {
        case .index(let index): forms.indices.contains(index) ? index : nil
        case .id(let id): forms.firstIndex { $0.id == id }
        case .name(let name): forms.firstIndex { $0.name == name || $0.id == name }
        case .firstForm: forms.isEmpty ? nil : 0
        }
    }
}
