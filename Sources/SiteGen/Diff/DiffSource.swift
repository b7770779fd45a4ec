import Foundation

/// One input folder (the library folder or the docs tree) at one state of a diff: as a commit
/// of the repository that holds it has it, or as it is on disk (the work tree, or any folder).
///
/// Git is asked through ``Git`` (`rev-parse`, `diff-tree`, `diff`, `ls-tree`,
/// `cat-file --batch`); paths are relative to the folder throughout.
struct DiffSource: Sendable {
    /// The folder on disk: where git runs, and what a disk state reads.
    let folder: String
    /// The commit, for a state read from git.
    let commit: String?
    /// What the user named (`HEAD~1`, `work tree`, a folder).
    let label: String
    let git: Git?
    /// For a commit: the folder's path in the repository, with a trailing `/` (empty at the top).
    let prefix: String
    /// For a commit: the repository's top folder.
    let root: String?

    var isCommit: Bool { commit != nil }

    /// A file that differs between two states, with its bytes at each (nil where it is absent).
    struct ChangedFile: Sendable {
        let path: String
        let old: [UInt8]?
        let new: [UInt8]?
    }

    /// The folder's place in git: its repository's top folder, its path in it (`content/library/`,
    /// empty at the top) and the commits the revs name.
    struct Repository: Sendable {
        let root: String
        let prefix: String
        let commits: [String]
    }

    /// Where `folder` sits in git and the commits `revs` name, in one `git rev-parse`; nil when
    /// the folder is in no repository. Throws `diff.unknown-rev` naming the first rev that names
    /// no commit.
    static func repository(_ folder: String, revs: [String], git: Git) throws(DiagnosticError) -> Repository? {
        // (rev-parse takes `--end-of-options` only with `--verify`, which takes one rev: a rev that
        // looks like an option is refused instead.)
        if let option = revs.first(where: { $0.hasPrefix("-") }) {
            throw DiagnosticError(.error("diff.unknown-rev", "`\(option)` is not a rev: revs do not start with `-`",
                                         hint: "name a branch, tag or commit; put options such as --images before or after the revs"))
        }
        let output = try git.run(["rev-parse", "--show-toplevel", "--show-prefix"] + revs.map { $0 + "^{commit}" }, in: folder)
        if output.succeeded {
            var lines = String(decoding: output.standardOutput, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
            if lines.last == "" { lines.removeLast() }
            if lines.count == 2 + revs.count { return Repository(root: lines[0], prefix: lines[1], commits: Array(lines.dropFirst(2))) }
        }
        // The error path: outside any repository, or which rev is unknown.
        guard try git.run(["rev-parse", "--show-toplevel"], in: folder).succeeded else { return nil }
        for rev in revs {
            let verified = try git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"], in: folder)
            if !verified.succeeded {
                throw DiagnosticError(.error("diff.unknown-rev", "`\(rev)` names no commit in the repository of \(folder)",
                                             hint: "give a branch, tag or commit of that repository (`git -C \(folder) log --oneline` lists them)"))
            }
        }
        let firstLine = output.standardError.split(separator: "\n").first.map(String.init) ?? "no message"
        throw DiagnosticError(.error("diff.git-failed", "`git rev-parse` failed in \(folder): \(firstLine)", hint: "run `git fsck` in that repository"))
    }

    static func commit(_ id: String, label: String, folder: String, in repository: Repository, git: Git) -> DiffSource {
        DiffSource(folder: folder, commit: id, label: label, git: git, prefix: repository.prefix, root: repository.root)
    }

    static func disk(_ folder: String, label: String) -> DiffSource {
        DiffSource(folder: folder, commit: nil, label: label, git: nil, prefix: "", root: nil)
    }

    /// The files under the folder that differ from `old` to `new` (two commits of one repository,
    /// a commit and its work tree, or two folders on disk), each with both versions' bytes.
    /// `directOnly`: only files directly in the folder (the library's), not in sub-folders.
    static func changes(from old: DiffSource, to new: DiffSource, directOnly: Bool) throws(DiagnosticError) -> [ChangedFile] {
        if let git = old.git, let oldCommit = old.commit {
            if let newCommit = new.commit {
                let raw = try git.run(["diff-tree", "-r", "-z", "--raw", "--no-abbrev", "--no-renames", "--relative",
                                       oldCommit, newCommit, "--", "."], in: old.folder)
                guard raw.succeeded else { throw failure(raw, command: "git diff-tree", folder: old.folder) }
                return try withBlobs(parseRaw(raw.standardOutput, directOnly: directOnly), git: git, folder: old.folder, newOnDisk: nil)
            }
            // The commit against the work tree: tracked files git sees changed, and files it does not track.
            let raw = try git.run(["diff", "-z", "--raw", "--no-abbrev", "--no-renames", "--relative", oldCommit, "--", "."], in: old.folder)
            guard raw.succeeded else { throw failure(raw, command: "git diff", folder: old.folder) }
            let untracked = try git.run(["ls-files", "-z", "--others", "--exclude-standard", "--", "."], in: old.folder)
            guard untracked.succeeded else { throw failure(untracked, command: "git ls-files", folder: old.folder) }
            var entries = parseRaw(raw.standardOutput, directOnly: directOnly)
            for path in untracked.standardOutput.split(separator: 0) {
                let name = String(decoding: path, as: UTF8.self)
                if directOnly, name.contains("/") { continue }
                entries.append((name, nil, ""))
            }
            return try withBlobs(entries, git: git, folder: old.folder, newOnDisk: new.folder)
        }
        return diskChanges(from: old.folder, to: new.folder, directOnly: directOnly)
    }

    /// `git diff --raw -z` records: path, old blob (nil when added), new blob (nil when deleted;
    /// empty when it is the work tree's file). Gitlinks (submodules) are left out.
    private static func parseRaw(_ bytes: [UInt8], directOnly: Bool) -> [(path: String, old: String?, new: String?)] {
        var entries: [(path: String, old: String?, new: String?)] = []
        let tokens = bytes.split(separator: 0, omittingEmptySubsequences: true)
        var index = 0
        while index + 1 < tokens.count {
            let fields = tokens[index].split(separator: UInt8(ascii: " "))
            let path = String(decoding: tokens[index + 1], as: UTF8.self)
            index += 2
            guard fields.count >= 5 else { continue }
            let oldMode = String(decoding: fields[0].dropFirst(), as: UTF8.self), newMode = String(decoding: fields[1], as: UTF8.self)
            if oldMode == "160000" || newMode == "160000" { continue }
            if directOnly, path.contains("/") { continue }
            let zero = String(repeating: "0", count: fields[2].count)
            let oldID = String(decoding: fields[2], as: UTF8.self), newID = String(decoding: fields[3], as: UTF8.self)
            let status = fields[4].first
            entries.append((path, status == UInt8(ascii: "A") || oldID == zero ? nil : oldID,
                            status == UInt8(ascii: "D") ? nil : (newID == zero ? "" : newID)))
        }
        return entries
    }

    /// The entries with their bytes: blobs from git in one `cat-file --batch`, the work tree's
    /// files from disk. A work-tree file git called changed but whose bytes are the same (only
    /// its stat data differed) is dropped.
    private static func withBlobs(_ entries: [(path: String, old: String?, new: String?)], git: Git, folder: String,
                                  newOnDisk: String?) throws(DiagnosticError) -> [ChangedFile] {
        var ids: [String] = []
        for entry in entries {
            if let old = entry.old { ids.append(old) }
            if let new = entry.new, !new.isEmpty { ids.append(new) }
        }
        var blobs = [[UInt8]](repeating: [], count: ids.count)
        try HistoryReader(git: git, folder: folder).streamBlobs(ids) { index, bytes in blobs[index] = Array(bytes) }
        var next = 0
        var files: [ChangedFile] = []
        for entry in entries {
            var old: [UInt8]?, new: [UInt8]?
            if entry.old != nil { old = blobs[next]; next += 1 }
            if let id = entry.new {
                if id.isEmpty {
                    new = newOnDisk.flatMap { FileInput.read($0 + "/" + entry.path) }
                } else {
                    new = blobs[next]
                    next += 1
                }
            }
            if old == new { continue }
            files.append(ChangedFile(path: entry.path, old: old, new: new))
        }
        return files
    }

    /// Two folders on disk compared file by file (hidden files and folders left out).
    private static func diskChanges(from old: String, to new: String, directOnly: Bool) -> [ChangedFile] {
        if old == new { return [] }
        let oldFiles = files(in: old, directOnly: directOnly), newFiles = files(in: new, directOnly: directOnly)
        var changed: [ChangedFile] = []
        for path in Set(oldFiles).union(newFiles).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let before = FileInput.read(old + "/" + path), after = FileInput.read(new + "/" + path)
            if before != after { changed.append(ChangedFile(path: path, old: before, new: after)) }
        }
        return changed
    }

    /// The regular files under `folder`, relative to it.
    static func files(in folder: String, directOnly: Bool) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [String] = []
        // Hidden folders are compared too (`.template-helpers/`, `.common-templates/`); git's is not.
        for name in names where name != ".git" {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder) else { continue }
            if !isFolder.boolValue {
                found.append(name)
            } else if !directOnly {
                found += files(in: folder + "/" + name, directOnly: false).map { name + "/" + $0 }
            }
        }
        return found
    }

    /// Writes the files under `paths` (relative to the folder; all when empty) as the commit has
    /// them into `destination`, so that the loaders read that state as they read any folder.
    func materialize(_ paths: [String], into destination: String) throws(DiagnosticError) {
        guard let git, let commit else { return }
        let listing = try git.run(["ls-tree", "-r", "-z", "--full-name", commit, "--"] + (paths.isEmpty ? ["."] : paths), in: folder)
        guard listing.succeeded else { throw Self.failure(listing, command: "git ls-tree", folder: folder) }
        var files: [(path: String, mode: String, id: String)] = []
        for record in listing.standardOutput.split(separator: 0) {
            // `<mode> <type> <id>\t<path>`, the path from the repository's root.
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let fields = record[..<tab].split(separator: UInt8(ascii: " "))
            var path = String(decoding: record[(tab + 1)...], as: UTF8.self)
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8), path.hasPrefix(prefix) else { continue }
            path.removeFirst(prefix.count)
            files.append((path, String(decoding: fields[0], as: UTF8.self), String(decoding: fields[2], as: UTF8.self)))
        }
        var failed: Diagnostic?
        // Each folder made once, files written with plain POSIX calls (`Data.write` syncs every
        // file to disk, which made copying a docs tree cost 200 ms).
        var made: Set<String> = [destination]
        try HistoryReader(git: git, folder: folder).streamBlobs(files.map(\.id)) { index, bytes in
            guard failed == nil else { return }
            let file = files[index]
            let target = destination + "/" + file.path
            let parent = (target as NSString).deletingLastPathComponent
            do {
                if !made.contains(parent) {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                    made.insert(parent)
                }
                if file.mode == "120000" {
                    try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: String(decoding: bytes, as: UTF8.self))
                } else {
                    try FileOutput.create(target, buffer: UnsafeRawBufferPointer(bytes))
                }
            } catch {
                failed = .error("diff.write-failed", file: target, "cannot write a file of \(label): \(error.localizedDescription)",
                                hint: "check that the temporary folder (\(NSTemporaryDirectory())) is writable and has room")
            }
        }
        if let failed { throw DiagnosticError(failed) }
    }

    /// The entries at the top of the folder that no one image owns: its files, and its folders
    /// whose names start with `.`. Only for a commit.
    func sharedEntries() throws(DiagnosticError) -> [String] {
        guard let git, let commit else { return [] }
        // `<mode> <type> <id>\t<name>`, names relative to the folder.
        let listing = try git.run(["ls-tree", "-z", commit, "--", "."], in: folder)
        guard listing.succeeded else { throw Self.failure(listing, command: "git ls-tree", folder: folder) }
        var shared: [String] = []
        for record in listing.standardOutput.split(separator: 0) {
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let isTree = record[..<tab].split(separator: UInt8(ascii: " ")).dropFirst().first?.elementsEqual("tree".utf8) ?? false
            let name = String(decoding: record[(tab + 1)...], as: UTF8.self)
            if !isTree || name.hasPrefix(".") { shared.append(name) }
        }
        return shared
    }

    private static func failure(_ output: Git.Output, command: String, folder: String) -> DiagnosticError {
        let firstLine = output.standardError.split(separator: "\n").first.map(String.init) ?? "no message"
        return DiagnosticError(.error("diff.git-failed", "`\(command)` failed in \(folder): \(firstLine)",
                                      hint: "run `git fsck` in that repository"))
    }
}
