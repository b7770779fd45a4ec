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
    /// its site part, one per image of `names` (an image the file has no part for gets the
    /// fingerprint of its absence), and where the parts are (nil for a file changed too
    /// recently to trust its status, one without `images`, or one that could not be read).
    /// Entries of the stat cache under `path` and a suffix spare reading the file while its
    /// status is unchanged; a file that is missing, or is not a JSON object, gives a site
    /// fingerprint that differs from any file's. With `shared` (a cold build), the bytes are the
    /// ones the build's load decodes, and what is recorded and observed is the status taken as
    /// they were read; the stat cache is not asked, since the load reads the whole file anyway.
    mutating func addRegistryData(_ path: String, images names: [String], read shared: RegistryDataRead? = nil)
        -> (site: Fingerprint, images: [String: String], layout: RegistryDataSections.Layout?) {
        var site = Fingerprint()
        site.add("registry data " + path)
        var status = stat()
        guard stat(path, &status) == 0 else {
            site.add("\u{0}missing")
            if observing { settled = false }
            return (site, [:], nil)
        }
        observe(path, status)
        guard hashing else { return (site, [:], nil) }
        var entry = InputStatCache.Entry(status, fingerprint: 0)
        var trusted = entry.isSettled(before: started)
        if shared == nil, let (own, images, layout) = recordedRegistryData(path, status: status, names: names) {
            site.add(own)
            record(registryData: path, status: status, own: own, images: images, layout: layout)
            return (site, images.mapValues { String($0, radix: 16) }, trusted ? layout : nil)
        }
        let bytes: [UInt8], sections: RegistryDataSections?
        if let contents = shared?.value() {
            // What is recorded, and what must still hold when the build ends.
            (bytes, sections, status) = (contents.bytes, contents.sections, contents.status)
            observe(path, status)
            entry = InputStatCache.Entry(status, fingerprint: 0)
            trusted = entry.isSettled(before: started)
        } else if shared == nil, let read = FileInput.read(path, sizeHint: Int(status.st_size)) {
            (bytes, sections) = (read, RegistryDataSections(read))
        } else {
            site.add("\u{0}unreadable")
            settled = false
            return (site, [:], nil)
        }
        guard let sections else {
            // Not recorded: the build fails on it, and the next build must read it again.
            site.add("\u{0}not an object")
            site.add(Fingerprint.ofContents(bytes).value)
            return (site, [:], nil)
        }
        var own = Fingerprint()
        for part in sections.site { own.add(Fingerprint.ofContents(part).value) }
        site.add(own.value)
        var images: [String: UInt64] = [:]
        for name in names {
            images[name] = sections.images[name].map { Fingerprint.ofContents($0).value } ?? Fingerprint.of("\u{0}absent".utf8).value
        }
        let layout = sections.layout(status: entry)
        record(registryData: path, status: status, own: own.value, images: images, layout: layout)
        return (site, images.mapValues { String($0, radix: 16) }, trusted ? layout : nil)
    }

    // The stat cache's entries for the registry data file, under its path and a suffix: the
    // site part's fingerprint, each image's, and the layout (a range as `start << 32 | count`,
    // an absent image as `UInt64.max`, and the number of site members).

    private static func registryKey(_ path: String, _ suffix: String) -> String { path + "\u{0}" + suffix }

    private static func packed(_ range: Range<Int>?) -> UInt64? {
        guard let range else { return .max }
        guard range.lowerBound >= 0, range.lowerBound < 1 << 32, range.count < (1 << 32) - 1 else { return nil }
        return UInt64(range.lowerBound) << 32 | UInt64(range.count)
    }

    private static func unpacked(_ value: UInt64) -> Range<Int>? {
        guard value != .max else { return nil }
        let start = Int(value >> 32)
        return start..<(start + Int(value & 0xFFFF_FFFF))
    }

    /// What the previous build recorded of the file with `status`, if all of it is there.
    private func recordedRegistryData(_ path: String, status: stat, names: [String])
        -> (own: UInt64, images: [String: UInt64], layout: RegistryDataSections.Layout)? {
        func recorded(_ suffix: String) -> UInt64? {
            previous.fingerprint(path: Self.registryKey(path, suffix), status: status)
        }
        guard let own = recorded("site"), let count = recorded("site members"), count < 1 << 16 else { return nil }
        var site: [Range<Int>] = []
        for index in 0..<Int(count) {
            guard let value = recorded("site member\u{0}\(index)"), let range = Self.unpacked(value) else { return nil }
            site.append(range)
        }
        var images: [String: UInt64] = [:]
        var ranges: [String: Range<Int>?] = [:]
        for name in names {
            guard let value = recorded("image\u{0}" + name), let range = recorded("range\u{0}" + name) else { return nil }
            images[name] = value
            ranges[name] = .some(Self.unpacked(range))
        }
        return (own, images, RegistryDataSections.Layout(status: InputStatCache.Entry(status, fingerprint: 0), site: site,
                                                         images: ranges, namesAll: false))
    }

    /// Records the file's fingerprints and layout for the next build. Nothing is recorded
    /// without a layout (a file without `images` or with a name twice, which fails the build) or for a file too
    /// large for the packed ranges (over 4 GiB): such a file is read again on every build.
    private mutating func record(registryData path: String, status: stat, own: UInt64, images: [String: UInt64],
                                 layout: RegistryDataSections.Layout?) {
        guard let layout else { return }
        let siteRanges = layout.site.compactMap(Self.packed)
        guard siteRanges.count == layout.site.count else { return }
        var packedImages: [String: UInt64] = [:]
        for name in images.keys {
            guard let value = Self.packed(layout.part(of: name) ?? nil) else { return }
            packedImages[name] = value
        }
        func put(_ suffix: String, _ value: UInt64) {
            next.record(path: Self.registryKey(path, suffix), status: status, fingerprint: value, before: started)
        }
        put("site", own)
        put("site members", UInt64(siteRanges.count))
        for (index, value) in siteRanges.enumerated() { put("site member\u{0}\(index)", value) }
        for (name, value) in images {
            put("image\u{0}" + name, value)
            put("range\u{0}" + name, packedImages[name] ?? .max)
        }
    }
}
