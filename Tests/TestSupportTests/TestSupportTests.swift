import Foundation
import Testing
import TestSupport

/// What every test that starts a process or a server relies on.
@Suite(.timeLimit(.minutes(2)), .temporaryDirectories) struct ChildProcessTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    /// A pipe holds 64 KiB on Linux. A child that fills stderr before it writes stdout blocks
    /// for ever when its parent reads stdout to the end first; both pipes are read at once.
    @Test func aChildFillingStderrBeforeStdoutIsReadToTheEnd() throws {
        let size = 200_000
        let output = try ChildProcess.run(Self.shell, ["-c", "head -c \(size) /dev/zero | tr '\\0' e >&2; head -c \(size) /dev/zero | tr '\\0' o"],
                                          timeout: 60)
        #expect(output.status == 0)
        #expect(output.stderrData == Data(repeating: UInt8(ascii: "e"), count: size))
        #expect(output.stdoutData == Data(repeating: UInt8(ascii: "o"), count: size))
    }

    @Test func standardInputReachesTheChild() throws {
        let input = Data(repeating: UInt8(ascii: "i"), count: 300_000)
        let output = try ChildProcess.run(URL(fileURLWithPath: "/bin/cat"), [], stdin: input, timeout: 60)
        #expect(output.stdoutData == input)
    }

    /// The pipes this process holds, from /proc/self/fd.
    static func openPipes() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { name in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"))?.hasPrefix("pipe:") == true
        }.count
    }

    /// Each run used to leave its pipes open (Foundation's Process keeps them alive): a test
    /// run reached over a thousand, where Process.run itself can crash reading /proc/self/fd
    /// (swift-corelibs-foundation #5472). Sixty children, with standard input given as data
    /// and as a file, leave no pipe behind (a little slack for another test's child).
    @Test func childrenLeaveNoPipeOpen() throws {
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("child-stdin-\(UUID().uuidString)")
        try Data("from a file\n".utf8).write(to: inputFile)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let before = try Self.openPipes()
        for round in 0..<30 {
            let fromData = try ChildProcess.run(URL(fileURLWithPath: "/bin/cat"), [], stdin: Data("round \(round)\n".utf8), timeout: 60)
            #expect(fromData.stdout == "round \(round)\n")
            let fromFile = try ChildProcess.run(URL(fileURLWithPath: "/bin/cat"), [], stdinFile: inputFile, timeout: 60)
            #expect(fromFile.stdout == "from a file\n")
        }
        let after = try Self.openPipes()
        #expect(after - before < 12, "60 children left \(after - before) pipe ends open (\(before) before, \(after) after)")
    }

    @Test func theEnvironmentIsAddedToAndTakenFrom() throws {
        let output = try ChildProcess.run(Self.shell, ["-c", "echo \"[$ADDED][${HOME:-gone}]\""],
                                          environment: ["ADDED": "yes"], removing: ["HOME"])
        #expect(output.stdout == "[yes][gone]\n")
    }

    /// A child that does not end is killed after the timeout, and the error names it.
    @Test func aChildPastItsTimeoutIsKilledWithAnError() throws {
        do {
            _ = try ChildProcess.run(URL(fileURLWithPath: "/bin/sleep"), ["60"], timeout: 1)
            Issue.record("sleep 60 returned within a 1 s timeout")
        } catch let error as TestSupportError {
            #expect(error.description.contains("sleep 60 did not end within 1 s and was killed"), "\(error)")
        }
    }

    /// `runOffPool` reads both pipes at once too, and its timeout kills the child with the same error.
    @Test func theAsyncRunReadsBothPipesAndKillsAtItsTimeout() async throws {
        let size = 200_000
        let output = try await ChildProcess.runOffPool(Self.shell, ["-c", "head -c \(size) /dev/zero | tr '\\0' e >&2; head -c \(size) /dev/zero | tr '\\0' o"],
                                                       timeout: 60)
        #expect(output.stderrData == Data(repeating: UInt8(ascii: "e"), count: size))
        #expect(output.stdoutData == Data(repeating: UInt8(ascii: "o"), count: size))
        do {
            _ = try await ChildProcess.runOffPool(URL(fileURLWithPath: "/bin/sleep"), ["60"], timeout: 1)
            Issue.record("sleep 60 returned within a 1 s timeout")
        } catch let error as TestSupportError {
            #expect(error.description.contains("sleep 60 did not end within 1 s and was killed"), "\(error)")
        }
    }

    /// Awaiting children holds no thread of Swift's cooperative pool (as wide as the machine has
    /// cores). More children than the pool has threads each wait for a file that this test
    /// writes only once every child has started: were each wait holding a pool thread, this
    /// test could never run again to write it, and the children would end at their timeout with
    /// an error instead of "released".
    @Test func awaitingChildrenHoldsNoThreadOfThePool() async throws {
        let directory = try temporaryDirectory()
        let count = ProcessInfo.processInfo.activeProcessorCount * 2 + 1
        let release = directory.appendingPathComponent("release")
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                let started = directory.appendingPathComponent("started-\(index)")
                group.addTask {
                    try await ChildProcess.runOffPool(Self.shell, ["-c", "touch '\(started.path)'; while [ ! -e '\(release.path)' ]; do sleep 0.05; done; echo released"],
                                                      timeout: 60).stdout
                }
            }
            while try FileManager.default.contentsOfDirectory(atPath: directory.path).filter({ $0.hasPrefix("started-") }).count < count {
                try await Task.sleep(for: .milliseconds(50))
            }
            try Data().write(to: release)
            var outputs: [String] = []
            for try await output in group { outputs.append(output) }
            #expect(outputs == Array(repeating: "released\n", count: count))
        }
    }

    @Test func aMissingToolIsNamedWithTheFix() {
        #expect(throws: TestSupportError.self) { try ChildProcess.tool("no-such-tool-mpass-harness") }
        do {
            _ = try ChildProcess.tool("no-such-tool-mpass-harness")
        } catch {
            #expect("\(error)".contains("no-such-tool-mpass-harness is not installed") && "\(error)".contains("scripts/setup"))
        }
    }

    @Test func aBackgroundProcessIsStoppedAndReaped() async throws {
        let directory = try temporaryDirectory()
        let child = try BackgroundProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo started; exec sleep 60"],
                                          in: directory, log: "child.log")
        try await child.waitForOutput("started", timeout: 30)
        #expect(child.isRunning)
        child.stop()
        #expect(!child.isRunning)
        #expect(child.process.terminationReason == .uncaughtSignal)
    }

    @Test func waitingForOutputFailsWhenTheChildEndsFirst() async throws {
        let directory = try temporaryDirectory()
        let child = try BackgroundProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", "echo something else; exit 3"],
                                          in: directory, log: "child.log")
        do {
            try await child.waitForOutput("never printed", timeout: 30)
            Issue.record("waitForOutput returned for a marker the child never printed")
        } catch {
            #expect("\(error)".contains("ended (status 3) before it printed never printed"), "\(error)")
            #expect("\(error)".contains("something else"))
        }
    }
}

@Suite(.timeLimit(.minutes(2)), .temporaryDirectories) struct HeldLoopbackPortTests {
    /// `call` (connect or bind) on a new TCP socket with 127.0.0.1:port; errno, or 0 on success.
    static func onNewSocket(port: Int, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0 ? 0 : errno
    }

    static func connectErrno(_ port: Int) -> Int32 { onNewSocket(port: port, connect) }

    /// bind(2) without SO_REUSEADDR, as a server that does not share a port binds.
    static func plainBindErrno(_ port: Int) -> Int32 { onNewSocket(port: port, bind) }

    @Test func aHeldPortRefusesConnectionsAndIsGivenToNoOneElse() throws {
        let held = try HeldLoopbackPort()
        let port = held.port
        #expect(port > 0)
        #expect(Self.connectErrno(port) == ECONNREFUSED)
        #expect(Self.plainBindErrno(port) == EADDRINUSE)
        // Nobody asking the kernel for any port gets this one while it is held.
        let others = try (0..<200).map { _ in try HeldLoopbackPort() }
        #expect(!others.contains { $0.port == port })
        withExtendedLifetime(held) {}
    }

    /// A server that binds with SO_REUSEADDR (Python's http.server does, as NIO and Apache do)
    /// binds and serves on the held port while the hold stays.
    @Test func aServerWithReuseAddressBindsTheHeldPort() async throws {
        let python = try ChildProcess.tool("python3")
        let held = try HeldLoopbackPort()
        let directory = try temporaryDirectory()
        let server = try BackgroundProcess(python, ["-m", "http.server", "--bind", "127.0.0.1", "\(held.port)"],
                                           in: directory, log: "server.log")
        defer { server.stop() }
        try await server.waitForOutput("Serving HTTP on 127.0.0.1 port \(held.port)", timeout: 60)
        #expect(Self.connectErrno(held.port) == 0)
        withExtendedLifetime(held) {}
    }
}

@Suite(.temporaryDirectories) struct RecordSwitchTests {
    @Test func oneMeansEverything() throws {
        #expect(try RecordSwitch.kinds(from: "1") == Set(RecordSwitch.Kind.allCases))
        #expect(try RecordSwitch.kinds(from: "all") == Set(RecordSwitch.Kind.allCases))
    }

    @Test func unsetEmptyOrZeroRecordsNothing() throws {
        #expect(try RecordSwitch.kinds(from: nil).isEmpty)
        #expect(try RecordSwitch.kinds(from: "").isEmpty)
        #expect(try RecordSwitch.kinds(from: "0").isEmpty)
    }

    @Test func aListRecordsOnlyItsKinds() throws {
        #expect(try RecordSwitch.kinds(from: "golden, matrix") == [.golden, .matrix])
    }

    @Test func anUnknownWordIsAnErrorNamingTheWordsThatWork() {
        do {
            _ = try RecordSwitch.kinds(from: "snapshot")
            Issue.record("RECORD=snapshot was accepted")
        } catch {
            #expect("\(error)".contains("RECORD=snapshot is not understood"), "\(error)")
            #expect("\(error)".contains("fixtures, golden, matrix, snapshots"), "\(error)")
        }
    }
}

@Suite(.temporaryDirectories) struct SharedFolderTests {
    @Test func aMissingSharedFileIsAnErrorSayingWhatAndWhere() {
        do {
            _ = try SharedFolder.require("no-such-folder/no-such-file.pem")
            Issue.record("a missing shared file was found")
        } catch {
            let text = "\(error)"
            #expect(text.contains("no-such-folder/no-such-file.pem is missing from the shared folder"), "\(text)")
            #expect(text.contains(SharedFolder.directory.appendingPathComponent("no-such-folder/no-such-file.pem").path))
            #expect(text.contains("MPASS_HARNESS_SHARED"))
        }
    }
}

/// A new folder inside the running test's own (`.temporaryDirectories`), removed when the test ends.
func temporaryDirectory() throws -> URL {
    scopedTemporaryDirectory("testsupport")
}

@Suite(.temporaryDirectories) struct ManifestTests {
    struct Sample: Decodable { let items: [String] }

    @Test func aManifestDecodes() throws {
        let file = try temporaryDirectory().appendingPathComponent("manifest.json")
        try Data(#"{"items": ["a", "b"]}"#.utf8).write(to: file)
        #expect(try decodeManifest(Sample.self, at: file, fix: "unused").items == ["a", "b"])
    }

    @Test func aMissingManifestNamesThePathAndTheFix() throws {
        let file = try temporaryDirectory().appendingPathComponent("absent.json")
        do {
            _ = try decodeManifest(Sample.self, at: file, fix: "run make-it")
            Issue.record("a missing manifest decoded")
        } catch {
            #expect("\(error)" == "the manifest \(file.path) is missing; run make-it")
        }
    }

    @Test func aManifestOfAnotherShapeIsAnErrorNamingIt() throws {
        let file = try temporaryDirectory().appendingPathComponent("other.json")
        try Data(#"{"entries": []}"#.utf8).write(to: file)
        do {
            _ = try decodeManifest(Sample.self, at: file, fix: "run make-it")
            Issue.record("a manifest without items decoded")
        } catch {
            #expect("\(error)".hasPrefix("the manifest \(file.path) does not read as Sample"), "\(error)")
            #expect("\(error)".hasSuffix("; run make-it"))
        }
    }
}

/// The temporary folder a test works in is gone once the test is done with it, however it ended.
@Suite struct TemporaryDirectoryTests {
    struct Planned: Error {}

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Where a body saw its folder, read after the body is done.
    final class Seen: @unchecked Sendable {
        var folder: URL?
    }

    @Test func theFolderIsThereDuringTheBodyAndGoneAfterItReturns() throws {
        let seen = Seen()
        let written = try withTemporaryDirectory("helper-test") { directory in
            seen.folder = directory
            #expect(Self.exists(directory))
            #expect(directory.lastPathComponent.hasPrefix("helper-test-"))
            #expect(directory.deletingLastPathComponent().standardizedFileURL == FileManager.default.temporaryDirectory.standardizedFileURL)
            let nested = directory.appendingPathComponent("a/b/file.txt")
            try FileManager.default.createDirectory(at: nested.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("kept until the end".utf8).write(to: nested)
            return nested
        }
        let folder = try #require(seen.folder)
        #expect(!Self.exists(folder), "\(folder.path) is still there after the body returned")
        #expect(!Self.exists(written))
    }

    @Test func theFolderIsGoneAfterTheBodyThrows() throws {
        let seen = Seen()
        #expect(throws: Planned.self) {
            try withTemporaryDirectory { directory in
                seen.folder = directory
                try Data("x".utf8).write(to: directory.appendingPathComponent("file"))
                throw Planned()
            }
        }
        let folder = try #require(seen.folder)
        #expect(!Self.exists(folder), "\(folder.path) is still there after the body threw")
    }

    @Test func theAsyncFormRemovesTheFolderAfterReturningAndAfterThrowing() async throws {
        let returned = Seen()
        try await withTemporaryDirectory { directory in
            await Task.yield()
            try Data("x".utf8).write(to: directory.appendingPathComponent("file"))
            returned.folder = directory
        }
        #expect(!Self.exists(try #require(returned.folder)))

        let thrown = Seen()
        await #expect(throws: Planned.self) {
            try await withTemporaryDirectory { directory in
                await Task.yield()
                thrown.folder = directory
                throw Planned()
            }
        }
        #expect(!Self.exists(try #require(thrown.folder)))
    }

    /// The `.temporaryDirectories` trait around a test: the test sees its folder as the scope,
    /// a helper's folder is made inside it, and all of it is gone once the test returns or throws.
    @Test func theTraitsScopeIsRemovedAfterTheTestReturnsOrThrows() async throws {
        let test = try #require(Test.current)
        let returned = Seen(), helper = Seen()
        try await TemporaryDirectoryTrait().provideScope(for: test, testCase: Test.Case.current) {
            let scope = try #require(TemporaryDirectoryScope.current, "the trait gave the test no folder")
            let inside = scopedTemporaryDirectory("inside")
            #expect(inside.deletingLastPathComponent().standardizedFileURL.path == scope.standardizedFileURL.path)
            #expect(Self.exists(inside))
            returned.folder = scope
            helper.folder = inside
        }
        #expect(!Self.exists(try #require(returned.folder)))
        #expect(!Self.exists(try #require(helper.folder)))

        let thrown = Seen()
        await #expect(throws: Planned.self) {
            try await TemporaryDirectoryTrait().provideScope(for: test, testCase: Test.Case.current) {
                thrown.folder = TemporaryDirectoryScope.current
                _ = scopedTemporaryDirectory("inside")
                throw Planned()
            }
        }
        #expect(!Self.exists(try #require(thrown.folder)))
        // Outside the scope there is none.
        #expect(TemporaryDirectoryScope.current == nil)
    }

    /// The trait scopes each test case, never the suite or the function as a whole (a folder
    /// shared by a suite would outlive the tests that filled it until the suite ends).
    @Test func theTraitScopesEachTestCaseOnly() throws {
        let test = try #require(Test.current)
        #expect(TemporaryDirectoryTrait().scopeProvider(for: test, testCase: nil) == nil)
        #expect(TemporaryDirectoryTrait().scopeProvider(for: test, testCase: Test.Case.current) != nil)
    }


    /// Two folders made at once never coincide, and a body that removes its folder itself is no error.
    @Test func eachFolderIsNewAndRemovingItEarlyIsFine() throws {
        try withTemporaryDirectory { first in
            try withTemporaryDirectory { second in
                #expect(first != second)
                try FileManager.default.removeItem(at: second)
            }
            #expect(Self.exists(first))
        }
    }

    @Test func aFolderThatCannotBeMadeIsAnErrorNamingItAndTheFix() throws {
        let blocker = try makeTemporaryDirectory("not-a-folder-parent")
        defer { removeTemporaryDirectory(blocker) }
        let file = blocker.appendingPathComponent("file")
        try Data().write(to: file)
        // A label that puts the folder under a plain file cannot be made.
        let relative = file.path.replacingOccurrences(of: FileManager.default.temporaryDirectory.path, with: "")
        do {
            _ = try makeTemporaryDirectory(relative + "/x")
            Issue.record("a folder under a plain file was made")
        } catch {
            #expect("\(error)".contains("cannot make the temporary folder"), "\(error)")
            #expect("\(error)".contains("check that TMPDIR"), "\(error)")
        }
    }
}
