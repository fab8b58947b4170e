import Foundation
import Vocabulary

/// A message, metadata or report file given by a person ('-' is stdin), read with a bound:
/// never more than `limit` bytes are read, whatever is offered, so a wrong file (an image,
/// a disk) costs no more than the limit.
public enum InputFile {
    /// The XML parser takes 4 MiB; base64 or a form body makes that about 6 MiB.
    public static let defaultLimit = 16 * 1024 * 1024

    /// - Throws: `inputFileUnreadable` naming the path (missing, not readable, a read that
    ///   failed); `bindingTooLarge` when more than `limit` bytes are offered.
    public static func read(_ path: String, limit: Int = defaultLimit) throws(HarnessError) -> Data {
        let name = path == "-" ? "stdin" : path
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard FileManager.default.fileExists(atPath: path) else {
                throw HarnessError(.inputFileUnreadable, "\(path): no such file; check the path")
            }
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw HarnessError(.inputFileUnreadable, "\(path) cannot be read; check its permissions")
            }
            handle = opened
        }
        var data = Data()
        do {
            while data.count <= limit, let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty {
                data.append(chunk)
            }
        } catch {
            throw HarnessError(.inputFileUnreadable, "\(name) cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= limit else {
            throw HarnessError(.bindingTooLarge,
                "\(name) holds more than \(limit / (1024 * 1024)) MiB; a SAML message is a few kilobytes. Give the message itself, not a larger file")
        }
        return data
    }
}
