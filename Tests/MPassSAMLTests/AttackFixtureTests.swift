import Foundation
import Testing
import TestSupport
@testable import MPassSAML

/// One fixture per attack (XSW1-XSW8, KeyInfo, weak algorithms, XXE, …), each judged by
/// the check ids it must trip, never by message text. The files and `attacks.json` are
/// committed; `AttackFixtureGenerator` makes them (RECORD=1 re-records).
@Suite struct AttackFixtureTests {
    static let manifest: AttackManifest? = try? AttackManifest.load()

    @Test func manifestMatchesTheGeneratorAndHoldsEveryAttackClass() throws {
        // Loaded again here so that a missing or unreadable manifest fails with its reason.
        let manifest = try AttackManifest.load()
        #expect(manifest.attacks.map(\.file) == AttackFixtureGenerator.all().map(\.entry.file))
        #expect(manifest.now == SAMLTime.format(testNow))
        let files = Set(manifest.attacks.map(\.file))
        for xsw in 1...8 {
            #expect(files.contains { $0.hasPrefix("xsw\(xsw)-") }, "XSW\(xsw) has no fixture")
        }
        #expect(Set(manifest.attacks.map(\.profile)) == Set(AttackProfile.allCases))
    }

    @Test(arguments: manifest?.attacks ?? [])
    func attackIsHandled(_ entry: AttackEntry) throws {
        let data = try Data(contentsOf: AttackManifest.directory.appendingPathComponent(entry.file))
        let document: XMLDocument
        do {
            document = try SafeXMLParser().parse(data)
        } catch {
            #expect(entry.expect == .parserError, "\(entry.file) was refused by the parser: \(error)")
            #expect(error.code.rawValue == entry.error, "\(entry.file): expected \(entry.error ?? "no error"), got \(error)")
            return
        }
        guard entry.expect != .parserError else {
            Issue.record("\(entry.file) was parsed; the safe parser must refuse it with \(entry.error ?? "?")")
            return
        }

        let window = TimeWindow(now: testNow)
        let report: ValidationReport
        switch entry.profile {
        case .signedResponse, .signedAssertion:
            let result = try ResponseValidator(expectations: entry.profile.responseExpectations, window: window).validate(document)
            report = result.report
            // Plain values in the expectations: a failure prints the fact, not the whole report.
            let isValid = result.isValid
            let nameID = result.assertion?.subject?.nameID?.value
            if entry.expect == .validWholeText {
                #expect(isValid, "\(entry.file): \(report.failures.map(\.line))")
                #expect(nameID == entry.nameID)
                return
            }
            // Nothing may be readable from a refused Response.
            #expect(nameID == nil, "\(entry.file): an Assertion was handed out")
            #expect(!isValid)
        case .mpassLogoutRequest:
            report = try RequestValidator(expectations: entry.profile.requestExpectations, window: window)
                .validateLogoutRequest(document).report
        case .serviceAuthnRequest:
            report = try RequestValidator(expectations: entry.profile.requestExpectations, window: window)
                .validateAuthnRequest(document).report
        }
        let accepted = report.isValid
        #expect(!accepted, "\(entry.file) was accepted")
        let expected = try #require(entry.checks, "\(entry.file) lists no check ids")
        #expect(!expected.isEmpty)
        let failed = Set(report.failures.map(\.id.rawValue))
        for id in expected {
            #expect(failed.contains(id), "\(entry.file): \(id) did not fail (\(report[CheckID(rawValue: id)]?.line ?? "not in the report")); failures: \(failed.sorted())")
        }
    }

    /// The committed files are exactly what the generator makes now, so they stay a faithful
    /// record of each attack. RECORD=1 rewrites them (then run the tests again:
    /// the test bundle holds the copy made at build time).
    @Test func committedFixturesMatchTheGenerator() throws {
        let fixtures = AttackFixtureGenerator.all()
        let manifest = AttackManifest(
            about: "Attack fixtures for mpass-harness: each file is one attack on a Service that reads MPass messages, built from a validly signed message made with the TEST-ONLY keys in ../keys. Judge each with the profile it names, at `now`; every id in `checks` must FAIL (expect: invalid), the safe parser must refuse it with `error` (expect: parser-error), or it must be accepted with NameID read as the whole text `nameID` (expect: valid-whole-text).",
            now: SAMLTime.format(testNow),
            rerecord: "RECORD=1 swift test --filter AttackFixtureTests (Tests/MPassSAMLTests/AttackFixtureGenerator.swift); new keys: ../keys/make-keys.sh",
            profiles: Dictionary(uniqueKeysWithValues: AttackProfile.allCases.map { ($0.rawValue, $0.summary) }),
            attacks: fixtures.map(\.entry))
        var files = try fixtures.map { ($0.entry.file, try $0.make()) }
        files.append((AttackManifest.fileName, try manifest.encoded()))

        // RECORD=fixtures: written into the source tree on purpose and kept (not a temporary folder).
        if try RecordSwitch.isOn(.fixtures) {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/attacks")
            try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
            let kept = Set(files.map(\.0))
            for stale in try FileManager.default.contentsOfDirectory(atPath: source.path) where !kept.contains(stale) {
                try FileManager.default.removeItem(at: source.appendingPathComponent(stale))
            }
            for (name, data) in files { try data.write(to: source.appendingPathComponent(name)) }
            return
        }
        for (name, data) in files {
            let committed = try? Data(contentsOf: AttackManifest.directory.appendingPathComponent(name))
            #expect(committed == data,
                    "\(name) differs from what AttackFixtureGenerator makes; if the change is intended, re-record: RECORD=1 swift test --filter AttackFixtureTests")
        }
    }
}
