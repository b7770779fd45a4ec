import Foundation

/// An official-images `library/<image>` file, parsed as bashbrew parses it.
///
/// The first paragraph holds defaults; every later paragraph is an ``Entry`` that starts as
/// a copy of those defaults, and a field it gives replaces the default outright (lists too).
/// `ARCH-GitRepo`, `ARCH-GitFetch`, `ARCH-GitCommit`, `ARCH-Directory` and `ARCH-File`
/// override one field for one architecture.
public struct LibraryFile: Sendable, Hashable {
    /// The image name: the file's name.
    public let name: String
    /// The path shown in diagnostics.
    public let path: String
    public let maintainers: [String]
    public let entries: [Entry]
    /// A fingerprint of the file's text, so a build can tell whether it changed.
    public let sourceFingerprint: String
    /// Every architecture of every entry, sorted. Worked out once: pages, cards and the README
    /// ask for it many times per image.
    public let architectures: [Architecture]

    public init(name: String, path: String, maintainers: [String], entries: [Entry], sourceFingerprint: String = "") {
        self.name = name
        self.path = path
        self.maintainers = maintainers
        self.entries = entries
        self.sourceFingerprint = sourceFingerprint
        // A file's entries list few different sets of architectures (the parser often gives
        // them one shared array each, which compares equal at once): only the first of equal
        // lists is hashed into the set, as the others add nothing to it. (Up to 16 lists are
        // remembered, so that many different ones cost no more than hashing them all.)
        var all = Set<Architecture>()
        var merged: [[Architecture]] = []
        for entry in entries where !merged.contains(entry.architectures) {
            all.formUnion(entry.architectures)
            if merged.count < 16 { merged.append(entry.architectures) }
        }
        architectures = Array(all).sorted()
    }

    /// Architectures bashbrew knows; any other name is a typo.
    public static let knownArchitectures: Set<String> = [
        "amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386", "mips64le",
        "ppc64le", "riscv64", "s390x", "windows-amd64",
    ]

    /// The fields a paragraph may carry (matched without regard to case).
    enum Field: String, CaseIterable {
        case maintainers = "Maintainers"
        case tags = "Tags"
        case sharedTags = "SharedTags"
        case architectures = "Architectures"
        case gitRepo = "GitRepo"
        case gitFetch = "GitFetch"
        case gitCommit = "GitCommit"
        case directory = "Directory"
        case file = "File"
        case builder = "Builder"
        case constraints = "Constraints"

        static let byLowercasedName: [String: Field] =
            Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue.lowercased(), $0) })

        /// The field `key` (UTF-8 bytes) names, in any case: what
        /// `byLowercasedName[key.lowercased()]` gives for an ASCII key (the only kind a
        /// paragraph holds), without making the lowercased string, since this runs for every
        /// field line.
        init?(caseInsensitiveName key: UnsafeBufferPointer<UInt8>) {
            for (field, name) in Self.lowercasedNames where name.count == key.count {
                // Every field name is ASCII letters, and `byte | 0x20` is a given lowercase
                // letter exactly when the byte is that letter in either case.
                if zip(name, key).allSatisfy({ $0 == $1 | 0x20 }) {
                    self = field
                    return
                }
            }
            return nil
        }

        private static let lowercasedNames: [(field: Field, name: [UInt8])] = allCases.map { ($0, Array($0.rawValue.lowercased().utf8)) }

        /// The fields an architecture may override.
        static let perArchitecture: [Field] = [.gitRepo, .gitFetch, .gitCommit, .directory, .file]
    }

    /// Parses `text`. Every problem found is reported; the file is returned only when none
    /// of them is an error. Warnings come back with the result.
    public static func parse(_ text: String, name: String, path: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        var parser = LibraryFileParser(name: name, path: path)
        return parser.parse(text)
    }

    /// Parses `text` in whichever format it is written: today's RFC 2822 one, or the line
    /// format of before 2016 (``LegacyLibraryFile``), which bashbrew reads too and old commits
    /// of a repository have.
    public static func parseEitherFormat(_ text: String, name: String, path: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        LegacyLibraryFile.looksLegacy(text) ? LegacyLibraryFile.parse(text, name: name, path: path) : parse(text, name: name, path: path)
    }

    /// Parses the bytes of a library file as read from disk: a file with NUL bytes or that is
    /// not UTF-8 gives an error diagnostic instead of a file. This is the loader's whole path
    /// from bytes to entries, kept in one place so the fuzzer drives exactly what a build does.
    public static func parse(data: Data, name: String, path: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        if data.containsNUL {
            return (nil, [.error("library.binary", file: path, "file contains NUL bytes; it is not a text file",
                                 hint: "library files are UTF-8 text in the official-images format")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return (nil, [.error("library.invalid-utf8", file: path, "file is not valid UTF-8",
                                 hint: "save the file as UTF-8")])
        }
        return parseEitherFormat(text, name: name, path: path)
    }

    /// The entry a simple tag names.
    public func entry(forTag tag: String) -> Entry? {
        entries.first { $0.tags.contains(tag) }
    }

    /// Shared tags grouped by the set of entries they cover, as bashbrew groups them: every
    /// shared tag in order of first appearance, joined to the group of earlier shared tags
    /// that cover exactly the same entries. (Worked out on each call: kept, the groups'
    /// copies of the entries cost more memory at ×10 than the time they save.)
    public var sharedTagGroups: [SharedTagGroup] {
        var order: [[Int]] = []
        var tagsByEntries: [[Int]: [String]] = [:]
        var seen: Set<String> = []
        for entry in entries {
            for tag in entry.sharedTags where seen.insert(tag).inserted {
                let covered = entries.indices.filter { entries[$0].sharedTags.contains(tag) }
                if tagsByEntries[covered] == nil { order.append(covered) }
                tagsByEntries[covered, default: []].append(tag)
            }
        }
        return order.map { covered in
            SharedTagGroup(sharedTags: tagsByEntries[covered] ?? [], entries: covered.map { entries[$0] })
        }
    }
}

/// Shared tags that cover the same entries (the README's "Shared Tags" bullets).
public struct SharedTagGroup: Sendable, Hashable {
    public let sharedTags: [String]
    public let entries: [Entry]

    /// Every architecture of its entries, sorted: what its shared tags' index covers.
    public var architectures: [Architecture] {
        Array(Set(entries.flatMap(\.architectures))).sorted()
    }
}

extension Data {
    /// Whether a NUL byte is among the bytes, looked for with `memchr` on the contiguous
    /// storage: `contains(0)` goes through `Data`'s iterator a byte at a time, and every library
    /// file is checked whole before it is parsed.
    var containsNUL: Bool {
        withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, buffer.count) != nil
        }
    }
}
