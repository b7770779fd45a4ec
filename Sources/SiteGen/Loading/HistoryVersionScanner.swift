import Foundation

/// Reads one RFC 2822 library-file version into what history keeps of it (its tags with their
/// ``TagDefinition``s, and the image's architectures), straight from the bytes.
///
/// Contract: for a version that ``LibraryFile/parse(_:name:path:)`` accepts without a word, it
/// gives the ``HistoryBuilder/Version`` of the parsed file; for anything else it may give nil,
/// which means "ask the full parser". It gives nil at the first thing it does not vouch for:
/// every case the full parser refuses, and a few it accepts that are rare in history (an
/// unknown field, a first line it does not recognise). It words no diagnostic: the full
/// parser does, for the versions that reach it.
///
/// History reads every version of every library file since 2013 (tens of thousands), and
/// needs of each entry only its tags, architectures, and the repository, commit, directory and
/// file of its link architecture: no ``Entry``, maintainer list or diagnostic text is made.
struct HistoryVersionScanner {
    typealias Field = LibraryFile.Field

    /// The version `bytes` holds, or nil (see the contract).
    static func version(of bytes: UnsafeBufferPointer<UInt8>) -> HistoryBuilder.Version? {
        guard isText(bytes), startsWithField(bytes) else { return nil }
        var scanner = HistoryVersionScanner(bytes: bytes)
        return scanner.scan()
    }

    /// UTF-8 with no NUL, as history requires of a version. (The syntax is ASCII, and the
    /// parser reads it on the bytes, as this does: other bytes are only ever inside values.)
    private static func isText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var combined: UInt8 = 0
        var hasNUL = false
        for byte in bytes {
            combined |= byte
            hasNUL = hasNUL || byte == 0
        }
        return !hasNUL && (combined < 0x80 || String(validating: bytes, as: UTF8.self) != nil)
    }

    /// Whether the first line that is not blank or a comment starts with a known field name
    /// and a colon, so that ``LegacyLibraryFile/looksLegacy(_:)`` is false. (Any other start
    /// is left to it.)
    private static func startsWithField(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = endOfLine(from: lineStart, in: bytes)
            let trimmed = LibraryParagraph.trimmingWhitespace(lineStart..<lineEnd, in: bytes)
            lineStart = lineEnd + 1
            if trimmed.isEmpty || bytes[trimmed.lowerBound] == UInt8(ascii: "#") { continue }
            var colon = trimmed.lowerBound
            while colon < trimmed.upperBound, bytes[colon] != UInt8(ascii: ":") {
                // The first word ends at a blank: a colon after it is not the field's.
                if bytes[colon] == 0x20 || bytes[colon] == 0x09 || bytes[colon] == 0x0D { return false }
                colon += 1
            }
            guard colon < trimmed.upperBound else { return false }
            return Field(caseInsensitiveName: UnsafeBufferPointer(rebasing: bytes[trimmed.lowerBound..<colon])) != nil
        }
        return false
    }

    private static func endOfLine(from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count,
              let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    // MARK: Scanning

    /// A field's value: a range of the bytes, or, once a continuation line is added, the lines
    /// joined with newlines (as ``LibraryParagraph`` joins them).
    private enum Value {
        case range(Range<Int>)
        case joined([UInt8])
    }

    /// An `ARCH-Field` line: the architecture as written (a range of the bytes).
    private struct Override {
        let architecture: Range<Int>
        let field: Field
        var value: Value
    }

    /// The field a continuation line continues.
    private enum LastField: Equatable {
        case known(Field)
        case override(Int)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    /// The paragraph being read.
    private var own = FieldTable<Value?>(nil)
    private var ownOverrides: [Override] = []
    private var lastField: LastField?
    /// The first paragraph's values, which every entry inherits.
    private var defaults = FieldTable<Value?>(nil)
    private var defaultOverrides: [Override] = []
    private var defaultArchitectures = KnownArchitectures.amd64
    /// ``value(_:)``'s strings of the defaults, made when first asked for.
    private var defaultStrings = FieldTable<String??>(nil)
    private var seenDefaults = false
    /// The tags so far, in the order ``HistoryBuilder/Version/init(entries:)`` gives them, with
    /// the architectures of each as a set (a shared tag gathers those of its entries).
    private var tags: [(name: String, definition: TagDefinition)] = []
    private var tagArchitectures: [UInt16] = []
    /// Where each tag is in `tags`, and for a shared tag the last entry that listed it (-1 for
    /// a simple tag).
    private var positions: [String: (index: Int, sharedBy: Int)] = [:]
    private var entryCount = 0
    private var allArchitectures: UInt16 = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The lines, as ``LibraryParagraph/split(_:file:)`` reads them; nil at the first thing
    /// not vouched for.
    private mutating func scan() -> HistoryBuilder.Version? {
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = Self.endOfLine(from: lineStart, in: bytes)
            let line = lineStart..<lineEnd
            lineStart = lineEnd + 1
            let trimmed = LibraryParagraph.trimmingWhitespace(line, in: bytes)
            if trimmed.isEmpty {
                guard finishParagraph() else { return nil }
                continue
            }
            if bytes[trimmed.lowerBound] == UInt8(ascii: "#") { continue }
            let first = bytes[line.lowerBound]
            if first == 0x20 || first == 0x09 {
                guard continueField(with: trimmed) else { return nil }
                continue
            }
            guard addField(line) else { return nil }
        }
        guard finishParagraph(), seenDefaults else { return nil }
        return HistoryBuilder.Version(tags: tags, architectures: KnownArchitectures.names(allArchitectures))
    }

    /// A `Key: value` line.
    private mutating func addField(_ line: Range<Int>) -> Bool {
        var colon = line.lowerBound
        while colon < line.upperBound && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon < line.upperBound else { return false }
        let key = LibraryParagraph.trimmingWhitespace(line.lowerBound..<colon, in: bytes)
        guard !key.isEmpty else { return false }
        let value = Value.range(LibraryParagraph.trimmingWhitespace((colon + 1)..<line.upperBound, in: bytes))
        if let field = Field(caseInsensitiveName: UnsafeBufferPointer(rebasing: bytes[key])) {
            guard own[field] == nil else { return false }
            own[field] = value
            lastField = .known(field)
            return true
        }
        // `ARCH-Field`, the architecture being anything before the last dash.
        guard let dash = bytes[key].lastIndex(of: UInt8(ascii: "-")), dash > key.lowerBound,
              bytes[key].allSatisfy(Self.isFieldNameByte),
              let field = Field(caseInsensitiveName: UnsafeBufferPointer(rebasing: bytes[(dash + 1)..<key.upperBound])),
              Field.perArchitecture.contains(field) else { return false }
        let architecture = key.lowerBound..<dash
        // The same key twice, in any case, is refused.
        guard !ownOverrides.contains(where: { $0.field == field && equalIgnoringCase($0.architecture, architecture) }) else {
            return false
        }
        ownOverrides.append(Override(architecture: architecture, field: field, value: value))
        lastField = .override(ownOverrides.count - 1)
        return true
    }

    private static func isFieldNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
    }

    /// An indented line: `\n` and the line, added to the value of the paragraph's last field.
    private mutating func continueField(with trimmed: Range<Int>) -> Bool {
        func extended(_ value: Value) -> Value {
            var joined: [UInt8]
            switch value {
            case .range(let range): joined = Array(bytes[range])
            case .joined(let bytes): joined = bytes
            }
            joined.append(UInt8(ascii: "\n"))
            joined.append(contentsOf: bytes[trimmed])
            return .joined(joined)
        }
        switch lastField {
        case .known(let field):
            guard let value = own[field] else { return false }
            own[field] = extended(value)
        case .override(let index):
            ownOverrides[index].value = extended(ownOverrides[index].value)
        case nil:
            return false
        }
        return true
    }

    /// Ends the paragraph being read (a blank line or the end): the defaults, or an entry.
    private mutating func finishParagraph() -> Bool {
        guard lastField != nil else { return true }
        defer {
            own = FieldTable(nil)
            ownOverrides = []
            lastField = nil
        }
        return seenDefaults ? addEntry() : takeDefaults()
    }

    private mutating func takeDefaults() -> Bool {
        seenDefaults = true
        guard own[.tags] == nil, own[.sharedTags] == nil, checkOwnValues() else { return false }
        if let list = own[.architectures] {
            guard let known = knownArchitectures(list) else { return false }
            defaultArchitectures = known
        }
        defaults = own
        defaultOverrides = ownOverrides
        return true
    }

    /// The checks of the values a paragraph wrote itself (GitFetch, GitCommit, Directory, and
    /// the same per architecture) that find nothing to report.
    private func checkOwnValues() -> Bool {
        if let value = own[.gitFetch], !isValidGitFetch(value) { return false }
        if let value = own[.gitCommit], !isEmptyOrCommit(value) { return false }
        if let value = own[.directory], !isInsideRepository(value) { return false }
        for override in ownOverrides {
            switch override.field {
            case .gitFetch: if !isValidGitFetch(override.value) { return false }
            case .gitCommit: if !isEmptyOrCommit(override.value) { return false }
            case .directory: if !isInsideRepository(override.value) { return false }
            default: break
            }
        }
        return true
    }

    private mutating func addEntry() -> Bool {
        guard checkOwnValues(), let simple = own[.tags] else { return false }
        var architectures = defaultArchitectures
        if let list = own[.architectures] {
            guard let known = knownArchitectures(list) else { return false }
            architectures = known
        }
        let gitRepo = value(.gitRepo), gitCommit = value(.gitCommit)
        guard let gitRepo, !gitRepo.isEmpty, let gitCommit, !gitCommit.isEmpty else { return false }
        let link = KnownArchitectures.link(architectures)
        let definition = TagDefinition(
            gitRepo: override(.gitRepo, for: link) ?? gitRepo,
            gitCommit: override(.gitCommit, for: link) ?? gitCommit,
            directory: PathCleaner.clean(override(.directory, for: link) ?? value(.directory) ?? "."),
            file: override(.file, for: link) ?? value(.file) ?? "Dockerfile",
            architectures: KnownArchitectures.names(architectures))
        let before = tags.count
        guard addTags(simple, shared: false, definition, architectures), tags.count > before else { return false }
        if let shared = own[.sharedTags], !addTags(shared, shared: true, definition, architectures) { return false }
        allArchitectures |= architectures
        entryCount += 1
        return true
    }

    /// Adds the tags of the list `value`; false for an invalid tag, a simple tag listed twice
    /// (in one entry or two), a name both simple and shared, or a shared tag listed twice by
    /// one entry. A shared tag listed by an earlier entry gains this one's architectures.
    private mutating func addTags(_ value: Value, shared: Bool, _ definition: TagDefinition, _ architectures: UInt16) -> Bool {
        var valid = true
        Self.withBytes(value, in: bytes) { list in
            Self.forEachItem(in: list) { item in
                guard valid else { return }
                guard Self.isValidTag(item) else {
                    valid = false
                    return
                }
                let name = String(decoding: item, as: UTF8.self)
                if let known = positions[name] {
                    guard shared, known.sharedBy >= 0, known.sharedBy != entryCount else {
                        valid = false
                        return
                    }
                    positions[name] = (known.index, entryCount)
                    let merged = tagArchitectures[known.index] | architectures
                    tagArchitectures[known.index] = merged
                    let old = tags[known.index].definition
                    tags[known.index].definition = TagDefinition(gitRepo: old.gitRepo, gitCommit: old.gitCommit, directory: old.directory,
                                                                 file: old.file, architectures: KnownArchitectures.names(merged))
                    return
                }
                positions[name] = (tags.count, shared ? entryCount : -1)
                tags.append((name, definition))
                tagArchitectures.append(architectures)
            }
        }
        return valid
    }

    /// A Docker tag: 1 to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`.
    private static func isValidTag(_ tag: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = tag.first, tag.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else {
            return false
        }
        return tag.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    /// The entry's own value of `field`, else the default's (made once per version: every
    /// entry of a file names the same GitRepo, mostly from the defaults).
    private mutating func value(_ field: Field) -> String? {
        if let own = own[field] { return string(own) }
        if let known = defaultStrings[field] { return known }
        let made = defaults[field].map(string)
        defaultStrings[field] = .some(made)
        return made
    }

    /// The value of `ARCH-field` for the architecture called `name`: the entry's, else the
    /// default's (keys match as written).
    private func override(_ field: Field, for name: [UInt8]) -> String? {
        let source = bytes
        let matches: (Override) -> Bool = { $0.field == field && source[$0.architecture].elementsEqual(name) }
        return (ownOverrides.first(where: matches) ?? defaultOverrides.first(where: matches)).map { string($0.value) }
    }

    // MARK: Values

    private func withBytes<Result>(_ value: Value, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        Self.withBytes(value, in: bytes, body)
    }

    /// (Static, so that a mutating method can change the scanner in `body`: a method of the
    /// scanner would hold a copy of it meanwhile, and every change would copy its arrays.)
    private static func withBytes<Result>(_ value: Value, in bytes: UnsafeBufferPointer<UInt8>,
                                          _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch value {
        case .range(let range): body(UnsafeBufferPointer(rebasing: bytes[range]))
        case .joined(let joined): joined.withUnsafeBufferPointer(body)
        }
    }

    private func string(_ value: Value) -> String {
        withBytes(value) { String(decoding: $0, as: UTF8.self) }
    }

    private func equalIgnoringCase(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && zip(bytes[a], bytes[b]).allSatisfy { Self.lowercased($0) == Self.lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The known architectures a list names, when it names at least one and no other.
    private func knownArchitectures(_ value: Value) -> UInt16? {
        withBytes(value) { list in
            var set: UInt16 = 0
            var known = true
            Self.forEachItem(in: list) { item in
                guard known, let bit = KnownArchitectures.bit(item) else {
                    known = false
                    return
                }
                set |= bit
            }
            return known && set != 0 ? set : nil
        }
    }

    private func isValidGitFetch(_ value: Value) -> Bool {
        LibraryFileParser.isValidGitFetch(string(value))
    }

    /// Whether the value is empty or a commit, as ``LibraryFileParser/isValidCommit(bytes:)``
    /// says (it takes an empty one too).
    private func isEmptyOrCommit(_ value: Value) -> Bool {
        withBytes(value, LibraryFileParser.isValidCommit(bytes:))
    }

    /// Whether a Directory, cleaned like a path, stays inside the repository. A path that
    /// neither starts with `/` nor holds `..` cleans to one that does neither (nearly every
    /// Directory): only the others are cleaned to see.
    private static let dotDot = Array("..".utf8)

    private func isInsideRepository(_ value: Value) -> Bool {
        let plain = withBytes(value) { bytes in
            bytes.first != UInt8(ascii: "/") && ByteSearch.find(Self.dotDot, in: bytes, from: 0) == nil
        }
        if plain { return true }
        let cleaned = PathCleaner.clean(string(value))
        return !(cleaned.hasPrefix("/") || cleaned == ".." || cleaned.hasPrefix("../"))
    }

    /// Each comma-separated item of `list`, trimmed, empty ones skipped (as
    /// ``LibraryFileParser/forEachListItem(in:_:)``).
    private static func forEachItem(in list: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        while start < list.count {
            var end = start
            while end < list.count && list[end] != UInt8(ascii: ",") { end += 1 }
            let item = LibraryParagraph.trimmingWhitespace(start..<end, in: list)
            if !item.isEmpty { body(UnsafeBufferPointer(rebasing: list[item])) }
            start = end + 1
        }
    }
}

/// The architectures bashbrew knows, as bits of a set in byte order of their names.
private enum KnownArchitectures {
    static let names: [String] = LibraryFile.knownArchitectures.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    private static let bytes: [[UInt8]] = names.map { Array($0.utf8) }
    static let amd64: UInt16 = 1 << UInt16(names.firstIndex(of: "amd64") ?? 0)
    /// The names of every set, made once: entries share their lists.
    private static let lists: [[String]] = (0..<(1 << names.count)).map { set in
        names.indices.filter { set & (1 << $0) != 0 }.map { names[$0] }
    }

    static func bit(_ item: UnsafeBufferPointer<UInt8>) -> UInt16? {
        bytes.firstIndex { $0.elementsEqual(item) }.map { 1 << UInt16($0) }
    }

    static func names(_ set: UInt16) -> [String] {
        lists[Int(set)]
    }

    /// The name of the entry's link architecture: amd64 when the set has it, else its first.
    static func link(_ set: UInt16) -> [UInt8] {
        if set & amd64 != 0 { return bytes[amd64.trailingZeroBitCount] }
        return bytes[set.trailingZeroBitCount]
    }
}
