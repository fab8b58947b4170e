import Foundation
import HarnessModel
import Vocabulary
import Yams

/// Which cases a run runs, and which of them are known gaps. `chapter9` (the default) and
/// `full` are built in; a file lists case ids, as YAML or one per line, and may mark some
/// as expected failures so that a CI records a known gap honestly: an expected failure
/// that fails does not fail the run, one that passes is flagged.
///
/// YAML:
///
///     plan: my-service-ci          # optional name, shown in the reports
///     include: chapter9            # optional: start from a built-in plan
///     cases:
///       - MPX-RSP-01
///       - id: MPX-SIG-08
///         expected_failure: accepts RSA-SHA1 until the 2026 release
///     skip: [MPX-MSG-15]
///
/// Plain list: one id per line; `#` starts a comment; `chapter9` or `full` on a line
/// includes that plan; `ID expected-failure: reason` marks a known gap.
public struct TestPlan: Sendable {
    public var name: String
    public var cases: [ConformanceCase]
    /// Case id → why it is expected to fail.
    public var expectedFailures: [String: String]

    public init(name: String, cases: [ConformanceCase], expectedFailures: [String: String] = [:]) {
        self.name = name
        self.cases = cases
        self.expectedFailures = expectedFailures
    }

    public static let builtInNames = ["chapter9", "full"]

    public static func builtIn(_ name: String) -> TestPlan? {
        switch name {
        case "chapter9": TestPlan(name: "chapter9", cases: Chapter9.cases)
        case "full": TestPlan(name: "full", cases: Catalogue.cases)
        default: nil
        }
    }

    /// A built-in plan by name, or else a plan file at that path.
    public static func resolve(_ nameOrPath: String) throws(HarnessError) -> TestPlan {
        if let plan = builtIn(nameOrPath) { return plan }
        guard FileManager.default.fileExists(atPath: nameOrPath) else {
            throw HarnessError(.planNotFound, "\"\(nameOrPath)\" is neither a built-in plan (\(builtInNames.joined(separator: ", "))) nor a file")
        }
        let text: String
        do {
            text = try String(contentsOfFile: nameOrPath, encoding: .utf8)
        } catch {
            throw HarnessError(.planUnreadable, "\(nameOrPath): cannot be read (\(error.localizedDescription))")
        }
        let fallbackName = URL(fileURLWithPath: nameOrPath).deletingPathExtension().lastPathComponent
        return try parse(text, name: fallbackName, source: nameOrPath)
    }

    /// Parses a plan file's text (YAML mapping, or a plain list of ids).
    public static func parse(_ text: String, name: String, source: String = "the plan") throws(HarnessError) -> TestPlan {
        let yaml: Any?
        do {
            yaml = try Yams.load(yaml: text)
        } catch {
            yaml = nil
        }
        if let mapping = yaml as? [String: Any] {
            return try fromYAML(mapping, name: name, source: source)
        }
        return try fromList(text, name: name, source: source)
    }

    private static func fromYAML(_ mapping: [String: Any], name: String, source: String) throws(HarnessError) -> TestPlan {
        let known: Set<String> = ["plan", "include", "cases", "skip"]
        if let unknown = mapping.keys.sorted().first(where: { !known.contains($0) }) {
            throw HarnessError(.planMalformed, "\(source): unknown key \"\(unknown)\"; a plan has \(known.sorted().joined(separator: ", "))")
        }
        var ids: [String] = []
        var expected: [String: String] = [:]
        if let include = mapping["include"] {
            guard let included = (include as? String).flatMap(builtIn) else {
                throw HarnessError(.planMalformed, "\(source): include must be one of \(builtInNames.joined(separator: ", "))")
            }
            ids += included.cases.map(\.id)
        }
        for (index, item) in ((mapping["cases"] as? [Any]) ?? []).enumerated() {
            if let id = item as? String {
                ids.append(id)
            } else if let entry = item as? [String: Any], let id = entry["id"] as? String {
                ids.append(id)
                if let reason = entry["expected_failure"] {
                    expected[id] = (reason as? String) ?? "expected to fail"
                }
            } else {
                throw HarnessError(.planMalformed, "\(source): cases[\(index)] must be a case id or {id: …, expected_failure: …}")
            }
        }
        if mapping["cases"] != nil, !(mapping["cases"] is [Any]) {
            throw HarnessError(.planMalformed, "\(source): cases must be a list")
        }
        let skip = (mapping["skip"] as? [Any])?.compactMap { $0 as? String } ?? []
        var plan = try TestPlan(name: (mapping["plan"] as? String) ?? name, ids: ids, expectedFailures: expected, source: source)
        plan = try plan.skipping(skip)
        return plan
    }

    private static func fromList(_ text: String, name: String, source: String) throws(HarnessError) -> TestPlan {
        var ids: [String] = []
        var expected: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !line.isEmpty else { continue }
            if let included = builtIn(line) {
                ids += included.cases.map(\.id)
                continue
            }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            ids.append(parts[0])
            if parts.count == 2 {
                let rest = parts[1].trimmingCharacters(in: .whitespaces)
                guard rest.hasPrefix("expected-failure") else {
                    throw HarnessError(.planMalformed, "\(source): \"\(line)\": after a case id only `expected-failure: reason` may follow")
                }
                let reason = rest.dropFirst("expected-failure".count).drop { $0 == ":" || $0 == " " }
                expected[parts[0]] = reason.isEmpty ? "expected to fail" : String(reason)
            }
        }
        guard !ids.isEmpty else { throw HarnessError(.planMalformed, "\(source): lists no case id") }
        return try TestPlan(name: name, ids: ids, expectedFailures: expected, source: source)
    }

    /// The cases of `ids`, in catalogue order of first mention, duplicates dropped.
    init(name: String, ids: [String], expectedFailures: [String: String], source: String) throws(HarnessError) {
        try Self.requireKnown(ids + Array(expectedFailures.keys), source: source)
        var seen: Set<String> = []
        let cases = ids.filter { seen.insert($0).inserted }.compactMap { Catalogue.entry($0)?.testCase }
        self.init(name: name, cases: cases, expectedFailures: expectedFailures)
    }

    /// Only the cases `ids` (`--case`), in the order given.
    public func selecting(_ ids: [String]) throws(HarnessError) -> TestPlan {
        guard !ids.isEmpty else { return self }
        try Self.requireKnown(ids, source: "--case")
        var seen: Set<String> = []
        let chosen = ids.filter { seen.insert($0).inserted }.compactMap { Catalogue.entry($0)?.testCase }
        return TestPlan(name: name, cases: chosen, expectedFailures: expectedFailures.filter { seen.contains($0.key) })
    }

    /// Without the cases `ids` (`--skip`).
    public func skipping(_ ids: [String]) throws(HarnessError) -> TestPlan {
        guard !ids.isEmpty else { return self }
        try Self.requireKnown(ids, source: "--skip")
        let skipped = Set(ids)
        return TestPlan(name: name, cases: cases.filter { !skipped.contains($0.id) },
                        expectedFailures: expectedFailures.filter { !skipped.contains($0.key) })
    }

    static func requireKnown(_ ids: [String], source: String) throws(HarnessError) {
        let unknown = ids.filter { Catalogue.entry($0) == nil }
        guard unknown.isEmpty else {
            let hint = unknown.first.flatMap(suggestion(for:)).map { " (did you mean \($0)?)" } ?? ""
            throw HarnessError(.planUnknownCase, "\(source): unknown case id\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", "))\(hint); `mpass-harness cases` lists them")
        }
    }

    /// A known id that differs only in case or zero-padding, for the error message.
    static func suggestion(for id: String) -> String? {
        let wanted = id.uppercased().replacingOccurrences(of: "_", with: "-")
        return Catalogue.entries.first { $0.id.uppercased().replacingOccurrences(of: "_", with: "-") == wanted }?.id
    }

    /// Marks each result of an expected failure: failed as expected, or passed unexpectedly.
    public func applyExpectations(to results: [CaseResult]) -> [CaseResult] {
        results.map { result in
            guard let reason = expectedFailures[result.id] else { return result }
            var marked = result
            marked.expectedFailure = ExpectedFailure(
                reason: reason, outcome: result.verdict == .pass ? .passedUnexpectedly : .failedAsExpected)
            return marked
        }
    }
}
