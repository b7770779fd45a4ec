import Foundation

/// Reads whole files with plain POSIX calls: `FileManager.contents(atPath:)` stats the path
/// twice and copies through `Data`, and a no-op build does little but read its inputs.
enum FileInput {
    /// The bytes of the file at `path`, nil when it cannot be opened or read. `sizeHint` (from
    /// a `stat` already made) saves asking again; the file may still have grown since.
    static func read(_ path: String, sizeHint: Int? = nil) -> [UInt8]? {
        guard let sizeHint, sizeHint >= 0 else { return readWithStatus(path)?.bytes }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return readAll(descriptor, capacity: sizeHint)
    }

    /// The whole file at `path`, with its status as `fstat` gave it just before the read;
    /// nil when it cannot be opened or read.
    static func readWithStatus(_ path: String) -> (bytes: [UInt8], status: stat)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, let bytes = readAll(descriptor, capacity: Int(status.st_size)) else { return nil }
        return (bytes, status)
    }

    /// Whether `path` is a folder, after links.
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// What reading a file with a size limit found.
    enum Limited {
        case bytes([UInt8])
        /// Nothing at the path (or a dangling link).
        case missing
        /// There, but `open` refused (permissions, mostly).
        case cannotOpen(errno: Int32)
        case folder
        /// Larger than the limit: its size, none of it read.
        case tooLarge(Int)
        case unreadable(errno: Int32)
    }

    /// The bytes of the file at `path` when it holds at most `limit` bytes: one `open`, one
    /// `fstat` and (for a file that does not grow meanwhile) one `read`. A file larger than
    /// the limit is refused from its size, unread.
    static func read(_ path: String, limit: Int) -> Limited {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return errno == ENOENT ? .missing : .cannotOpen(errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .unreadable(errno: errno) }
        if status.st_mode & S_IFMT == S_IFDIR { return .folder }
        let size = Int(status.st_size)
        if size > limit { return .tooLarge(size) }
        // One byte past the limit at most: enough to tell a file that grew past it.
        guard let bytes = readAll(descriptor, capacity: size, upTo: limit + 1) else { return .unreadable(errno: errno) }
        // The file grew past the limit after the `fstat`.
        if bytes.count > limit { return .tooLarge(bytes.count) }
        return .bytes(bytes)
    }

    /// Reads `descriptor` to its end, or until `maxCount` bytes; `capacity` is how many are
    /// expected (one more is asked for, so a single short read tells the end).
    private static func readAll(_ descriptor: Int32, capacity: Int, upTo maxCount: Int = .max) -> [UInt8]? {
        let expected = min(capacity == .max ? capacity : capacity + 1, maxCount)
        guard var bytes = readBytes(descriptor, count: expected) else { return nil }
        // The file is longer than its status said (it grew meanwhile): the rest in blocks.
        guard bytes.count == expected else { return bytes }
        while bytes.count < maxCount {
            guard let more = readBytes(descriptor, count: min(64 * 1024, maxCount - bytes.count)) else { return nil }
            if more.isEmpty { break }
            bytes += more
        }
        return bytes
    }

    /// The bytes of `range` of the file open as `descriptor`; nil when it cannot be read or
    /// ends before the range does.
    static func read(_ descriptor: Int32, range: Range<Int>) -> [UInt8]? {
        guard let bytes = readBytes(descriptor, count: range.count, at: range.lowerBound), bytes.count == range.count else { return nil }
        return bytes
    }

    /// Up to `count` bytes of `descriptor`, from `offset` (`pread`) or from where it stands
    /// (`read`); fewer where the file ends; nil on an error. The one read loop of this type.
    ///
    /// Into memory left uninitialized: filling it with zeros first would write every page of
    /// a file of megabytes once more before the kernel does.
    private static func readBytes(_ descriptor: Int32, count: Int, at offset: Int? = nil) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < count {
                let got = if let offset {
                    pread(descriptor, base + initialized, count - initialized, off_t(offset + initialized))
                } else {
                    Foundation.read(descriptor, base + initialized, count - initialized)
                }
                if got < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                if got == 0 { return }
                initialized += got
            }
        }
        return failed ? nil : bytes
    }

    /// The first `count` bytes of the file at `path` (all of it when shorter); nil when it
    /// cannot be opened or read.
    static func head(_ path: String, count: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return readAll(descriptor, capacity: count, upTo: count)
    }

    /// The names in `folder` (not `.` and `..`), sorted, each with whether the directory entry
    /// says it is a folder, a link or something else; empty when the folder cannot be read.
    static func entries(of folder: String) -> [(name: String, kind: Kind)] {
        entriesWithStatus(of: folder, status: false).map { ($0.name, $0.kind) }
    }

    /// ``entries(of:)`` with each entry's `lstat`, taken relative to the open folder: a path
    /// lookup of one component instead of the whole path (a no-op build stats every input).
    static func entriesWithStatus(of folder: String) -> [(name: String, kind: Kind, status: stat?)] {
        entriesWithStatus(of: folder, status: true)
    }

    private static func entriesWithStatus(of folder: String, status wantStatus: Bool) -> [(name: String, kind: Kind, status: stat?)] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        let descriptor = dirfd(directory)
        var result: [(name: String, kind: Kind, status: stat?)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let kind: Kind = switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): .folder
            case Int32(DT_LNK): .link
            case Int32(DT_REG): .file
            default: .unknown
            }
            var status = stat()
            let statusResult = wantStatus && fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 ? status : nil
            result.append((name, kind, statusResult))
        }
        result.sort { $0.name < $1.name }
        return result
    }

    enum Kind: Sendable {
        case file, folder, link
        /// The file system did not say (some do not fill `d_type`): ask `lstat`.
        case unknown
    }
}
