import Foundation
import Testing
import MPassSAML
import Vocabulary
import TestSupport

/// `InputFile.read`: a file a person gives is read up to a bound, and what cannot be read
/// is named with its path.
@Suite(.temporaryDirectories) struct InputFileTests {
    @Test func aFileWithinTheLimitIsReadWhole() throws {
        let file = temporaryDirectory().appendingPathComponent("message.xml")
        try Data(repeating: 0x41, count: 1024).write(to: file)
        #expect(try InputFile.read(file.path, limit: 1024) == Data(repeating: 0x41, count: 1024))
    }

    @Test func oneByteOverTheLimitIsRefused() throws {
        let file = temporaryDirectory().appendingPathComponent("big.xml")
        try Data(repeating: 0x41, count: 2 * 1024 * 1024 + 1).write(to: file)
        #expect(throws: HarnessError(.bindingTooLarge, "")) { try InputFile.read(file.path, limit: 2 * 1024 * 1024) }
        do {
            _ = try InputFile.read(file.path, limit: 2 * 1024 * 1024)
        } catch {
            #expect(error.reason.hasPrefix("\(file.path) holds more than 2 MiB"), "\(error.reason)")
        }
    }

    @Test func aMissingFileIsNamed() throws {
        let path = temporaryDirectory().appendingPathComponent("absent.xml").path
        do {
            _ = try InputFile.read(path)
            Issue.record("a missing file was read")
        } catch {
            #expect(error.code == .inputFileUnreadable)
            #expect(error.reason == "\(path): no such file; check the path")
        }
    }

    @Test func aFolderCannotBeRead() throws {
        let folder = temporaryDirectory()
        #expect(throws: HarnessError(.inputFileUnreadable, "")) { try InputFile.read(folder.path) }
    }
}
