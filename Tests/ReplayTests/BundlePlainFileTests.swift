@testable import Evidence
import Foundation
import MPassSAML
import Replay
import Testing
import Vocabulary
import TestSupport

/// A bundle holds plain files only. A link, a FIFO, a hard-linked file, a stray folder or a
/// manifest path out of the folder is refused before anything is read, and nothing of what
/// it points at reaches the output; sizes are capped.
@Suite(.temporaryDirectories) struct BundlePlainFileTests {
    static let fileManager = FileManager.default

    /// A file outside the bundle whose bytes must never be read through it.
    static func outsideSecret(beside bundle: URL) throws -> (url: URL, text: String) {
        let text = "outside-secret-\(UUID().uuidString)"
        let url = bundle.deletingLastPathComponent().appendingPathComponent("outside.txt")
        try Data(text.utf8).write(to: url)
        return (url, text)
    }

    static func refusal(_ bundle: URL, limits: BundleFolder.Limits = .standard) -> HarnessError? {
        do {
            _ = try ReportVerifier.verify(bundle, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    /// Refused with `code`, the reason naming the entry (`fragment`).
    @discardableResult
    static func expectRefused(_ bundle: URL, _ fragment: String, code: HarnessError.Code = .bundleNotPlain,
                              limits: BundleFolder.Limits = .standard) throws -> HarnessError {
        let error = try #require(refusal(bundle, limits: limits))
        #expect(error.code == code)
        #expect(error.reason.contains(fragment), "\(error.reason)")
        return error
    }

    @Test func symlinkToAFileIsRefusedUnread() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        let har = bundle.appendingPathComponent("evidence/run.har")
        try Self.fileManager.removeItem(at: har)
        try Self.fileManager.createSymbolicLink(atPath: har.path, withDestinationPath: "/etc/hostname")
        try Self.expectRefused(bundle, "evidence/run.har is a symbolic link")
    }

    @Test func symlinkToAFolderIsRefusedUnread() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        let evidence = bundle.appendingPathComponent("evidence")
        let elsewhere = bundle.deletingLastPathComponent().appendingPathComponent("elsewhere")
        try Self.fileManager.moveItem(at: evidence, to: elsewhere)
        try Self.fileManager.createSymbolicLink(atPath: evidence.path, withDestinationPath: elsewhere.path)
        try Self.expectRefused(bundle, "evidence is a symbolic link")
    }

    @Test func fifoIsRefusedWithoutBlocking() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        let har = bundle.appendingPathComponent("evidence/run.har")
        try Self.fileManager.removeItem(at: har)
        #expect(mkfifo(har.path, 0o644) == 0)
        try Self.expectRefused(bundle, "evidence/run.har is a FIFO")
    }

    @Test func hardLinkedFileIsRefused() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        let secret = try Self.outsideSecret(beside: bundle)
        let note = bundle.appendingPathComponent("notes.txt")
        #expect(link(secret.url.path, note.path) == 0)
        let error = try Self.expectRefused(bundle, "notes.txt has 2 hard links")
        #expect(!error.reason.contains(secret.text))
    }

    @Test func folderOtherThanEvidenceIsRefused() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        try Self.fileManager.createDirectory(at: bundle.appendingPathComponent("evidence/more"), withIntermediateDirectories: true)
        try Self.expectRefused(bundle, "evidence/more/ is a folder")
    }

    /// Manifest paths out of the folder, signed with the right key: never opened. The outside
    /// file's true digest is listed, so reading it would have passed the digest check.
    @Test(arguments: ["../outside.txt", "OUTSIDE_ABSOLUTE", "evidence/../../outside.txt"])
    func manifestPathOutOfTheFolderIsNotRead(_ listed: String) throws {
        let bundle = try ReportVerifierTests.makeBundle()
        let secret = try Self.outsideSecret(beside: bundle)
        let path = listed == "OUTSIDE_ABSOLUTE" ? secret.url.path : listed
        let manifestURL = bundle.appendingPathComponent("manifest.json")
        var manifest = try JSONDecoder().decode(BundleManifest.self, from: Data(contentsOf: manifestURL))
        manifest.files.append(BundleManifest.File(path: path, sha256: SHA256Digest.hex(of: Data(secret.text.utf8)), size: secret.text.utf8.count))
        let data = try manifest.encoded()
        try data.write(to: manifestURL)
        try CMSDetachedSignature.sign(data, identity: ReportVerifierTests.signer).write(to: bundle.appendingPathComponent("manifest.json.p7s"))
        let verification = try ReportVerifier.verify(bundle)
        let refused = verification.allChecks.filter { $0.id == CheckID.bundleManifestDigest && $0.isFailure }
        #expect(refused.map(\.file) == [path])
        #expect(refused.first?.result.detail.contains("it was not read") == true)
        #expect(!verification.allChecks.contains { $0.line.contains(secret.text) })
    }

    @Test func fileAboveTheSizeCapIsRefused() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        let error = try Self.expectRefused(bundle, "a bundle file may be at most 100000 bytes", code: .bundleTooLarge,
                                           limits: .init(fileBytes: 100_000, totalBytes: 10_000_000, fileCount: 50))
        #expect(error.reason.hasPrefix("evidence/run.har is "), "\(error.reason)")
    }

    @Test func bundleAboveTheTotalCapIsRefused() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        try Self.expectRefused(bundle, "a bundle may hold at most 200000", code: .bundleTooLarge,
                               limits: .init(fileBytes: 10_000_000, totalBytes: 200_000, fileCount: 50))
    }

    @Test func tooManyFilesAreRefused() throws {
        let bundle = try ReportVerifierTests.makeBundle()
        try Self.expectRefused(bundle, "a bundle holds at most 3", code: .bundleTooLarge,
                               limits: .init(fileBytes: 10_000_000, totalBytes: 100_000_000, fileCount: 3))
    }
}
