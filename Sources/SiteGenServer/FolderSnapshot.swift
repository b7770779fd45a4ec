import Foundation

/// The size, modification time and identity of every file under some folders, to tell
/// whether anything changed since the last look.
///
/// Polling is portable (inotify is Linux-only, FSEvents macOS-only) and cheap for a docs tree
/// of a few thousand files. The inode is part of the stamp because editors often save by
/// writing a new file and renaming it over the old one, which can keep size and mtime.
/// Version-control folders and editor scratch files are skipped: a `git status` or an
/// unsaved swap file is not an edit.
public struct FolderSnapshot: Sendable, Equatable {
    /// What identifies one version of a file.
    public struct Stamp: Sendable, Equatable {
        let size: Int64
        let seconds: Int
        let nanoseconds: Int
        let inode: UInt64
    }

    /// Path (as found under the folder given) → stamp.
    public let files: [String: Stamp]

    /// Takes the snapshot now. A folder that does not exist contributes nothing, so one
    /// created later shows up as a change. A file named among the folders is watched itself
    /// (the `--logo-commits` table, the buildpack-deps list).
    public init(of folders: [String]) {
        var files: [String: Stamp] = [:]
        for folder in folders {
            var info = stat()
            if stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                files[folder] = Stamp(info)
            } else {
                Self.walk(folder, into: &files)
            }
        }
        self.files = files
    }

    /// Paths added, removed or changed since `earlier`, sorted.
    public func changes(since earlier: FolderSnapshot) -> [String] {
        var changed = files.filter { earlier.files[$0.key] != $0.value }.map(\.key)
        changed += earlier.files.keys.filter { files[$0] == nil }
        return changed.sorted()
    }

    private static let skippedFolders: Set<String> = [".git", ".hg", ".svn", "node_modules"]

    private static func isScratch(_ name: String) -> Bool {
        name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasPrefix(".#") || name == "4913"
    }

    private static func walk(_ folder: String, into files: inout [String: Stamp]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where !isScratch(name) {
            let path = folder + "/" + name
            var link = stat()
            guard lstat(path, &link) == 0 else { continue }
            if link.st_mode & S_IFMT == S_IFDIR {
                if !skippedFolders.contains(name) { walk(path, into: &files) }
                continue
            }
            // A link is stamped by what it points to (the docs tree links shared texts), but
            // linked folders are not entered, so a link loop cannot trap the walk.
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { continue }
            files[path] = Stamp(info)
        }
    }
}

extension FolderSnapshot.Stamp {
    init(_ info: stat) {
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        self.init(size: Int64(info.st_size), seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec),
                  inode: UInt64(info.st_ino))
    }
}
