import Foundation
import Glibc
import Vocabulary

/// A bundle folder as AGE may read it: plain files only, and not too many or too large.
///
/// `open` looks at every entry with `lstat` before any file is read, and refuses the whole
/// bundle when one entry is a symbolic link (to a file or a folder), a device, a FIFO or a
/// socket, a file with a second hard link (it may be a file outside the folder), a folder
/// other than `evidence/` and `screenshots/`, or more bytes than `Limits` allow. `read` then opens each file
/// with `O_NOFOLLOW` below a folder descriptor opened the same way, and checks it is still
/// the plain file that was listed, so nothing swapped in after the listing is followed.
public struct BundleFolder: Sendable {
    /// How much a bundle may hold. The defaults are far above what a run writes (a chapter 9
    /// run's HAR is under 1 MiB, a full catalogue run's a few MiB).
    public struct Limits: Sendable, Equatable {
        /// Any one file: report.json, report.html, a HAR.
        public var fileBytes: Int
        /// Every file together.
        public var totalBytes: Int
        public var fileCount: Int

        public init(fileBytes: Int, totalBytes: Int, fileCount: Int) {
            self.fileBytes = fileBytes
            self.totalBytes = totalBytes
            self.fileCount = fileCount
        }

        public static let standard = Limits(fileBytes: 64 << 20, totalBytes: 256 << 20, fileCount: 256)
    }

    public let root: URL
    public let limits: Limits
    /// Every file, bundle-relative and `/`-separated, with its size.
    public let sizes: [String: Int]

    public var paths: Set<String> { Set(sizes.keys) }

    /// Lists the folder and refuses it when it holds anything but plain files.
    /// Throws `bundleUnreadable` when the folder is missing, `bundleNotPlain` or
    /// `bundleTooLarge` for what it holds.
    public static func open(_ directory: URL, limits: Limits = .standard) throws(HarnessError) -> BundleFolder {
        var status = stat()
        guard stat(directory.path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw HarnessError(.bundleUnreadable, "\(directory.path): no such bundle folder")
        }
        var sizes: [String: Int] = [:]
        try list(directory.path, prefix: "", depth: 0, into: &sizes)
        if sizes.count > limits.fileCount {
            throw HarnessError(.bundleTooLarge,
                "the bundle holds \(sizes.count) files; a bundle holds at most \(limits.fileCount) (the reports, the HAR evidence and the manifest)")
        }
        if let large = sizes.sorted(by: { $0.key < $1.key }).first(where: { $0.value > limits.fileBytes }) {
            throw HarnessError(.bundleTooLarge,
                "\(large.key) is \(large.value) bytes; a bundle file may be at most \(limits.fileBytes) bytes. Split the evidence into several runs")
        }
        let total = sizes.values.reduce(0, +)
        if total > limits.totalBytes {
            throw HarnessError(.bundleTooLarge,
                "the bundle's files come to \(total) bytes; a bundle may hold at most \(limits.totalBytes). Split the evidence into several bundles")
        }
        return BundleFolder(root: directory, limits: limits, sizes: sizes)
    }

    /// The bytes of one listed file. Throws `bundleUnreadable` when it is gone, and
    /// `bundleNotPlain` or `bundleTooLarge` when what is there now is not what was listed.
    public func read(_ path: String) throws(HarnessError) -> Data {
        guard sizes[path] != nil else {
            throw HarnessError(.bundleUnreadable, "\(path) is not in the bundle")
        }
        let components = path.split(separator: "/").map(String.init)
        var directory = Glibc.open(root.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw HarnessError(.bundleUnreadable, "\(root.path): the bundle folder cannot be opened (\(String(cString: strerror(errno))))")
        }
        for component in components.dropLast() {
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let failure = errno
            close(directory)
            guard next >= 0 else { throw Self.openFailure(path, errno: failure) }
            directory = next
        }
        // O_NONBLOCK: a FIFO put in place after the listing must not block the open.
        let descriptor = openat(directory, components.last ?? "", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        let failure = errno
        close(directory)
        guard descriptor >= 0 else { throw Self.openFailure(path, errno: failure) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_nlink == 1 else {
            throw HarnessError(.bundleNotPlain, "\(path) is no longer the plain file that was listed; it was not read")
        }
        guard Int(status.st_size) <= limits.fileBytes else {
            throw HarnessError(.bundleTooLarge, "\(path) is \(status.st_size) bytes; a bundle file may be at most \(limits.fileBytes) bytes")
        }
        var data = Data(count: Int(status.st_size) + 1)
        var filled = 0
        while true {
            let count = data.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw HarnessError(.bundleUnreadable, "\(path): cannot be read (\(String(cString: strerror(errno))))")
            }
            if count == 0 { break }
            filled += count
            if filled == data.count {
                throw HarnessError(.bundleTooLarge, "\(path) grew while it was read; it was not used")
            }
        }
        return data.prefix(filled)
    }

    private static func openFailure(_ path: String, errno code: Int32) -> HarnessError {
        if code == ELOOP || code == ENOTDIR {
            return HarnessError(.bundleNotPlain, "\(path) is now a symbolic link or not where it was listed; it was not read")
        }
        return HarnessError(.bundleUnreadable, "\(path): cannot be opened (\(String(cString: strerror(code))))")
    }

    /// Lists `directory` with `lstat`: plain files are kept, `evidence/` and `screenshots/` are entered, and
    /// anything else refuses the bundle.
    private static func list(_ directory: String, prefix: String, depth: Int, into sizes: inout [String: Int]) throws(HarnessError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw HarnessError(.bundleUnreadable, "\(directory): the bundle folder cannot be listed")
        }
        for name in names.sorted() {
            let relative = prefix + name
            var status = stat()
            guard lstat(directory + "/" + name, &status) == 0 else {
                throw HarnessError(.bundleUnreadable, "\(relative): cannot be examined (\(String(cString: strerror(errno))))")
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                guard status.st_nlink == 1 else {
                    throw HarnessError(.bundleNotPlain,
                        "\(relative) has \(status.st_nlink) hard links, so it may be a file outside the bundle; it was not read. A bundle holds plain files only: copy it with `cp -r`, not `cp -l`")
                }
                sizes[relative] = Int(status.st_size)
            case S_IFDIR where depth == 0 && BundleWriter.folders.contains(name):
                try list(directory + "/" + name, prefix: relative + "/", depth: depth + 1, into: &sizes)
            case S_IFDIR:
                throw HarnessError(.bundleNotPlain,
                    "\(relative)/ is a folder; a bundle holds its reports, \(BundleWriter.evidenceDirectory)/ (HAR files) and \(RunPictures.screenshotsDirectory)/ (pictures), no other folder")
            case S_IFLNK:
                throw HarnessError(.bundleNotPlain,
                    "\(relative) is a symbolic link; a bundle holds plain files only, so it was not followed and nothing was read")
            default:
                throw HarnessError(.bundleNotPlain,
                    "\(relative) is \(kind(status.st_mode)), not a plain file; a bundle holds plain files only, so nothing was read")
            }
        }
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }
}
