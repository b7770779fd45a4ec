import Foundation

/// Reads whole files with plain POSIX calls: `FileManager.contents(atPath:)` stats the path
/// twice and copies through `Data`, which showed up in the profile of a no-op build, where
/// reading is all there is to do.
enum FileInput {
    /// The bytes of the file at `path`, nil when it cannot be opened or read. `sizeHint` (from
    /// a `stat` already made) saves asking again; the file may still have grown since.
    static func read(_ path: String, sizeHint: Int? = nil) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var capacity = sizeHint ?? -1
        if capacity < 0 {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { return nil }
            capacity = Int(status.st_size)
        }
        // One byte more than expected, so a single short read tells the end.
        var bytes = [UInt8](repeating: 0, count: capacity + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
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
