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
        /// Files whose bytes were written (the others were carried over from the previous site,
        /// or from the spare copy of the site before it).
        public let written: Int
        /// Files of the site as it now is that differ from the site as it was: new, changed or
        /// gone. Not ``written``: a build back to the site before last takes its files from the
        /// spare copy, writing none, and changes as many as it changes.
        public var changed = 0
    }

    /// One file of a new site: its bytes, or the word that the old site's file at the same
    /// path is already right (so it is neither read nor rendered again).
    public struct File: Sendable {
        public enum Content: Sendable {
            case bytes([UInt8])
            /// The previous site's file, whose fingerprint the previous manifest records.
            case unchanged(fingerprint: String)
        }

        public let path: String
        public let content: Content

        public init(_ path: String, _ bytes: [UInt8]) {
            self.path = path
            content = .bytes(bytes)
        }

        public init(_ path: String, unchanged fingerprint: String) {
            self.path = path
            content = .unchanged(fingerprint: fingerprint)
        }
    }

    /// Starts a new site: files can then be put into it as they are made (``Staging/put(_:_:)``,
    /// from any thread), so a build need not hold the whole site in memory, and
    /// ``Staging/finish(_:manifest:bookkeeping:)`` swaps it in. Nothing on disk changes before
    /// the first file is put.
    public func begin(previous: Manifest?) throws(Diagnostic) -> Staging {
        let target = try resolvedTarget()
        // Refusals (a folder sitegen did not write, a read-only one) come now, before any
        // page is rendered, and once.
        try prepare(target: target, parent: PathParts.folder(of: target))
        return Staging(writer: self, target: target, previous: previous)
    }

    /// Makes the staging folder: the spare site of the build before last when there is one
    /// (only the files that differ need touching), else a new empty folder. Returns its path
    /// and the recycled site's manifest.
    func makeStaging(target: String, previous: Manifest?) throws(Diagnostic) -> (path: String, recycled: Manifest?) {
        let parent = PathParts.folder(of: target)
        let prefix = Self.temporaryPrefix(for: target)
        removeLeftovers(in: parent, prefix: prefix)
        let staging = parent + "/" + prefix + "new-\(getpid())"
        // A clean build (no previous manifest) starts from nothing.
        let recycled = previous == nil ? nil : claimSpare(parent + "/" + prefix + Self.spareSuffix, as: staging)
        if recycled == nil {
            guard mkdir(staging, 0o777) == 0 else {
                let reason = String(cString: strerror(errno))
                throw .error("output.unwritable", file: parent, "cannot create the new site's folder beside the output: \(reason)",
                             hint: "sitegen writes the new site next to \(output) and then swaps them, so it needs write permission on \(parent); make that folder writable for you, or choose an --output in a folder you can write to")
            }
        }
        return (staging, recycled)
    }

    func writeFailure(_ path: String, _ error: any Error) -> Diagnostic {
        .error("output.write-failed", file: output, "writing \(path) failed: \(FileProblem.reason(error, path: output + "/" + path))",
               hint: "the previous site is untouched; check free space and permissions, then build again")
    }

    func swapIn(_ staging: String, target: String) throws(Diagnostic) {
        try swap(staging, into: target, parent: PathParts.folder(of: target), prefix: Self.temporaryPrefix(for: target))
    }

    /// The path as it may be written: inside the site, under a clean name.
    func checkPath(_ path: String) throws(Diagnostic) {
        // The common case, checked on the bytes: a relative path of plain names. Every file of
        // every build comes through here.
        if Self.isPlainRelativePath(path) { return }
        let cleaned = PathCleaner.clean(path)
        if cleaned != path || cleaned.hasPrefix("/") || cleaned.hasPrefix("../") || cleaned == ".." || cleaned == "." {
            throw .error("output.unsafe-path", file: output, "a page would be written at `\(path)`, outside the site or under an unclean name",
                         hint: "image, variant and category names become folder names; rename the one that makes this path")
        }
    }

    /// Non-empty names joined by single slashes, none of them `.` or `..`.
    static func isPlainRelativePath(_ path: String) -> Bool {
        var componentLength = 0
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if componentLength == 0 || componentLength == dots && dots <= 2 { return false }
                componentLength = 0
                dots = 0
            } else {
                componentLength += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return componentLength > 0 && !(componentLength == dots && dots <= 2)
    }

    func collision(_ path: String) -> Diagnostic {
        .error("output.path-collision", file: output, "two pages would be written at `\(path)`",
               hint: "an image, variant or category name matches another page of the site (such as `tags` or `search`); rename it")
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
            throw .error("output.unwritable", file: parent, "cannot create the folder: \(FileProblem.reason(error, path: parent, folder: true))",
                         hint: "check the --output path")
        }
    }

    /// The name (after the prefix) of the previous generation kept beside the output.
    static let spareSuffix = "spare"

    /// Takes the spare generation for `staging`, if it is a whole site with a manifest: renamed
    /// first (so a build killed from here on leaves a staging folder, which is removed, never a
    /// spare half made over), then stripped of its manifest. Nil when there is none to use.
    func claimSpare(_ spare: String, as staging: String) -> Manifest? {
        guard access(spare, F_OK) == 0 else { return nil }
        guard let manifest = Manifest.load(from: spare), rename(spare, staging) == 0 else {
            try? FileManager.default.removeItem(atPath: spare)
            return nil
        }
        unlink(staging + "/" + Manifest.fileName)
        return manifest
    }

    /// Removes from a recycled folder the files the new site does not have, and the folders
    /// that leaves empty.
    func removeStale(_ recycled: Manifest, keeping manifest: Manifest, in staging: String) {
        for path in recycled.files.keys where manifest.files[path] == nil {
            unlink(staging + "/" + path)
            var folder = PathParts.folder(of: path)
            // rmdir fails on a folder that still holds something, which ends the climb.
            while !folder.isEmpty, rmdir(staging + "/" + folder) == 0 {
                folder = PathParts.folder(of: folder)
            }
        }
    }

    /// Removes the site this writer writes, with the previous generation it keeps beside it
    /// and any staging folder a build left: for a preview's temporary site when the preview
    /// stops. Only a folder sitegen wrote (it holds the marker file) is removed.
    public func removeSite() {
        let target = URL(fileURLWithPath: output).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: target + "/" + Self.marker) else { return }
        let parent = PathParts.folder(of: target)
        let prefix = Self.temporaryPrefix(for: target)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
        try? FileManager.default.removeItem(atPath: target)
    }

    /// Prefix of the temporary folders, so leftovers can be found and removed.
    static func temporaryPrefix(for target: String) -> String {
        "." + PathParts.name(of: target) + ".sitegen-"
    }

    /// Removes staging and retired folders that a killed build left beside the output; the
    /// folders of a build still running (its process alive) are left alone.
    func removeLeftovers(in parent: String, prefix: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(prefix) && name != prefix + Self.spareSuffix {
            let pid = name.split(separator: "-").last.flatMap { Int32($0) }
            if let pid, pid != getpid(), kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }

    private func swap(_ staging: String, into target: String, parent: String, prefix: String) throws(Diagnostic) {
        do {
            try FolderSwap.replace(target, with: staging, retiredPath: parent + "/" + prefix + "old-\(getpid())",
                                   keepingOldAt: parent + "/" + prefix + Self.spareSuffix)
        } catch {
            throw renameFailure(error.code)
        }
    }

    private func renameFailure(_ code: Int32) -> Diagnostic {
        .error("output.swap-failed", file: output, "cannot move the new site into place: \(String(cString: strerror(code)))",
               hint: "the previous site is untouched; check permissions on the output folder and its parent")
    }
}
