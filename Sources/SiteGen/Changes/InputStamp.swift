import DefaultTheme
import Foundation

/// Fingerprints of every byte a build reads, taken before anything is parsed: one for what the
/// whole site depends on (the docs tree outside image folders, library files of no image, the
/// option files, the theme, the settings, the sitegen binary and, when logo commits come from
/// Git, the commit checked out), and two per image folder (with its library file): one of all
/// of it, and one of all but `content.md`.
///
/// Against the stamps the previous build stored in its manifest they decide how much work a
/// build has left: none when every stamp matches (a no-op build reads the inputs once and
/// parses nothing); only the changed images' own pages when nothing but some `content.md`
/// files changed (the text no listing page shows); else a full build. They over-approximate on
/// purpose: every file in those folders counts, even one sitegen ignores, so a change can only
/// cause more work, never hide some.
struct InputStamp: Sendable, Equatable {
    /// Stamps of one image folder and its library file.
    struct ImageStamp: Codable, Sendable, Equatable {
        /// Everything the image's own pages are made from.
        let all: String
        /// The same without `content.md`'s text (its presence still counts): what the listing
        /// pages and the other images' pages may read.
        let listing: String
    }

    let global: String
    let images: [String: ImageStamp]
    /// Whether the stamps can be trusted: not when the docs tree holds a link to a folder,
    /// whose files would be read through the link but not stamped under it.
    let complete: Bool

    /// All of it in one value: equal exactly when nothing read has changed.
    var hex: String {
        var combined = Fingerprint()
        combined.add(global)
        for (name, stamp) in images.sorted(by: { $0.key < $1.key }) {
            combined.add(name)
            combined.add(stamp.all)
        }
        return combined.hex
    }

    /// The per-file fingerprints this stamp was made from, for the next build to trust (see
    /// ``InputStatCache``).
    let statCache: InputStatCache

    /// With `observing`: every file and folder the stamp looked at, with its status then, and
    /// the Git commit it took; see ``unchangedSinceTaken()``.
    private let observed: Observed?

    private struct Observed: Sendable, Equatable {
        var entries: [String: InputStatCache.Entry]
        /// No file or folder had changed shortly before the stamp began.
        var settled: Bool
        var gitHead: String?
        var docsPath: String
    }

    /// The stamp of the inputs `options` name; files unchanged since `previous` (by size, inode
    /// and times) are not read again. `observing` keeps what ``unchangedSinceTaken()`` needs,
    /// for a stamp taken while the build reads the same files.
    init(options: SiteBuilder.Options, previous: InputStatCache = InputStatCache(), observing: Bool = false) {
        var walker = Walker(previous: previous, observing: observing)
        var global = Fingerprint()
        global.add("input-stamp 4")
        global.add(BuildFingerprints.executableStamp)
        let settings = options.settings
        global.add(settings.title)
        global.add(settings.baseURL ?? "\u{0}none")
        global.add(settings.sourceLabel)
        let loader = options.loader
        // The default theme's files sit beside the binary and can change without it.
        walker.add(DefaultTheme.folder.path, to: &global)
        for path in [loader.logoCommitsPath, loader.buildpackDepsImagesPath, options.theme] {
            guard let path else {
                global.add("\u{0}none")
                continue
            }
            walker.add(path, to: &global)
        }
        var gitHead: String?
        if loader.logoCommitsPath == nil {
            // Logo URLs then name the last commit that touched each logo: a new HEAD may change them.
            gitHead = Self.gitHead(near: loader.docsPath)
            global.add(gitHead ?? "\u{0}no-git")
        }

        // Image folders: the docs root's visible folders. Everything else there is shared.
        let docs = loader.docsPath
        var imageStamps: [String: (all: Fingerprint, listing: Fingerprint)] = [:]
        global.add("docs " + docs)
        walker.observeFolder(docs)
        var imageFolders: [String] = []
        for (name, kind) in FileInput.entries(of: docs) {
            let path = docs + "/" + name
            if !name.hasPrefix("."), Walker.isFolder(path, kind: kind) {
                imageFolders.append(name)
            } else {
                global.add(name)
                walker.add(path, to: &global)
            }
        }
        // Image folders are stamped on all cores: a no-op build is mostly these `stat` calls.
        let started = walker.started
        let folderStamps = ParallelMap.map(imageFolders, jobs: options.jobs) { name in
            var folderWalker = Walker(previous: previous, started: started, observing: observing)
            var all = Fingerprint()
            var listing = Fingerprint()
            folderWalker.addImageFolder(docs + "/" + name, all: &all, listing: &listing)
            return (all: all, listing: listing, walker: folderWalker)
        }
        for (name, stamps) in zip(imageFolders, folderStamps) {
            imageStamps[name] = (stamps.all, stamps.listing)
            walker.absorb(stamps.walker)
        }
        let library = loader.libraryPath
        global.add("library " + library)
        // Library files on all cores too: a cold build reads every one of them here.
        walker.observeFolder(library)
        let libraryEntries = FileInput.entriesWithStatus(of: library)
        let libraryStamps = ParallelMap.map(libraryEntries, jobs: options.jobs) { entry in
            var fileWalker = Walker(previous: previous, started: started, observing: observing)
            var own = Fingerprint()
            fileWalker.add(library + "/" + entry.name, status: entry.status, to: &own)
            return (own: own, walker: fileWalker)
        }
        for (entry, stamp) in zip(libraryEntries, libraryStamps) {
            walker.absorb(stamp.walker)
            if var stamps = imageStamps[entry.name] {
                stamps.all.add(stamp.own.hex)
                stamps.listing.add(stamp.own.hex)
                imageStamps[entry.name] = stamps
            } else {
                // The file's stamp stands for its bytes, as it does for an image's library file.
                global.add(entry.name)
                global.add(stamp.own.hex)
            }
        }
        // An image folder whose library file is missing or was removed differs from one with it.
        self.global = global.hex
        images = imageStamps.mapValues { ImageStamp(all: $0.all.hex, listing: $0.listing.hex) }
        complete = walker.complete
        statCache = walker.next
        observed = observing ? Observed(entries: walker.observed, settled: walker.settled, gitHead: gitHead, docsPath: docs) : nil
    }

    /// Whether every file and folder this stamp looked at is still as it was then, and was
    /// already so a while before: then the stamp describes the bytes any reader of those files
    /// saw between the stamp's start and now. A stamp taken while the build reads the same
    /// files (a cold build does not wait for it) stands in the manifest only if this holds;
    /// otherwise the next build cannot take the site for current on the stamp's word.
    /// False for a stamp made without `observing`.
    func unchangedSinceTaken(jobs: Int) -> Bool {
        guard let observed, observed.settled else { return false }
        let unchanged = ParallelMap.map(Array(observed.entries), jobs: jobs) { path, entry in
            var status = stat()
            return stat(path, &status) == 0 && InputStatCache.Entry(status, fingerprint: 0).matches(entry)
        }
        guard unchanged.allSatisfy({ $0 }) else { return false }
        return observed.gitHead == nil || Self.gitHead(near: observed.docsPath) == observed.gitHead
    }

    /// The cache as a file of the site.
    var statCacheFile: SiteWriter.File {
        var cache = statCache
        cache.stamp = complete ? hex : nil
        return SiteWriter.File(InputStatCache.fileName, cache.encoded())
    }

    /// Adds files to fingerprints, noting links to folders.
    private struct Walker: Sendable {
        var complete = true
        let previous: InputStatCache
        var next = InputStatCache()
        /// When the walk began, in nanoseconds since 1970: files changed since are not cached.
        let started: Int64

        /// Whether to keep ``observed``.
        let observing: Bool
        /// Every file (its target, for a link) and folder looked at, with its status.
        var observed: [String: InputStatCache.Entry] = [:]
        /// None of them had changed within ``InputStatCache/settledMargin`` before `started`.
        var settled = true

        init(previous: InputStatCache, observing: Bool) {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            self.init(previous: previous, started: Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec), observing: observing)
        }

        init(previous: InputStatCache, started: Int64, observing: Bool) {
            self.previous = previous
            self.started = started
            self.observing = observing
        }

        /// What another walker (of some image folders) found.
        mutating func absorb(_ other: Walker) {
            complete = complete && other.complete
            next.merge(other.next)
            if observing {
                observed.merge(other.observed) { _, new in new }
                settled = settled && other.settled
            }
        }

        private mutating func observe(_ path: String, _ status: stat) {
            guard observing else { return }
            let entry = InputStatCache.Entry(status, fingerprint: 0)
            if !entry.isSettled(before: started) { settled = false }
            observed[path] = entry
        }

        /// A folder about to be listed: its times move when an entry is added, removed or renamed.
        mutating func observeFolder(_ path: String) {
            guard observing else { return }
            var status = stat()
            if stat(path, &status) == 0 {
                observe(path, status)
            } else {
                settled = false
            }
        }

        static func isFolder(_ path: String, kind: FileInput.Kind) -> Bool {
            switch kind {
            case .folder: true
            case .file: false
            case .link, .unknown: FileInput.isFolder(path)
            }
        }

        /// `path` (a file, or a folder's files in sorted order, with their relative paths).
        /// `.git` folders are skipped; a missing or unreadable entry counts as a marker.
        mutating func add(_ path: String, to stamp: inout Fingerprint) {
            var status = stat()
            guard lstat(path, &status) == 0 else {
                stamp.add("path " + path)
                stamp.add("\u{0}missing")
                // Nothing to compare with later, should it appear.
                if observing { settled = false }
                return
            }
            add(path, status: status, to: &stamp)
        }

        /// ``add(_:to:)`` with the `lstat` the folder listing took, if it could.
        mutating func add(_ path: String, status: stat?, to stamp: inout Fingerprint) {
            if let status {
                add(path, status: status, to: &stamp)
            } else {
                add(path, to: &stamp)
            }
        }

        /// ``add(_:to:)`` with the entry's `lstat` already taken.
        mutating func add(_ path: String, status: stat, to stamp: inout Fingerprint) {
            stamp.add("path " + path)
            switch status.st_mode & S_IFMT {
            case S_IFLNK:
                var target = stat()
                guard stat(path, &target) == 0 else {
                    stamp.add("\u{0}missing")
                    if observing { settled = false }
                    return
                }
                if target.st_mode & S_IFMT == S_IFDIR {
                    complete = false
                    return
                }
                addFile(path, status: target, to: &stamp)
            case S_IFDIR:
                observe(path, status)
                for (name, _, status) in FileInput.entriesWithStatus(of: path) where name != ".git" {
                    add(path + "/" + name, status: status, to: &stamp)
                }
            default:
                addFile(path, status: status, to: &stamp)
            }
        }

        /// An image folder: `content.md` only into `all`, everything else into both.
        mutating func addImageFolder(_ path: String, all: inout Fingerprint, listing: inout Fingerprint) {
            observeFolder(path)
            for (name, _, status) in FileInput.entriesWithStatus(of: path) where name != ".git" {
                let entry = path + "/" + name
                if name == "content.md" {
                    listing.add("content.md present")
                    add(entry, status: status, to: &all)
                } else {
                    var own = Fingerprint()
                    add(entry, status: status, to: &own)
                    all.add(own.hex)
                    listing.add(own.hex)
                }
            }
        }

        private mutating func addFile(_ path: String, status: stat, to stamp: inout Fingerprint) {
            observe(path, status)
            if let known = previous.fingerprint(path: path, status: status) {
                stamp.add(known)
                next.record(path: path, status: status, fingerprint: known, before: started)
                return
            }
            guard let bytes = FileInput.read(path, sizeHint: Int(status.st_size)) else {
                stamp.add("\u{0}unreadable")
                settled = false
                return
            }
            let fingerprint = Fingerprint.ofContents(bytes).value
            stamp.add(fingerprint)
            next.record(path: path, status: status, fingerprint: fingerprint, before: started)
        }
    }

    /// The commit checked out in the Git work tree holding `folder`, read from `.git` without
    /// running git (a process per build would cost more than the whole no-op check); nil
    /// outside a work tree.
    static func gitHead(near folder: String) -> String? {
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
