import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `resolveExternalEntities` weakness: before its (safe) parser refuses the DOCTYPE,
/// the Service fetches every http URL the DOCTYPE names as a SYSTEM or PUBLIC identifier,
/// as a parser that loads external entities and DTDs does. Only the fetch is reproduced,
/// which is the part that does harm (server-side request forgery, out-of-band
/// exfiltration) and the part a harness can observe from outside: a listener sees the
/// connection. Nothing fetched is ever used.
enum ExternalEntityFetcher {
    /// Fetches, one after the other, the http(s) URLs quoted in the document's DOCTYPE.
    static func fetchEntities(declaredIn xml: Data) async {
        for url in urls(declaredIn: xml) {
            var request = URLRequest(url: url)
            request.timeoutInterval = 2
            _ = try? await URLSession.shared.data(for: request)
        }
    }

    /// The quoted http(s) URLs inside `<!DOCTYPE … >` (internal subset included).
    static func urls(declaredIn xml: Data) -> [URL] {
        let text = String(decoding: xml.prefix(64 * 1024), as: UTF8.self)
        guard let start = text.range(of: "<!DOCTYPE") else { return [] }
        let rest = text[start.upperBound...]
        // The DOCTYPE ends at "]>" with an internal subset, else at the first ">".
        let end = rest.range(of: "]>")?.upperBound ?? rest.firstIndex(of: ">") ?? rest.endIndex
        let doctype = String(rest[..<end])
        var found: [URL] = []
        for quote in ["\"", "'"] {
            let parts = doctype.components(separatedBy: quote)
            for (index, part) in parts.enumerated() where index % 2 == 1 {
                if part.hasPrefix("http://") || part.hasPrefix("https://"), let url = URL(string: part) { found.append(url) }
            }
        }
        return found
    }
}
