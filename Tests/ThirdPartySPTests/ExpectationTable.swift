import Foundation

/// A failure to set up a third-party SP (not a verdict): what went wrong, with its log.
struct SetupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The verdicts an SP must get, written by hand from its library's documentation and source.
/// One line a case: `ID VERDICT [#N] why`, where VERDICT is pass, fail, review or notJudged
/// (no login could be made to control the case), `#N` names a harness finding in
/// thirdparty-findings.md when the harness today says otherwise, and `why` names the part
/// of the library (file and function) that makes the verdict so. `#` at the start of a line
/// is a comment. A line starting `chromium:` (`chromium: ID VERDICT [#N] why`) overrides the
/// case's verdict for runs through Chromium (`run --browser chromium`) alone, where the
/// documented truth differs by browser; its `why` names the browser rule (SameSite, …).
struct ExpectationTable {
    enum Verdict: String { case pass, fail, review, notJudged }
    struct Expectation { let verdict: Verdict; let finding: Int?; let why: String }

    private(set) var ids: [String] = []
    private(set) var expectations: [String: Expectation] = [:]
    /// The `chromium:` lines, by case.
    private(set) var chromiumOverrides: [String: Expectation] = [:]

    /// The verdict a case must get in the given browser ("chromium" or "inProcess").
    func expectation(for id: String, browser: String) -> Expectation? {
        browser == "chromium" ? chromiumOverrides[id] ?? expectations[id] : expectations[id]
    }

    init(parsing text: String) throws {
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let chromiumOnly = line.hasPrefix("chromium:")
            if chromiumOnly { line = line.dropFirst("chromium:".count).trimmingCharacters(in: .whitespaces) }
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
            guard words.count >= 2, let verdict = Verdict(rawValue: words[1]) else {
                throw SetupFailure("expectation line \(number + 1) is not `ID VERDICT [#N] why`: \(line)")
            }
            var finding: Int?
            var why = words.count > 2 ? words[2] : ""
            if why.hasPrefix("#"), let space = why.firstIndex(of: " ") ?? Optional(why.endIndex),
               let value = Int(why[why.index(after: why.startIndex)..<space]) {
                finding = value
                why = String(why[space...]).trimmingCharacters(in: .whitespaces)
            }
            guard !why.isEmpty else { throw SetupFailure("expectation for \(words[0]) gives no reason") }
            let id = words[0]
            let expectation = Expectation(verdict: verdict, finding: finding, why: why)
            if chromiumOnly {
                guard chromiumOverrides[id] == nil else { throw SetupFailure("chromium: \(id) is listed twice") }
                chromiumOverrides[id] = expectation
                continue
            }
            guard expectations[id] == nil else { throw SetupFailure("\(id) is listed twice") }
            ids.append(id)
            expectations[id] = expectation
        }
    }
}
