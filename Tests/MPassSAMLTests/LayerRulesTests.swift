import Foundation
import Testing

/// Issue 13: data flows down. The modules form layers (Package.swift states them above its
/// targets); a module may depend on, and import, only modules of a lower layer. Read from the
/// source tree: Package.swift's target dependencies and every `import` line under Sources.
/// As in SourceRulesTests, each detector is first shown to catch a bad line.
@Suite struct LayerRulesTests {
    /// Bottom to top. A new module must be placed here, or `everyModuleHasALayer` fails.
    static let layers: [[String]] = [
        ["CXMLSec", "HostGuard", "Vocabulary", "ProcessSupport"],
        ["MPassSAML", "TestSupport"],
        ["HarnessModel"],
        ["BrowserAgent", "MPassSimulator", "ReferenceService", "HeadlessChromium"],
        ["Evidence"],
        ["CaseCatalogue"],
        ["Conformance"],
        ["Replay", "Onboarding"],
        ["mpass-harness", "MPassFuzzTargets", "mpass-bench", "mpass-bench-replay", "mpass-record-browser"],
    ]

    static func layer(of module: String) -> Int? {
        layers.firstIndex { $0.contains(module) }
    }

    /// The module an `import` line names, whatever its attributes or access level; nil for
    /// any other line (comments and strings that mention an import included).
    static func importedModule(_ line: Substring) -> String? {
        let words = line.split(whereSeparator: \.isWhitespace)
        guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { return nil }
        let modifiers: Set<Substring> = ["@_implementationOnly", "@preconcurrency", "@testable", "internal", "public", "package",
                                         "private", "fileprivate", "@_exported"]
        guard words[..<index].allSatisfy({ modifiers.contains($0) }) else { return nil }
        var name = words[index + 1]
        // `import struct Module.Type` and `import Module.Submodule` name the module first.
        if ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(name), index + 2 < words.count {
            name = words[index + 2]
        }
        return String(name.split(separator: ".").first ?? name)
    }

    /// Each library and executable target of a manifest with the package's own targets it
    /// depends on (products of other packages left out, or named by their product name with
    /// `includingProducts`: each product here is one module of that name); test targets are
    /// not read.
    static func targetDependencies(manifest: String, includingProducts: Bool = false) -> [String: [String]] {
        var result: [String: [String]] = [:]
        let starts = [".target(", ".executableTarget(", ".systemLibrary(", ".testTarget("]
        var chunks: [(kind: String, text: Substring)] = []
        var rest = manifest[...]
        while let next = starts.compactMap({ kind in rest.range(of: kind).map { (kind, $0) } }).min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            let after = rest[next.1.upperBound...]
            let end = starts.compactMap { after.range(of: $0)?.lowerBound }.min() ?? after.endIndex
            chunks.append((next.0, after[..<end]))
            rest = after[end...]
        }
        for chunk in chunks where chunk.kind != ".testTarget(" {
            guard let name = firstQuoted(after: "name:", in: chunk.text) else { continue }
            var dependencies: [String] = []
            if let open = chunk.text.range(of: "dependencies: [") {
                var depth = 1
                var index = open.upperBound
                while index < chunk.text.endIndex, depth > 0 {
                    if chunk.text[index] == "[" { depth += 1 }
                    if chunk.text[index] == "]" { depth -= 1 }
                    index = chunk.text.index(after: index)
                }
                var list = String(chunk.text[open.upperBound..<index])
                // `.product(name: "X", package: "y")` is another package's module.
                while let product = list.range(of: ".product("), let close = list[product.upperBound...].firstIndex(of: ")") {
                    let productName = Self.firstQuoted(after: "name:", in: list[product.upperBound..<close])
                    list.replaceSubrange(product.lowerBound...close, with: includingProducts ? productName.map { "\"\($0)\"" } ?? "" : "")
                }
                dependencies = list.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            }
            result[name] = dependencies
        }
        return result
    }

    static func firstQuoted(after label: String, in text: Substring) -> String? {
        guard let range = text.range(of: label) else { return nil }
        let parts = text[range.upperBound...].split(separator: "\"", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count >= 2 ? String(parts[1]) : nil
    }

    /// What is wrong with `module` using `used` (a declared dependency or an import): a module
    /// with no layer, or one not below it. Other packages' modules (no layer, not ours) pass.
    static func violation(_ module: String, uses used: String, ourModules: Set<String>) -> String? {
        guard ourModules.contains(used), used != module else { return nil }
        guard let own = layer(of: module) else { return "\(module) has no layer in LayerRulesTests.layers" }
        guard let other = layer(of: used) else { return "\(used) has no layer in LayerRulesTests.layers" }
        return other < own ? nil : "\(module) (layer \(own)) uses \(used) (layer \(other)), which is not below it"
    }

    static var manifest: String {
        get throws { try String(contentsOf: SourceRulesTests.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8) }
    }

    @Test func detectorsCatchWhatTheyLookFor() {
        #expect(Self.importedModule("import Conformance") == "Conformance")
        #expect(Self.importedModule("@testable import HarnessModel") == "HarnessModel")
        #expect(Self.importedModule("internal import struct Evidence.HAR") == "Evidence")
        #expect(Self.importedModule("/// Replay and Onboarding import Conformance") == nil)
        #expect(Self.importedModule("let text = \"import Conformance\"") == nil)
        let sample = """
            .target(name: "HarnessModel", dependencies: ["MPassSAML", "Conformance", .product(name: "Yams", package: "Yams")]),
            .target(
                name: "Replay",
                dependencies: ["Evidence", .product(name: "NIOCore", package: "swift-nio"), "CaseCatalogue"]
            ),
            .testTarget(name: "ReplayTests", dependencies: ["mpass-harness"]),
            """
        let parsed = Self.targetDependencies(manifest: sample)
        #expect(parsed == ["HarnessModel": ["MPassSAML", "Conformance"], "Replay": ["Evidence", "CaseCatalogue"]])
        #expect(Self.targetDependencies(manifest: sample, includingProducts: true)
            == ["HarnessModel": ["MPassSAML", "Conformance", "Yams"], "Replay": ["Evidence", "NIOCore", "CaseCatalogue"]])
        // A declared dependency no file imports is caught; one imported (with any attribute) is not.
        let files: [Substring] = ["import Foundation", "@preconcurrency import NIOCore", "// import CaseCatalogue"]
        #expect(Self.unimported(["Evidence", "NIOCore", "CaseCatalogue"], byLines: files) == ["Evidence", "CaseCatalogue"])
        let ours: Set<String> = ["HarnessModel", "MPassSAML", "Conformance", "Replay", "Evidence", "CaseCatalogue", "Mystery"]
        // A bad import (the model reaching up to the runner) and a module nobody placed are caught…
        #expect(Self.violation("HarnessModel", uses: "Conformance", ourModules: ours) != nil)
        #expect(Self.violation("Replay", uses: "Onboarding", ourModules: ours.union(["Onboarding"])) != nil)
        #expect(Self.violation("Replay", uses: "Mystery", ourModules: ours) != nil)
        // …a downward one and another package's module are not.
        #expect(Self.violation("Replay", uses: "CaseCatalogue", ourModules: ours) == nil)
        #expect(Self.violation("HarnessModel", uses: "Yams", ourModules: ours) == nil)
    }

    @Test func everyModuleHasALayer() throws {
        let targets = Self.targetDependencies(manifest: try Self.manifest)
        #expect(targets.count >= 15, "Package.swift was not read: \(targets.keys.sorted())")
        let unplaced = targets.keys.filter { Self.layer(of: $0) == nil }.sorted()
        #expect(unplaced.isEmpty, "place these modules in LayerRulesTests.layers (and Package.swift's layer comment): \(unplaced)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: SourceRulesTests.packageRoot.appendingPathComponent("Sources").path)
        // TestSupport is the one library target kept under Tests/: only tests and the fixture
        // recorder use it, and it is never shipped.
        let testOnly: Set<String> = ["TestSupport"]
        let testsRoot = SourceRulesTests.packageRoot.appendingPathComponent("Tests")
        #expect(testOnly.allSatisfy { FileManager.default.fileExists(atPath: testsRoot.appendingPathComponent($0).path) })
        #expect(Set(folders).union(testOnly) == Set(targets.keys), "every folder under Sources is one target of Package.swift")
    }

    @Test func packageDependenciesPointDown() throws {
        let targets = Self.targetDependencies(manifest: try Self.manifest)
        let ours = Set(targets.keys)
        let wrong = targets.sorted { $0.key < $1.key }.flatMap { module, dependencies in
            dependencies.compactMap { Self.violation(module, uses: $0, ourModules: ours) }
        }
        #expect(wrong.isEmpty, "Package.swift: \(wrong)")
    }

    /// The dependencies in `declared` that no line of `lines` imports.
    static func unimported(_ declared: [String], byLines lines: [Substring]) -> [String] {
        let imported = Set(lines.compactMap(Self.importedModule))
        return declared.filter { !imported.contains($0) }
    }

    /// Package.swift states no more than the code uses: every dependency a target declares,
    /// ours or another package's product, is imported by at least one file of that target
    /// (a declared but unused dependency misleads the reader about the layers, and links for nothing).
    @Test func everyDeclaredDependencyIsImported() throws {
        let targets = Self.targetDependencies(manifest: try Self.manifest, includingProducts: true)
        #expect(targets.count >= 15, "Package.swift was not read: \(targets.keys.sorted())")
        var unused: [String] = []
        for (module, declared) in targets.sorted(by: { $0.key < $1.key }) where !declared.isEmpty {
            let folder = module == "TestSupport" ? "Tests/TestSupport" : "Sources/\(module)"
            let lines = try SourceRulesTests.swiftFiles(under: folder).flatMap(\.lines)
            #expect(!lines.isEmpty, "no Swift file read for \(module) in \(folder)")
            unused += Self.unimported(declared, byLines: lines).map { "\(module) declares \($0) but no file of it imports it" }
        }
        #expect(unused.isEmpty, "drop these from Package.swift (or import them where they are used): \(unused)")
    }

    /// Every import under Sources names a module below the file's own, and one its target
    /// declares (an undeclared import builds only by luck of the build order).
    @Test func sourceImportsPointDown() throws {
        let targets = Self.targetDependencies(manifest: try Self.manifest)
        let ours = Set(targets.keys)
        var wrong: [String] = []
        var seen = 0
        for file in try SourceRulesTests.swiftFiles(under: "Sources") {
            let module = String(file.path.split(separator: "/")[1])
            for (number, line) in file.lines.enumerated() {
                guard let used = Self.importedModule(line), ours.contains(used) else { continue }
                seen += 1
                if let problem = Self.violation(module, uses: used, ourModules: ours) {
                    wrong.append("\(file.path):\(number + 1): \(problem)")
                } else if !(targets[module] ?? []).contains(used) {
                    wrong.append("\(file.path):\(number + 1): imports \(used), which \(module) does not declare in Package.swift")
                }
            }
        }
        #expect(seen > 200, "the scan saw only \(seen) imports of the package's modules: it is reading the wrong files")
        #expect(wrong.isEmpty, "\(wrong)")
    }
}
