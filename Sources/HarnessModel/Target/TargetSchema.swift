/// The keys a target file may hold and the shape of each value: the single list the loader
/// checks unknown keys and shapes against, and the template is tested against.
indirect enum TargetSchema {
    /// A single value: text, a number or a URL.
    case scalar
    /// A list of scalars.
    case list
    /// A mapping with keys of the user's choosing (headers, cookies) and scalar values.
    case freeMapping
    /// A section with known keys.
    case section([(key: String, shape: TargetSchema)])

    static let root = TargetSchema.section([
        ("name", .scalar),
        ("base_url", .scalar),
        ("login_url", .scalar),
        ("logout_url", .scalar),
        ("acs_url", .scalar),
        ("slo_url", .scalar),
        ("logout_response_url", .scalar),
        ("logout_binding", .scalar),
        ("logged_in", .section([("url", .scalar), ("marker", .scalar), ("status", .scalar)])),
        ("error_markers", .list),
        ("issuer", .scalar),
        ("certificate", .scalar),
        ("headers", .freeMapping),
        ("cookies", .freeMapping),
        ("idp", .section([("kind", .scalar), ("simulator_base_url", .scalar), ("issuer", .scalar)])),
        ("timeouts", .section([("request_seconds", .scalar)])),
        ("onboarding", onboarding),
    ])

    /// The optional `onboarding:` section (`OnboardingDetails`): what the forms and preflight need.
    static let onboarding = TargetSchema.section([
        ("system_name", .scalar),
        ("environment", .scalar),
        ("attributes", .list),
        ("custom_attributes", .list),
        ("test", onboardingEnvironment),
        ("production", onboardingEnvironment),
        ("mnotify", .section([("test_ips", .list), ("production_ips", .list), ("channels", .list)])),
    ])

    static let onboardingEnvironment = TargetSchema.section([
        ("certificate", .scalar), ("key", .scalar), ("password_env", .scalar), ("issuer", .scalar),
        ("acs_url", .scalar), ("logout_request_url", .scalar), ("logout_response_url", .scalar),
    ])

    /// Every dotted key path the schema knows (`logged_in.url`), in schema order.
    static var allPaths: [String] {
        func paths(_ schema: TargetSchema, prefix: String) -> [String] {
            guard case .section(let fields) = schema else { return [] }
            return fields.flatMap { field in
                let path = prefix.isEmpty ? field.key : "\(prefix).\(field.key)"
                return [path] + paths(field.shape, prefix: path)
            }
        }
        return paths(root, prefix: "")
    }

    var keys: [String] {
        guard case .section(let fields) = self else { return [] }
        return fields.map(\.key)
    }

    func shape(of key: String) -> TargetSchema? {
        guard case .section(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.shape
    }

    /// The key the writer of `unknown` most likely meant, as a dotted path from the root:
    /// a sibling that differs by case, separators or a small typo, or the same key in
    /// another section (`marker` at the top level → `logged_in.marker`).
    static func suggestion(for unknown: String, in section: TargetSchema, sectionPath: String) -> String? {
        func full(_ key: String) -> String { sectionPath.isEmpty ? key : "\(sectionPath).\(key)" }
        let wanted = normalised(unknown)
        let siblings = section.keys
        if let same = siblings.first(where: { normalised($0) == wanted }) {
            return full(same)
        }
        // A typo: at most two edits, and at most a third of the key, so "url" does not
        // suggest "kind".
        let limit = max(1, min(2, wanted.count / 3))
        let close = siblings
            .map { (key: $0, distance: editDistance(wanted, normalised($0))) }
            .filter { $0.distance <= limit }
            .min { $0.distance < $1.distance }
        if let close { return full(close.key) }
        let elsewhere = allPaths.filter { path in
            path != full(unknown) && normalised(String(path.split(separator: ".").last!)) == wanted
        }
        return elsewhere.first
    }

    /// Lower case, without `_`, `-` and spaces: `baseURL`, `base-url`, `Base URL` → `baseurl`.
    private static func normalised(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// Levenshtein distance, counting a swap of two neighbours as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
