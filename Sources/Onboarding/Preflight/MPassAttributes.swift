/// The attributes MPass returns (integration guide, `mpass-saml.md`): the set a Service gets
/// is chosen at registration; custom ones (such as Role) are agreed with AGE.
public enum MPassAttributes {
    public static let standard: [String] = [
        "NameIdentifier", "IsResident", "FirstName", "LastName", "BirthDate", "Gender", "EmailAddress",
        "MobilePhone", "HomePhone", "Language", "AdministeredLegalEntity", "IDNO", "CompanyName",
    ]

    /// The standard name `text` most likely means: same letters in another case or with
    /// separators, or at most two edits away.
    public static func suggestion(for text: String) -> String? {
        let wanted = normalised(text)
        if let same = standard.first(where: { normalised($0) == wanted }) { return same }
        let limit = max(1, min(2, wanted.count / 3))
        return standard.map { ($0, distance(wanted, normalised($0))) }.filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
    }

    private static func normalised(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
