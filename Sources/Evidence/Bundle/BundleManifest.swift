import Foundation
import Vocabulary

/// `manifest.json`: every file of a compliance bundle with its SHA-256, and who made the
/// bundle when. The detached CMS signature (`manifest.json.p7s`) covers these exact bytes, so
/// the manifest is written deterministically (sorted keys, files sorted by path, a final
/// newline): the same bundle content and time give the same manifest, byte for byte.
public struct BundleManifest: Sendable, Codable, Equatable {
    /// The bundle format; a verifier refuses formats it does not know. The number goes up when
    /// what a bundle holds, or how its rendered reports are drawn from report.json, changes:
    /// `report verify` renders the reports again and compares bytes, so it must know which
    /// rendering the bundle was made with.
    ///
    /// - `mpass-harness-bundle/1`: report.html and summary.md without the Browser row, and
    ///   report.html with neither sequence diagrams nor messages drawn as the harness's own.
    /// - `mpass-harness-bundle/2`: the rendering of this tool.
    public static let currentFormat = "mpass-harness-bundle/2"

    /// Formats this tool still verifies, each with the rendered files it no longer draws byte
    /// for byte as that format did: `report verify` holds those to what that format drew from
    /// report.json (Replay's `OlderFormatRendering`); report.json, the other files and the
    /// evidence are checked in full.
    public static let olderFormats: [String: Set<String>] = [
        "mpass-harness-bundle/1": ["report.html", "summary.md"],
    ]
    public static let fileName = "manifest.json"
    public static let signatureFileName = "manifest.json.p7s"

    public struct Tool: Sendable, Codable, Equatable {
        public var name: String
        public var version: String
    }

    public struct File: Sendable, Codable, Equatable {
        /// Relative to the bundle directory, `/`-separated (`report.json`, `evidence/run.har`).
        public var path: String
        /// Lowercase hex, as `sha256sum` prints it, so a person can check one file by hand.
        public var sha256: String
        public var size: Int
    }

    public var format: String
    public var tool: Tool
    /// UTC, `2026-11-22T10:00:00Z`.
    public var createdAt: String
    public var files: [File]

    public init(tool: Tool, createdAt: String, files: [File], format: String = Self.currentFormat) {
        self.format = format
        self.tool = tool
        self.createdAt = createdAt
        self.files = files.sorted { $0.path < $1.path }
    }

    public func encoded() throws(HarnessError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(self)
            data.append(0x0A)
            return data
        } catch {
            throw HarnessError(.bundleWriteFailed, "the manifest could not be encoded: \(error)")
        }
    }

    /// A bundle path: one or two components (`name` or `evidence/name`), each of letters,
    /// digits, `.`, `-` and `_`, not starting with a dot. Nothing that could leave the
    /// directory (`..`, `/abs`) or hide in it (`.name`), on writing and on verifying.
    public static func isSafePath(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(components.count) else { return false }
        return components.allSatisfy { component in
            !component.isEmpty && !component.hasPrefix(".")
                && component.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                }
        }
    }
}
