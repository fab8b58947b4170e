import Foundation

/// The one switch for re-recording what tests compare with (golden files, fixtures, the
/// mutation matrix): `RECORD=1` (or `all`) re-records everything a run reaches; a list such
/// as `RECORD=golden,matrix` only those kinds. Unset, empty or `0`: compare, never write.
public enum RecordSwitch {
    /// The kinds a test can re-record, named as `RECORD` takes them.
    public enum Kind: String, CaseIterable, Sendable {
        /// Attack fixtures of MPassSAMLTests (AttackFixtureGenerator).
        case fixtures
        /// HAR golden files of EvidenceTests.
        case golden
        /// fixtures/mutation-matrix.md (CatalogueMutationTests).
        case matrix
        /// Report golden files of HarnessModelTests.
        case snapshots
    }

    /// What `value` (the `RECORD` variable) asks to re-record; an unknown word is an error
    /// naming the words that work, so a typo does not silently compare instead.
    public static func kinds(from value: String?) throws -> Set<Kind> {
        let words = (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
        if words.isEmpty || words == ["0"] { return [] }
        var kinds: Set<Kind> = []
        for word in words {
            if word == "1" || word == "all" {
                kinds.formUnion(Kind.allCases)
            } else if let kind = Kind(rawValue: word) {
                kinds.insert(kind)
            } else {
                throw TestSupportError("RECORD=\(value ?? "") is not understood: use RECORD=1 (everything) or a list of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        return kinds
    }

    /// True when this run re-records `kind` (RECORD=1, or RECORD naming it).
    public static func isOn(_ kind: Kind) throws -> Bool {
        try kinds(from: ProcessInfo.processInfo.environment["RECORD"]).contains(kind)
    }
}
