import Foundation

/// Writes a whole site so that the folder is always either the old site or the new one.
///
/// Files go into a hidden sibling folder first; only when every file is written is it swapped
/// with the output folder, in one atomic exchange where the system offers it (Linux
/// `renameat2`), else by two renames. A build that fails or is killed leaves the old site as
/// it was; the next build removes what a killed one left behind.
///
/// It replaces only what it made: an existing output folder must be empty or carry the marker
/// file an earlier build wrote, so a mistyped `--output` never wipes someone's files.
public struct SiteWriter: Sendable {
    /// The output folder, as the user named it.
    public let output: String

    /// The file every site carries, so a later build knows the folder is a site it may replace.
    public static let marker = ".sitegen-site"

    public init(output: String) {
        self.output = output
    }

    /// What a write did.
    public struct Summary: Sendable, Hashable {
        /// Files in the site.
        public let files: Int
        /// Their bytes.
        public let bytes: Int
        /// Files whose bytes were written (the others were carried over from the previous site).
        public let written: Int
    }

    /// Writes `files` (site-relative path → bytes) as the new site, with `manifest` describing
    /// it. Files whose fingerprint equals the one in `previous` (the manifest of the site now
    /// at the output) are carried over from the old site by hard link rather than written; when
    /// nothing changed at all, nothing is touched.
    public func write(_ files: [(path: String, bytes: [UInt8])], manifest: Manifest, previous: Manifest?) throws(Diagnostic) -> Summary {
        let target = try resolvedTarget()
        let parent = PathParts.folder(of: target)
        let prefix = Self.temporaryPrefix(for: target)
        try checkPaths(files.map(\.path))
        let total = files.reduce(0) { $0 + $1.bytes.count }
        if let previous, previous == manifest, FileManager.default.fileExists(atPath: target + "/" + Manifest.fileName),
           files.allSatisfy({ FileManager.default.fileExists(atPath: target + "/" + $0.path) }) {
            return Summary(files: files.count, bytes: total, written: 0)
        }
        try prepare(target: target, parent: parent)
        removeLeftovers(in: parent, prefix: prefix)

        let staging = parent + "/" + prefix + "new-\(getpid())"
        guard mkdir(staging, 0o777) == 0 else {
            let reason = String(cString: strerror(errno))
            throw .error("output.unwritable", file: parent, "cannot create the new site's folder beside the output: \(reason)",
                         hint: "sitegen writes the new site next to \(output) and then swaps them, so it needs write permission on \(parent); make that folder writable for you, or choose an --output in a folder you can write to")
        }
        var written = 0
        var current = ""
        do {
            var folders: Set<String> = [""]
            let marker = Array("This folder was written by sitegen build; the next build replaces it whole.\n".utf8)
            let all = files + [(Self.marker, marker), (Manifest.fileName, manifest.encoded())]
            for file in all.sorted(by: { $0.path < $1.path }) {
                current = file.path
                let folder = PathParts.folder(of: file.path)
                if folders.insert(folder).inserted {
                    try FileManager.default.createDirectory(atPath: staging + "/" + folder, withIntermediateDirectories: true)
                }
                let destination = staging + "/" + file.path
                let unchanged = previous?.files[file.path] != nil && previous?.files[file.path] == manifest.files[file.path]
                if unchanged, link(target + "/" + file.path, destination) == 0 { continue }
                try Data(file.bytes).write(to: URL(fileURLWithPath: destination))
                // The marker and the manifest are bookkeeping, not content.
                if file.path != Self.marker && file.path != Manifest.fileName { written += 1 }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw .error("output.write-failed", file: output, "writing \(current) failed: \(error.localizedDescription)",
                         hint: "the previous site is untouched; check free space and permissions, then build again")
        }
        try swap(staging, into: target, parent: parent, prefix: prefix)
        return Summary(files: files.count, bytes: total, written: written)
    }

    /// The folder to replace: `output` made absolute, with a link at its end followed (so a
    /// `site` link to the served folder updates that folder, not the link).
    private func resolvedTarget() throws(Diagnostic) -> String {
        let absolute = URL(fileURLWithPath: output).standardizedFileURL.path
        let target = SafeFileReader.realPath(absolute) ?? absolute
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if target == "/" || target == home || target == cwd || PathParts.name(of: target).isEmpty {
            throw .error("output.unsafe-folder", file: output, "refusing to replace \(target) with the site",
                         hint: "the output folder is replaced whole; give a folder of its own, such as ./site")
        }
        return target
    }

    /// Every path stays inside the site and is written once.
    private func checkPaths(_ paths: [String]) throws(Diagnostic) {
        var seen: Set<String> = []
        for path in paths {
            let cleaned = PathCleaner.clean(path)
            if cleaned != path || cleaned.hasPrefix("/") || cleaned.hasPrefix("../") || cleaned == ".." || cleaned == "." {
                throw .error("output.unsafe-path", file: output, "a page would be written at `\(path)`, outside the site or under an unclean name",
                             hint: "image, variant and category names become folder names; rename the one that makes this path")
            }
            if !seen.insert(cleaned).inserted {
                throw .error("output.path-collision", file: output, "two pages would be written at `\(path)`",
                             hint: "an image, variant or category name matches another page of the site (such as `tags` or `search`); rename it")
            }
        }
    }

    /// Refuses to replace a file or a folder that is not a site we wrote; creates the parent.
    private func prepare(target: String, parent: String) throws(Diagnostic) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .error("output.not-a-folder", file: output, "the output path is a file, not a folder",
                             hint: "pass a folder with --output (it is created if missing); sitegen will not replace a file")
            }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
            if !contents.isEmpty && !contents.contains(Self.marker) {
                throw .error("output.not-a-site", file: output,
                             "the output folder holds files sitegen did not write (no \(Self.marker) in it)",
                             hint: "sitegen replaces the output folder whole; point --output at a new or empty folder, or at a site it built before")
            }
            // Swapping needs only the parent to be writable; a folder its owner made read-only
            // says "leave this alone", and its files could not be cleared away afterwards.
            let code = access(target, W_OK) == 0 ? 0 : errno
            if code == EACCES || code == EROFS {
                let onReadOnlyDisk = code == EROFS
                throw .error("output.read-only", file: output,
                             onReadOnlyDisk ? "the output folder is on a read-only file system" : "the output folder is read-only for you",
                             hint: onReadOnlyDisk
                                ? "choose an --output on a writable disk"
                                : "sitegen replaces the whole folder; make it writable (chmod -R u+w \(output)) or choose another --output")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .error("output.unwritable", file: parent, "cannot create the folder: \(error.localizedDescription)",
                         hint: "check the --output path")
        }
    }

    /// Prefix of the temporary folders, so leftovers can be found and removed.
    static func temporaryPrefix(for target: String) -> String {
        "." + PathParts.name(of: target) + ".sitegen-"
    }

    /// Removes staging and retired folders that a killed build left beside the output; the
    /// folders of a build still running (its process alive) are left alone.
    func removeLeftovers(in parent: String, prefix: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let pid = name.split(separator: "-").last.flatMap { Int32($0) }
            if let pid, pid != getpid(), kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }

    private func swap(_ staging: String, into target: String, parent: String, prefix: String) throws(Diagnostic) {
        do {
            try FolderSwap.replace(target, with: staging, retiredPath: parent + "/" + prefix + "old-\(getpid())")
        } catch {
            throw renameFailure(error.code)
        }
    }

    private func renameFailure(_ code: Int32) -> Diagnostic {
        .error("output.swap-failed", file: output, "cannot move the new site into place: \(String(cString: strerror(code)))",
               hint: "the previous site is untouched; check permissions on the output folder and its parent")
    }
}
