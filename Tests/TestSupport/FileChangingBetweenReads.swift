import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A path whose content changes from one read to the next: a named pipe (FIFO) that gives
/// the first reader `contents[0]`, the next `contents[1]`, and every later one the last. It
/// stands for a file replaced while a command runs (a certificate renewed mid-replay), at a
/// moment chosen by read count rather than by time, so the test is the same on every run.
///
/// Each reader reads to the end of its copy and closes it before the next is served: the
/// writer waits until no process holds the pipe open (from /proc/*/fd) before it opens it again,
/// or a slow reader would see two copies run together. Call `stop()` when done: the serving
/// thread holds the value until then.
public final class FileChangingBetweenReads: @unchecked Sendable {
    public let path: String
    private let contents: [Data]
    private let lock = NSLock()
    private var servedCount = 0
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// Makes the pipe at `path` (which must not exist) and starts serving it.
    public init(path: String, contents: [Data]) throws {
        precondition(!contents.isEmpty, "give at least one content")
        guard mkfifo(path, 0o600) == 0 else {
            throw TestSupportError("cannot make the named pipe \(path): \(String(cString: strerror(errno))); give a path in a folder you can write to, where nothing exists yet")
        }
        // /proc/*/fd names the pipe by its real path.
        let folder = (path as NSString).deletingLastPathComponent
        self.path = ((realpath(folder, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) }) ?? folder)
            + "/" + (path as NSString).lastPathComponent
        self.contents = contents
        let thread = Thread { [self] in serve() }
        thread.name = "FileChangingBetweenReads \(path)"
        thread.start()
    }

    /// How many readers have been given a copy so far.
    public var served: Int { lock.withLock { servedCount } }

    /// Stops serving (a writer waiting for a reader is released) and removes the pipe.
    public func stop() {
        lock.withLock { stopping = true }
        // A reader that opens without blocking lets a writer waiting in open() go on and see the stop.
        let release = open(path, O_RDONLY | O_NONBLOCK)
        finished.wait()
        if release >= 0 { close(release) }
        unlink(path)
    }

    private func serve() {
        defer { finished.signal() }
        while true {
            let descriptor = open(path, O_WRONLY)
            let (index, stop) = lock.withLock { (servedCount, stopping) }
            if stop {
                if descriptor >= 0 { close(descriptor) }
                return
            }
            guard descriptor >= 0 else { return }
            // Counted before the copy is written: the reader sees its end only once the copy is closed.
            lock.withLock { servedCount += 1 }
            let data = contents[min(index, contents.count - 1)]
            data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(descriptor)
            waitUntilNoOneHoldsThePipe()
        }
    }

    /// Polls /proc/*/fd until no process holds the pipe open (the reader saw the end and closed it).
    private func waitUntilNoOneHoldsThePipe() {
        while isHeldOpen() {
            if lock.withLock({ stopping }) { return }
            usleep(2_000)
        }
    }

    private func isHeldOpen() -> Bool {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for process in processes where process.allSatisfy(\.isNumber) {
            let folder = "/proc/\(process)/fd"
            guard let descriptors = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for descriptor in descriptors where (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(descriptor)")) == path {
                return true
            }
        }
        return false
    }
}
