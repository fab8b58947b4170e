import BrowserAgent
import Foundation

/// Whether the page a person ends on shows an error, read as the person reads it.
///
/// - A 4xx or 5xx status is an error: the person sees "Forbidden", "LOGIN-FAILED", a stack
///   trace — whatever the body says, the Service said no.
/// - An `error_markers` text on the page is an error (a 200-status error page the target
///   describes).
/// - Otherwise, error wording in Romanian, Russian or English on the visible text (the
///   browser asks for `ro-MD`, so pages come in Romanian first) that the page an anonymous
///   visitor sees does not also carry makes the page *suspect*: a friendly error page with
///   status 200. The harness cannot be sure, so a case says REVIEW rather than PASS.
public struct PageErrorReading: Sendable {
    public enum Reading: Equatable, Sendable {
        case clean
        case error(String)
        case suspect(String)
    }

    let markers: [String]
    /// What the Service shows an anonymous visitor at its base URL: wording found there too
    /// (a footer's "Report an error" link, say) proves nothing.
    let anonymousPage: PageText?

    public init(markers: [String], anonymousPage: PageText?) {
        self.markers = markers
        self.anonymousPage = anonymousPage
    }

    package func read(_ response: BrowserResponse) -> Reading {
        read(status: response.status, reasonPhrase: response.reasonPhrase, html: response.text)
    }

    /// The same reading from a recorded answer (a HAR entry's status and body).
    public func read(status: Int, reasonPhrase: String, html: String) -> Reading {
        let page = PageText(html: html)
        if status >= 400 {
            return .error("HTTP \(status) \(reasonPhrase): \(page.summary(limit: 160))")
        }
        if let marker = markers.first(where: { html.contains($0) }) {
            return .error("the error marker \"\(marker)\": \(page.summary(limit: 160))")
        }
        let words = Self.errorWords(in: [page.title ?? "", page.text].joined(separator: " "))
        let usual = anonymousPage.map { Self.errorWords(in: [$0.title ?? "", $0.text].joined(separator: " ")) } ?? []
        let unusual = words.filter { !usual.contains($0) }
        guard !unusual.isEmpty else { return .clean }
        return .suspect("the page reads \(page.summary(limit: 160)) — error wording \(unusual.map { "\"\($0)\"" }.joined(separator: ", ")) that the Service's home page does not show")
    }

    // MARK: Wording

    /// Whole words (after folding case and Romanian diacritics) that say something failed.
    static let wholeWords: Set<String> = [
        // English
        "error", "errors", "failed", "failure", "denied", "forbidden", "unauthorized", "unauthorised",
        "invalid", "exception", "rejected", "refused",
        // Romanian (ș ş → s, ț ţ → t, ă â → a, î → i)
        "eroare", "erori", "eroarea", "esuat", "esec", "esuata", "nereusit", "nereusita", "interzis", "interzisa",
        "refuzat", "refuzata", "neautorizat", "neautorizata", "invalida", "gresit", "gresita",
        // Russian
        "ошибка", "ошибки", "ошибку", "ошибкой", "отказано", "запрещено", "запрещён", "запрещен", "сбой",
        "недействителен", "недействительный", "неверный", "неверные",
    ]

    /// Phrases matched as they stand (after folding).
    static let phrases: [String] = [
        "went wrong", "not allowed", "access denied", "a aparut o problema", "nu a reusit", "acces refuzat",
        "не удалось", "доступ запрещ", "что-то пошло не так",
    ]

    static func errorWords(in text: String) -> [String] {
        let folded = fold(text)
        var found: [String] = []
        for word in folded.split(whereSeparator: { !$0.isLetter }) where wholeWords.contains(String(word)) {
            if !found.contains(String(word)) { found.append(String(word)) }
        }
        for phrase in phrases where folded.contains(phrase) && !found.contains(phrase) {
            found.append(phrase)
        }
        return found
    }

    /// Lower case, Romanian diacritics (both comma- and cedilla-below forms) folded to ASCII.
    static func fold(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            switch character {
            case "ș", "ş": result.append("s")
            case "ț", "ţ": result.append("t")
            case "ă", "â": result.append("a")
            case "î": result.append("i")
            default: result.append(character)
            }
        }
        return result
    }
}
