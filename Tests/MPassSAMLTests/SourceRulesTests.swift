import Foundation
import Testing

/// Two rules of issue 12 read from the source tree: only MPassSAML imports CXMLSec (one module
/// owns every C object and the one OpenSSL error funnel), and every `@unchecked Sendable` in
/// Sources says on the line above why it is safe (`// @unchecked Sendable: <the lock or the
/// immutability>`). Each detector is first shown to catch a bad line, so a pass can fail.
@Suite struct SourceRulesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `.swift` file under `folder` (relative to the package root), with its lines.
    static func swiftFiles(under folder: String) throws -> [(path: String, lines: [Substring])] {
        let base = packageRoot.appendingPathComponent(folder)
        let enumerator = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
        var files: [(String, [Substring])] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let path = String(url.standardizedFileURL.path.dropFirst(packageRoot.standardizedFileURL.path.count + 1))
            files.append((path, text.split(separator: "\n", omittingEmptySubsequences: false)))
        }
        return files
    }

    /// True for a line that imports the C module, whatever the access level or attribute.
    static func importsCXMLSec(_ line: Substring) -> Bool {
        let words = line.split(whereSeparator: \.isWhitespace)
        guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { return false }
        let modifiers: Set<Substring> = ["@_implementationOnly", "@preconcurrency", "internal", "public", "package", "private", "fileprivate"]
        return words[index + 1] == "CXMLSec" && words[..<index].allSatisfy { modifiers.contains($0) }
    }

    /// The reason stated above an `@unchecked Sendable` conformance; nil when there is none.
    static func statedReason(above lines: [Substring], at index: Int) -> String? {
        guard index > 0 else { return nil }
        let previous = lines[index - 1].trimmingCharacters(in: .whitespaces)
        let prefix = "// @unchecked Sendable:"
        guard previous.hasPrefix(prefix) else { return nil }
        let reason = previous.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return reason.isEmpty ? nil : reason
    }

    /// A conformance in code, not a mention in a comment or a string.
    static func declaresUncheckedSendable(_ line: Substring) -> Bool {
        let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return code.contains("@unchecked Sendable") && !code.contains("\"")
    }

    @Test func detectorsCatchWhatTheyLookFor() {
        #expect(Self.importsCXMLSec("internal import CXMLSec"))
        #expect(Self.importsCXMLSec("import CXMLSec"))
        #expect(Self.importsCXMLSec("@_implementationOnly import CXMLSec"))
        #expect(!Self.importsCXMLSec("import CXMLSecExtras"))
        #expect(!Self.importsCXMLSec("/// OpenSSL through CXMLSec, imported here"))
        #expect(Self.declaresUncheckedSendable("final class A: @unchecked Sendable {"))
        #expect(!Self.declaresUncheckedSendable("/// no `@unchecked Sendable` here"))
        let bare: [Substring] = ["", "final class A: @unchecked Sendable {"]
        #expect(Self.statedReason(above: bare, at: 1) == nil)
        let empty: [Substring] = ["// @unchecked Sendable:   ", "final class A: @unchecked Sendable {"]
        #expect(Self.statedReason(above: empty, at: 1) == nil)
        let stated: [Substring] = ["    // @unchecked Sendable: immutable after init.", "    final class A: @unchecked Sendable {"]
        #expect(Self.statedReason(above: stated, at: 1) == "immutable after init.")
    }

    /// Evidence, Onboarding and the rest reach OpenSSL, libxml2 and xmlsec only through
    /// MPassSAML's APIs; inside MPassSAML the import is `internal`, so no C type leaks out.
    @Test func onlyMPassSAMLImportsCXMLSec() throws {
        let files = try Self.swiftFiles(under: "Sources")
        #expect(files.count > 100, "the Sources tree was not found at \(Self.packageRoot.path)")
        var outside: [String] = []
        var leaking: [String] = []
        var insideCount = 0
        for file in files {
            for (number, line) in file.lines.enumerated() where Self.importsCXMLSec(line) {
                if file.path.hasPrefix("Sources/MPassSAML/") {
                    insideCount += 1
                    if !line.trimmingCharacters(in: .whitespaces).hasPrefix("internal import") { leaking.append("\(file.path):\(number + 1)") }
                } else {
                    outside.append("\(file.path):\(number + 1)")
                }
            }
        }
        #expect(outside.isEmpty, "CXMLSec imported outside MPassSAML: \(outside); add a `package` API to MPassSAML instead")
        #expect(leaking.isEmpty, "CXMLSec imported without `internal`: \(leaking)")
        #expect(insideCount > 0, "MPassSAML itself was not seen importing CXMLSec: the detector is reading the wrong files")
    }

    /// Test targets too, save MPassSAMLTests (the shim's own tests and the attack generator).
    @Test func noOtherTestTargetImportsCXMLSec() throws {
        let files = try Self.swiftFiles(under: "Tests").filter { !$0.path.hasPrefix("Tests/MPassSAMLTests/") }
        let offenders = files.flatMap { file in
            file.lines.enumerated().filter { Self.importsCXMLSec($0.element) }.map { "\(file.path):\($0.offset + 1)" }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }

    @Test func everyUncheckedSendableStatesItsReason() throws {
        var unexplained: [String] = []
        var seen = 0
        for file in try Self.swiftFiles(under: "Sources") {
            for (index, line) in file.lines.enumerated() where Self.declaresUncheckedSendable(line) {
                seen += 1
                if Self.statedReason(above: file.lines, at: index) == nil { unexplained.append("\(file.path):\(index + 1)") }
            }
        }
        #expect(unexplained.isEmpty,
                "@unchecked Sendable without `// @unchecked Sendable: <the lock or immutability>` on the line above: \(unexplained)")
        // The C owners (Certificate, PrivateKey, XMLDocument) are known to remain: the scan saw them.
        #expect(seen >= 3)
    }
}
