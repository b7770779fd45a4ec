import Foundation

/// Walks the files of input sources into fingerprints: the one walker of the inputs, used by
/// the ``ChangeDetector`` (fingerprints) and by ``InputSnapshot`` (status only), so both look
/// at the same files with the same skip rules.
///
/// A file whose status matches its entry in the previous build's ``InputStatCache`` is not
/// read again. Every file counts, even one sitegen ignores, so a change can only cause more
/// work, never hide some; only version-control folders and editor scratch files (which no
/// loader reads) are skipped. A link to a folder inside the docs tree makes the walk
/// incomplete: its files would be read through the link but not fingerprinted under it.
struct InputWalker: Sendable {
    /// Whether file contents are fingerprinted. A snapshot only takes the status of each file,
    /// and none of folders (whose times move when an editor's scratch file comes and goes).
    let hashing: Bool
    private(set) var complete = true
    let previous: InputStatCache
    private(set) var next = InputStatCache()
    /// When the walk began, in nanoseconds since 1970: files changed since are not cached.
    let started: Int64

    /// Whether to keep ``observed``.
    let observing: Bool
    /// Every file (its target, for a link) and folder looked at, with its status.
    private(set) var observed: [String: InputStatCache.Entry] = [:]
    /// None of them had changed within ``InputStatCache/settledMargin`` before `started`.
    private(set) var settled = true

    init(previous: InputStatCache, observing: Bool, hashing: Bool = true) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        self.init(previous: previous, started: Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec),
                  observing: observing, hashing: hashing)
    }

    init(previous: InputStatCache, started: Int64, observing: Bool, hashing: Bool = true) {
        self.previous = previous
        self.started = started
        self.observing = observing
        self.hashing = hashing
    }

    /// A walker for part of the same walk (another thread's share).
    func share() -> InputWalker {
        InputWalker(previous: previous, started: started, observing: observing, hashing: hashing)
    }

    /// Names the walk passes over: version-control folders and editor scratch files.
    static func skips(_ name: String) -> Bool {
        name == ".git" || name == ".hg" || name == ".svn" || name.hasSuffix("~") || name.hasSuffix(".swp")
            || name.hasSuffix(".swx") || name.hasPrefix(".#") || name == "4913"
    }

    static func isFolder(_ path: String, kind: FileInput.Kind) -> Bool {
        switch kind {
        case .folder: true
        case .file: false
        case .link, .unknown: FileInput.isFolder(path)
        }
    }

    /// What another walker (of another part of the same walk) found.
    mutating func absorb(_ other: InputWalker) {
        complete = complete && other.complete
        next.merge(other.next)
        if observing {
            observed.merge(other.observed) { _, new in new }
            settled = settled && other.settled
        }
    }

    private mutating func observe(_ path: String, _ status: stat, folder: Bool = false) {
        guard observing, hashing || !folder else { return }
        let entry = InputStatCache.Entry(status, fingerprint: 0)
        if !entry.isSettled(before: started) { settled = false }
        observed[path] = entry
    }

    /// A folder about to be listed: its times move when an entry is added, removed or renamed.
    mutating func observeFolder(_ path: String) {
        guard observing else { return }
        var status = stat()
        if stat(path, &status) == 0 {
            observe(path, status, folder: true)
        } else {
            settled = false
        }
    }

    /// `path` (a file, or a folder's files in sorted order, with their relative paths); a
    /// missing or unreadable entry counts as a marker.
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

    /// ``add(_:to:)`` with the `lstat` a folder listing took, if it could.
    mutating func add(_ path: String, status: stat?, to stamp: inout Fingerprint) {
        if let status {
            add(path, status: status, to: &stamp)
        } else {
            add(path, to: &stamp)
        }
    }

    /// ``add(_:to:)`` with the entry's `lstat` already taken.
    mutating func add(_ path: String, status: stat, to stamp: inout Fingerprint) {
        if hashing { stamp.add("path " + path) }
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
            observe(path, status, folder: true)
            for (name, _, status) in FileInput.entriesWithStatus(of: path) where !Self.skips(name) {
                add(path + "/" + name, status: status, to: &stamp)
            }
        default:
            addFile(path, status: status, to: &stamp)
        }
    }

    /// An image folder: `content.md` into `content`, everything else into `files`. Returns
    /// whether the folder has a `content.md` (is an image).
    @discardableResult
    mutating func addImageFolder(_ path: String, content: inout Fingerprint, files: inout Fingerprint) -> Bool {
        observeFolder(path)
        var hasContent = false
        for (name, _, status) in FileInput.entriesWithStatus(of: path) where !Self.skips(name) {
            let entry = path + "/" + name
            if name == "content.md" {
                hasContent = true
                add(entry, status: status, to: &content)
            } else {
                var own = Fingerprint()
                add(entry, status: status, to: &own)
                files.add(own.hex)
            }
        }
        // Whether the folder is an image at all shows on the listing pages.
        files.add(hasContent ? "content.md present" : "\u{0}no content.md")
        return hasContent
    }

    private mutating func addFile(_ path: String, status: stat, to stamp: inout Fingerprint) {
        observe(path, status)
        guard hashing else { return }
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

    /// The registry data file at `path`, in parts (``RegistryDataSections``): the fingerprint of
    /// its site part, and one per image of `names` (an image the file has no part for gets the
    /// fingerprint of its absence). Entries of the stat cache under `path` and a suffix spare
    /// reading the file while its status is unchanged; a file that is missing, or is not a
    /// JSON object, gives a site fingerprint that differs from any file's.
    mutating func addRegistryData(_ path: String, images names: [String]) -> (site: Fingerprint, images: [String: String]) {
        var site = Fingerprint()
        site.add("registry data " + path)
        var status = stat()
        guard stat(path, &status) == 0 else {
            site.add("\u{0}missing")
            if observing { settled = false }
            return (site, [:])
        }
        observe(path, status)
        guard hashing else { return (site, [:]) }
        let siteKey = path + "\u{0}site"
        func imageKey(_ name: String) -> String { path + "\u{0}image\u{0}" + name }
        var images: [String: String] = [:]
        if let known = previous.fingerprint(path: siteKey, status: status) {
            var found: [String: UInt64] = [:]
            for name in names {
                guard let value = previous.fingerprint(path: imageKey(name), status: status) else { break }
                found[name] = value
            }
            if found.count == names.count {
                site.add(known)
                next.record(path: siteKey, status: status, fingerprint: known, before: started)
                for (name, value) in found {
                    images[name] = String(value, radix: 16)
                    next.record(path: imageKey(name), status: status, fingerprint: value, before: started)
                }
                return (site, images)
            }
        }
        guard let bytes = FileInput.read(path, sizeHint: Int(status.st_size)) else {
            site.add("\u{0}unreadable")
            settled = false
            return (site, [:])
        }
        guard let sections = RegistryDataSections(bytes) else {
            // Not recorded: the build fails on it, and the next build must read it again.
            site.add("\u{0}not an object")
            site.add(Fingerprint.ofContents(bytes).value)
            return (site, [:])
        }
        var own = Fingerprint()
        for part in sections.site { own.add(bytes: part) }
        site.add(own.value)
        next.record(path: siteKey, status: status, fingerprint: own.value, before: started)
        for name in names {
            let value = sections.images[name].map { Fingerprint.of($0).value } ?? Fingerprint.of("\u{0}absent".utf8).value
            images[name] = String(value, radix: 16)
            next.record(path: imageKey(name), status: status, fingerprint: value, before: started)
        }
        return (site, images)
    }
}
