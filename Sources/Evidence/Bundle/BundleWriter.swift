import Foundation
import HarnessModel
import MPassSAML
import Vocabulary

/// Writes a compliance bundle: the report files at the top, the HAR evidence under
/// `evidence/`, `manifest.json` (each file's SHA-256) and `manifest.json.p7s`, a detached CMS
/// signature over the manifest made with the beneficiary's system certificate.
///
/// ```
/// bundle/
///   report.json  junit.xml  report.html  summary.md
///   evidence/run-1.har …
///   screenshots/TC_SEC_01.jpg …   (Chromium runs only)
///   manifest.json
///   manifest.json.p7s
/// ```
///
/// AGE checks it with `mpass-harness report verify bundle/`, or with OpenSSL alone:
/// `openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json -noverify`
/// and then `sha256sum` of each file against the manifest.
public struct BundleWriter: Sendable {
    public static let evidenceDirectory = "evidence"
    /// The only folders a bundle holds: the HAR evidence and the screenshots.
    public static let folders = [evidenceDirectory, RunPictures.screenshotsDirectory]

    /// The time written into the manifest (injected: a bundle made twice from the same
    /// files at the same time is the same bundle).
    public var createdAt: Date
    public var tool: BundleManifest.Tool
    /// The manifest's format: always `BundleManifest.currentFormat` for bundles this tool
    /// makes; tests set an older one to make a bundle as an older tool made it.
    public var format = BundleManifest.currentFormat

    public init(createdAt: Date, toolName: String = ToolInfo.name, toolVersion: String = ToolInfo.version) {
        self.createdAt = createdAt
        self.tool = BundleManifest.Tool(name: toolName, version: toolVersion)
    }

    /// Writes the bundle into `directory` (created if needed; it must be empty, since any file
    /// already there would be an unsigned extra that verification rejects) and returns its manifest.
    @discardableResult
    ///
    /// `screenshotFiles` are keyed by their bundle path, `screenshots/NAME`.
    public func write(reportFiles: [String: Data], harFiles: [String: Data], screenshotFiles: [String: Data] = [:],
                      identity: SigningIdentity, to directory: URL) throws(HarnessError) -> BundleManifest {
        var files: [(path: String, data: Data)] = []
        for (name, data) in reportFiles {
            try Self.validate(name: name, role: "report file")
            files.append((name, data))
        }
        for (name, data) in harFiles {
            try Self.validate(name: name, role: "HAR file")
            try Self.refuseSecrets(in: data, name: name)
            files.append(("\(Self.evidenceDirectory)/\(name)", data))
        }
        for (path, data) in screenshotFiles {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == RunPictures.screenshotsDirectory else {
                throw HarnessError(.bundleBadFileName,
                    "the screenshot path \"\(path)\" is not allowed: screenshots go in \(RunPictures.screenshotsDirectory)/, one level deep")
            }
            try Self.validate(name: String(parts[1]), role: "screenshot")
            files.append((path, data))
        }
        for folder in Self.folders where reportFiles.keys.contains(folder) {
            throw HarnessError(.bundleBadFileName, "a report file cannot be named \"\(folder)\": that is a folder of the bundle")
        }

        let manifest = BundleManifest(
            tool: tool, createdAt: SAMLTime.format(createdAt),
            files: files.map { BundleManifest.File(path: $0.path, sha256: SHA256Digest.hex(of: $0.data), size: $0.data.count) },
            format: format)
        let manifestData = try manifest.encoded()
        // Signed before anything is written: a key that cannot sign leaves no half bundle.
        let signature = try CMSDetachedSignature.sign(manifestData, identity: identity)

        try Self.prepare(directory)
        for file in files {
            if file.path.hasPrefix(RunPictures.screenshotsDirectory + "/") {
                try Self.makeFolder(directory.appendingPathComponent(RunPictures.screenshotsDirectory))
            }
            try Self.write(file.data, to: directory.appendingPathComponent(file.path))
        }
        try Self.write(manifestData, to: directory.appendingPathComponent(BundleManifest.fileName))
        try Self.write(signature, to: directory.appendingPathComponent(BundleManifest.signatureFileName))
        return manifest
    }

    /// The guard rail on evidence: a HAR file that redaction would still change (a private
    /// key, a password field, an Authorization value) is refused, not silently rewritten,
    /// because the bundle signs the bytes as given. Cookies are not judged here: a person may
    /// have chosen to keep them. Harness HAR files pass, since HARBuilder already redacted them.
    static func refuseSecrets(in data: Data, name: String) throws(HarnessError) {
        let path = "\(evidenceDirectory)/\(name)"
        if let recording = try? RecordingReader.read(data: data, source: path) {
            let strict = RedactionPolicy(cookies: .keep)
            for (index, entry) in recording.har.log.entries.enumerated() where strict.apply(to: entry) != entry {
                throw HarnessError(.bundleSecretInEvidence,
                    "\(path): entry \(index) (\(entry.request.method) \(entry.request.url.prefix(80))) holds a private key, a password or an Authorization value; redact the recording (RedactionPolicy) before bundling it")
            }
        } else if PrivateKeyScanner.containsPrivateKey(String(decoding: data, as: UTF8.self)) {
            throw HarnessError(.bundleSecretInEvidence, "\(path) holds a PEM private key")
        }
    }

    static func validate(name: String, role: String) throws(HarnessError) {
        guard !name.contains("/"), BundleManifest.isSafePath(name) else {
            throw HarnessError(.bundleBadFileName,
                "the \(role) name \"\(name)\" is not allowed: use letters, digits, '.', '-' and '_', no folders, not starting with '.'")
        }
        guard name != BundleManifest.fileName, name != BundleManifest.signatureFileName else {
            throw HarnessError(.bundleBadFileName, "the \(role) name \"\(name)\" is reserved for the bundle's own manifest")
        }
    }

    private static func prepare(_ directory: URL) throws(HarnessError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw HarnessError(.bundleWriteFailed, "\(directory.path) exists and is not a directory")
            }
            let existing = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
            guard existing.isEmpty else {
                throw HarnessError(.bundleDirectoryNotEmpty,
                    "\(directory.path) is not empty (\(existing.sorted().prefix(3).joined(separator: ", "))…); a bundle is written into a new or empty folder, since any other file would be an unsigned extra")
            }
        }
        do {
            try manager.createDirectory(at: directory.appendingPathComponent(evidenceDirectory), withIntermediateDirectories: true)
        } catch {
            throw HarnessError(.bundleWriteFailed, "\(directory.path): cannot create the bundle folder (\(error.localizedDescription))")
        }
    }

    private static func makeFolder(_ url: URL) throws(HarnessError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw HarnessError(.bundleWriteFailed, "\(url.path): cannot create the folder (\(error.localizedDescription))")
        }
    }

    private static func write(_ data: Data, to url: URL) throws(HarnessError) {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw HarnessError(.bundleWriteFailed, "\(url.path): cannot write (\(error.localizedDescription))")
        }
    }
}
