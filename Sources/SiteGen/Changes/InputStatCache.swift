import Foundation

/// The fingerprint of every input file the last build read, with the file's size, inode and
/// change times then, kept in the site as `.sitegen-inputs`. A cache, not a record: without
/// it every input is read again and the ``ChangeDetector`` comes to the same plan.
///
/// A no-op build must tell that nothing changed without reading the whole tree again: a file
/// whose size, inode, modification and status-change times all match its entry here has the
/// fingerprint recorded, the way `git status` trusts its index. Status-change time moves on
/// any write, rename or `touch`, even one that puts the modification time back.
///
/// An entry is only written for a file last changed well before the scan began (see
/// ``settledMargin``): a file written in the same clock tick as it was read could change again
/// without its times moving, so it is read again next time (git's "racily clean" rule).
struct InputStatCache: Sendable, Equatable {
    static let fileName = ".sitegen-inputs"
    private static let header = "sitegen-inputs 4"
    /// Nanoseconds a file's times must predate the scan for its fingerprint to be kept.
    static let settledMargin: Int64 = 2_000_000_000

    struct Entry: Sendable, Equatable {
        var size: Int64
        var inode: UInt64
        var modified: Int64
        var changed: Int64
        var fingerprint: UInt64

        /// The entry for a file with `status`, when its times are old enough to trust.
        init(_ status: stat, fingerprint: UInt64) {
            size = Int64(status.st_size)
            inode = UInt64(status.st_ino)
            modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
            changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
            self.fingerprint = fingerprint
        }

        init(size: Int64, inode: UInt64, modified: Int64, changed: Int64, fingerprint: UInt64) {
            self.size = size
            self.inode = inode
            self.modified = modified
            self.changed = changed
            self.fingerprint = fingerprint
        }

        /// Whether the file's times predate `scanTime` by ``settledMargin``: only then can a
        /// later change not leave them as they are.
        func isSettled(before scanTime: Int64) -> Bool {
            modified < scanTime - InputStatCache.settledMargin && changed < scanTime - InputStatCache.settledMargin
        }

        func matches(_ other: Entry) -> Bool {
            size == other.size && inode == other.inode && modified == other.modified && changed == other.changed
        }
    }

    private(set) var entries: [String: Entry] = [:]

    init() {}

    /// The cache a build left in `folder`; empty when there is none or it does not parse (it
    /// is only ever a shortcut: an empty cache means every file is read).
    init(folder: String) {
        guard let bytes = FileInput.read(folder + "/" + Self.fileName) else { return }
        guard let entries = Self.parse(bytes) else { return }
        self.entries = entries
    }

    /// The recorded fingerprint of the file at `path` with `status`, if it still applies.
    func fingerprint(path: String, status: stat) -> UInt64? {
        guard let entry = entries[path], entry.matches(Entry(status, fingerprint: 0)) else { return nil }
        return entry.fingerprint
    }

    mutating func record(path: String, status: stat, fingerprint: UInt64, before scanTime: Int64) {
        let entry = Entry(status, fingerprint: fingerprint)
        guard entry.isSettled(before: scanTime) else { return }
        entries[path] = entry
    }

    /// Adds `other`'s entries (of other files).
    mutating func merge(_ other: InputStatCache) {
        entries.merge(other.entries) { _, new in new }
    }

    /// One line a file, sorted by path: `fingerprint size inode modified changed path`.
    func encoded() -> [UInt8] {
        var text = Self.header + "\n"
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
            text += "\(entry.fingerprint) \(entry.size) \(entry.inode) \(entry.modified) \(entry.changed) \(path)\n"
        }
        return Array(text.utf8)
    }

    /// Byte-level parse: this runs on every no-op build, where a `String` split per line would
    /// be a fair part of the cost.
    static func parse(_ bytes: [UInt8]) -> [String: Entry]? {
        let headerBytes = Array((header + "\n").utf8)
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")
        guard bytes.starts(with: headerBytes) else { return nil }
        let headerEnd = headerBytes.count - 1
        var entries: [String: Entry] = [:]
        var index = headerEnd + 1
        func unsigned() -> UInt64? {
            var value: UInt64 = 0
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value &* 10 &+ UInt64(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index > start, index < bytes.count, bytes[index] == space else { return nil }
            index += 1
            return value
        }
        // Sizes and times (a file may be dated before 1970).
        func number() -> Int64? {
            let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            guard let value = unsigned() else { return nil }
            return negative ? 0 &- Int64(truncatingIfNeeded: value) : Int64(truncatingIfNeeded: value)
        }
        while index < bytes.count {
            guard let fingerprint = unsigned(), let size = number(), let inode = unsigned(),
                  let modified = number(), let changed = number() else { return nil }
            let start = index
            while index < bytes.count, bytes[index] != newline { index += 1 }
            guard index < bytes.count else { return nil }
            let path = String(decoding: bytes[start..<index], as: UTF8.self)
            index += 1
            entries[path] = Entry(size: size, inode: inode, modified: modified, changed: changed, fingerprint: fingerprint)
        }
        return entries
    }
}
