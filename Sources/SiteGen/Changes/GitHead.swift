import Foundation

/// The commit checked out in a Git work tree, read from `.git` without running git: a process
/// per build would cost more than the whole no-op check.
enum GitHead {
    /// The commit checked out in the work tree holding `folder`; nil outside a work tree.
    static func commit(near folder: String) -> String? {
        var current = URL(fileURLWithPath: folder).standardizedFileURL.path
        while true {
            if let gitDir = gitDirectory(in: current) {
                return head(gitDir: gitDir)
            }
            let parent = PathParts.folder(of: current)
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// `.git` itself, or for a linked work tree or submodule the folder its `gitdir:` line names.
    private static func gitDirectory(in folder: String) -> String? {
        let git = folder + "/.git"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: git, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return git }
        guard let text = read(git), text.hasPrefix("gitdir: ") else { return nil }
        let target = String(text.dropFirst("gitdir: ".count))
        return target.hasPrefix("/") ? target : folder + "/" + target
    }

    private static func head(gitDir: String) -> String? {
        guard let head = read(gitDir + "/HEAD") else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst("ref: ".count))
        // Branches live in the common folder, which a linked work tree names in `commondir`.
        let common = read(gitDir + "/commondir").map { $0.hasPrefix("/") ? $0 : gitDir + "/" + $0 } ?? gitDir
        for candidate in [gitDir, common] {
            if let commit = read(candidate + "/" + ref) { return commit }
        }
        // A packed ref: the packed-refs file as a whole stands for it.
        let packed = FileManager.default.contents(atPath: common + "/packed-refs") ?? Data()
        return ref + " " + Fingerprint.of(packed).hex
    }

    private static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(String(decoding: $0, as: UTF8.self).trimmingWhitespace()) }
    }
}
