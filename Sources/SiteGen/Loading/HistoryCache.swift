import Foundation

/// What a history load leaves for the next one, kept in the output's bookkeeping, so a later
/// load reads only the commits after it.
///
/// Contract: the cache stands for the history of one library folder (`prefix` inside its
/// repository) along the first-parent chain up to `tip`. It holds the table of chain commits
/// that changed the folder (oldest first: a builder's commit numbers index it), the warnings
/// those versions gave, and per file name the ``HistoryBuilder`` folded over every version of
/// it up to `tip`, encoded, with its ``ImageHistorySummary`` encoded beside it, except the
/// files it names as skipped (their history was not wanted, see ``HistoryLoader``). Every
/// library-file version (a blob id) is thus parsed once while the wanted files stay the same: a load
/// whose tip is `tip` returns the cached model; one whose tip has `tip` on its first-parent
/// chain reads `git log tip..rev`, parses only the blobs it names and re-folds only the files
/// they belong to; any other load (another folder, a rewritten or switched branch, a clone
/// that became or stopped being shallow, another format, a skipped file now wanted or
/// deleted, a folded one now neither) reads everything again.
///
/// The file is binary (variable-length integers, a string table per image) and read only by
/// this type: anything it does not recognise reads as no cache.
struct HistoryCache: Sendable {
    /// Bumped whenever the encoding or the folding rules change.
    static let format: UInt64 = 5

    let prefix: String
    let tip: HistoryCommit
    let isShallow: Bool
    let commits: [HistoryCommit]
    /// The unparsable-version warnings, in chain order.
    let warnings: [Diagnostic]
    /// Per file name, its builder encoded (``HistoryBuilder/encoded()``).
    /// (Slices of the file read, so a load copies no section it does not change.)
    let images: [String: ArraySlice<UInt8>]
    /// Per file name, its summary encoded (``HistoryBuilder/encodedSummary()``): what the
    /// listing pages read of the images whose history a build does not decode.
    let summaries: [String: ArraySlice<UInt8>]
    /// The newest landings of all files (``History/latestLandings``), commits as numbers.
    /// Landings are only ever added, so a load that continues this cache finds the new ones
    /// among these and the landings of the files it re-folds.
    let latest: [LatestLanding]
    /// The files the chain changed whose history was not folded: each was at the tip, had no
    /// image folder on the site, and was never folded before. A load that wants one of them
    /// reads everything again.
    var skipped: Set<String> = []

    /// One of ``latest``.
    struct LatestLanding: Sendable, Equatable {
        let image: String
        let commit: Int
        let added: [String]
        let updated: [String]
        let retired: [String]
        let architecturesAdded: [String]
        let architecturesRemoved: [String]

        var lists: [[String]] { [added, updated, retired, architecturesAdded, architecturesRemoved] }

        func landing(commits: [HistoryCommit]) -> Landing {
            Landing(commit: commits[commit], added: added, updated: updated, retired: retired,
                    architecturesAdded: architecturesAdded, architecturesRemoved: architecturesRemoved)
        }
    }

    /// The cache at `path`; nil when there is none or it cannot be read.
    static func read(from path: String) -> HistoryCache? {
        FileInput.read(path).flatMap(decode)
    }

    /// Writes the cache to `path`, replacing the previous one whole.
    func write(to path: String) throws {
        try Data(encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        // Sized once: the sections are most of the file (megabytes for the official images).
        writer.output.reserveCapacity(images.values.reduce(0) { $0 + $1.count + 10 } + summaries.values.reduce(0) { $0 + $1.count + 5 }
                                      + commits.count * 120 + 4096)
        // A checksum of the rest: the images are decoded only when a page asks for one, so a
        // damaged file must be found when it is read, as a whole, and read as no cache. Its
        // sixteen digits are written once the rest is there, in place.
        writer.bytes(Array("SGHC".utf8))
        writer.integer(Self.format)
        writer.string(String(repeating: "0", count: 16))
        let body = writer.output.count
        writer.string(prefix)
        writer.commit(tip)
        writer.integer(isShallow ? 1 : 0)
        writer.integer(UInt64(commits.count))
        for commit in commits { writer.commit(commit) }
        writer.integer(UInt64(warnings.count))
        for warning in warnings {
            writer.string(warning.identifier)
            writer.string(warning.message)
            writer.string(warning.hint ?? "")
        }
        writer.integer(UInt64(latest.count))
        for landing in latest {
            writer.string(landing.image)
            writer.integer(UInt64(landing.commit))
            for list in landing.lists {
                writer.integer(UInt64(list.count))
                for name in list { writer.string(name) }
            }
        }
        writer.integer(UInt64(images.count))
        for name in images.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let section = images[name] ?? [], summary = summaries[name] ?? []
            writer.string(name)
            writer.integer(UInt64(section.count))
            writer.bytes(section)
            writer.integer(UInt64(summary.count))
            writer.bytes(summary)
        }
        writer.integer(UInt64(skipped.count))
        for name in skipped.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { writer.string(name) }
        writer.output.replaceSubrange((body - 16)..<body, with: Self.checksum(writer.output[body...]).utf8)
        return writer.output
    }

    private static func checksum(_ bytes: ArraySlice<UInt8>) -> String {
        var fingerprint = Fingerprint()
        bytes.withUnsafeBytes { fingerprint.add(words: $0) }
        return fingerprint.hex
    }

    static func decode(_ bytes: [UInt8]) -> HistoryCache? {
        var header = ByteReader(bytes[...])
        guard header.bytes(4).map(Array.init) == Array("SGHC".utf8), header.integer() == format,
              let checksum = header.string() else { return nil }
        let body = bytes[(bytes.count - header.remaining)...]
        guard Self.checksum(body) == checksum else { return nil }
        var reader = ByteReader(body)
        guard let prefix = reader.string(), let tip = reader.commit(), let shallow = reader.integer(),
              let commitCount = reader.count(), commitCount <= reader.remaining else { return nil }
        var commits: [HistoryCommit] = []
        commits.reserveCapacity(commitCount)
        for _ in 0..<commitCount {
            guard let commit = reader.commit() else { return nil }
            commits.append(commit)
        }
        guard let warningCount = reader.count(), warningCount <= reader.remaining else { return nil }
        var warnings: [Diagnostic] = []
        for _ in 0..<warningCount {
            guard let identifier = reader.string(), let message = reader.string(), let hint = reader.string() else { return nil }
            warnings.append(.warning(identifier, message, hint: hint.isEmpty ? nil : hint))
        }
        guard let latestCount = reader.count(), latestCount <= History.latestLandingLimit else { return nil }
        var latest: [LatestLanding] = []
        for _ in 0..<latestCount {
            guard let image = reader.string(), let commit = reader.count(), commit < commits.count else { return nil }
            var lists: [[String]] = []
            for _ in 0..<5 {
                guard let count = reader.count(), count <= bytes.count else { return nil }
                var list: [String] = []
                for _ in 0..<count {
                    guard let name = reader.string() else { return nil }
                    list.append(name)
                }
                lists.append(list)
            }
            latest.append(LatestLanding(image: image, commit: commit, added: lists[0], updated: lists[1], retired: lists[2],
                                        architecturesAdded: lists[3], architecturesRemoved: lists[4]))
        }
        guard let imageCount = reader.count(), imageCount <= reader.remaining else { return nil }
        var images: [String: ArraySlice<UInt8>] = [:], summaries: [String: ArraySlice<UInt8>] = [:]
        images.reserveCapacity(imageCount)
        summaries.reserveCapacity(imageCount)
        for _ in 0..<imageCount {
            guard let name = reader.string(), let length = reader.count(), let section = reader.bytes(length),
                  let summaryLength = reader.count(), let summary = reader.bytes(summaryLength) else { return nil }
            images[name] = section
            summaries[name] = summary
        }
        guard let skippedCount = reader.count(), skippedCount <= reader.remaining else { return nil }
        var skipped: Set<String> = []
        for _ in 0..<skippedCount {
            guard let name = reader.string() else { return nil }
            skipped.insert(name)
        }
        guard reader.isAtEnd else { return nil }
        return HistoryCache(prefix: prefix, tip: tip, isShallow: shallow == 1, commits: commits, warnings: warnings,
                            images: images, summaries: summaries, latest: latest, skipped: skipped)
    }
}

extension HistoryBuilder {
    /// The builder as bytes: a string table (tag names, definition fields, architecture lists
    /// joined with commas), then tags, listed tags, architectures, landings and the deletion,
    /// with commits as numbers into the cache's commit table.
    func encoded() -> [UInt8] {
        var strings: [String] = []
        var numbers: [String: Int] = [:]
        func number(_ string: String) -> UInt64 {
            if let known = numbers[string] { return UInt64(known) }
            numbers[string] = strings.count
            strings.append(string)
            return UInt64(strings.count - 1)
        }
        var body = ByteWriter()
        body.integer(hasTags ? 1 : 0)
        body.integer(deleted.map { UInt64($0) + 1 } ?? 0)
        body.integer(number(architectures.joined(separator: ",")))
        body.integer(UInt64(tags.count))
        // The tags of one entry share their definition: the last one's numbers are kept, and
        // an equal definition (mostly the same strings, compared at once) reuses them.
        var last: (definition: TagDefinition, numbers: [UInt64])?
        for tag in tags {
            body.integer(number(tag.name))
            body.integer(UInt64(tag.firstSeen))
            body.integers(tag.changes)
            body.integer(tag.retired.map { UInt64($0) + 1 } ?? 0)
            let definition = tag.definition
            if let last, last.definition == definition {
                for field in last.numbers { body.integer(field) }
                continue
            }
            let fields = [definition.gitRepo, definition.gitCommit, definition.directory, definition.file,
                          definition.architectures.joined(separator: ",")].map(number)
            for field in fields { body.integer(field) }
            last = (definition, fields)
        }
        body.integers(listed)
        body.integer(UInt64(landings.count))
        for landing in landings {
            body.integer(UInt64(landing.commit))
            body.integers(landing.added)
            body.integers(landing.updated)
            body.integers(landing.retired)
            body.integer(number(landing.architecturesAdded.joined(separator: ",")))
            body.integer(number(landing.architecturesRemoved.joined(separator: ",")))
        }
        var writer = ByteWriter()
        writer.integer(UInt64(strings.count))
        for string in strings { writer.string(string) }
        writer.bytes(body.output)
        return writer.output
    }

    /// The builder `encoded()` wrote; nil when the bytes are not such a builder (or name a
    /// commit beyond `commitCount`).
    init?(name: String, decoding bytes: ArraySlice<UInt8>, commitCount: Int) {
        var reader = ByteReader(bytes)
        // Every count is at most the bytes left (each item takes one or more): a damaged count
        // must not ask for gigabytes.
        guard let stringCount = reader.count(), stringCount <= reader.remaining else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount {
            guard let string = reader.string() else { return nil }
            strings.append(string)
        }
        var lists: [Int: [String]] = [:]
        func string() -> String? {
            reader.count().flatMap { $0 < strings.count ? strings[$0] : nil }
        }
        func list() -> [String]? {
            guard let index = reader.count(), index < strings.count else { return nil }
            if let known = lists[index] { return known }
            let list = strings[index].isEmpty ? [] : strings[index].split(separator: ",").map(String.init)
            lists[index] = list
            return list
        }
        func commit() -> Int? { reader.count().flatMap { $0 < commitCount ? $0 : nil } }
        func optionalCommit() -> Int?? {
            guard let value = reader.count() else { return nil }
            if value == 0 { return .some(nil) }
            return value - 1 < commitCount ? .some(value - 1) : nil
        }
        guard let hasTags = reader.integer(), let deleted = optionalCommit(), let architectures = list(),
              let tagCount = reader.count(), tagCount <= reader.remaining else { return nil }
        var tags: [TagState] = []
        tags.reserveCapacity(tagCount)
        for _ in 0..<tagCount {
            guard let tagName = string(), let firstSeen = commit(), let changes = reader.integers(below: commitCount),
                  let retired = optionalCommit(), let gitRepo = string(), let gitCommit = string(),
                  let directory = string(), let file = string(), let tagArchitectures = list() else { return nil }
            tags.append(TagState(name: tagName, firstSeen: firstSeen, changes: changes, retired: retired,
                                 definition: TagDefinition(gitRepo: gitRepo, gitCommit: gitCommit, directory: directory,
                                                           file: file, architectures: tagArchitectures)))
        }
        guard let listed = reader.integers(below: tags.count), let landingCount = reader.count(),
              landingCount <= reader.remaining else { return nil }
        var landings: [LandingState] = []
        landings.reserveCapacity(landingCount)
        for _ in 0..<landingCount {
            guard let commit = commit(), let added = reader.integers(below: tags.count),
                  let updated = reader.integers(below: tags.count), let retired = reader.integers(below: tags.count),
                  let gained = list(), let lost = list() else { return nil }
            landings.append(LandingState(commit: commit, added: added, updated: updated, retired: retired,
                                         architecturesAdded: gained, architecturesRemoved: lost))
        }
        guard reader.isAtEnd else { return nil }
        self.init(name: name, tags: tags, listed: listed, architectures: architectures, landings: landings,
                  deleted: deleted, hasTags: hasTags == 1)
    }
}

/// Appends variable-length integers (7 bits a byte, low bits first) and length-prefixed strings.
struct ByteWriter {
    var output: [UInt8] = []

    mutating func integer(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            output.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }

    /// A count, then the numbers as differences from the one before (zigzag-coded, so a list
    /// of rising commit numbers takes a byte or two each).
    mutating func integers(_ values: [Int]) {
        integer(UInt64(values.count))
        var previous = 0
        for value in values {
            let difference = value - previous
            integer(UInt64(bitPattern: Int64((difference << 1) ^ (difference >> 63))))
            previous = value
        }
    }

    mutating func string(_ value: String) {
        integer(UInt64(value.utf8.count))
        output.append(contentsOf: value.utf8)
    }

    mutating func bytes(_ value: some Collection<UInt8>) {
        output.append(contentsOf: value)
    }

    mutating func commit(_ commit: HistoryCommit) {
        string(commit.id)
        integer(UInt64(bitPattern: commit.time))
        string(commit.subject)
    }
}

/// Reads what ``ByteWriter`` wrote; every read is nil past the end or on a malformed value.
struct ByteReader {
    private var rest: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        rest = bytes
    }

    var isAtEnd: Bool { rest.isEmpty }

    /// How many bytes are left to read.
    var remaining: Int { rest.count }

    mutating func integer() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = rest.popFirst() {
            guard shift < 64 else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// An integer small enough to count or index in memory.
    mutating func count() -> Int? {
        integer().flatMap { $0 <= UInt64(Int32.max) ? Int($0) : nil }
    }

    mutating func integers(below limit: Int) -> [Int]? {
        guard let count = count(), count <= rest.count else { return nil }
        var values: [Int] = []
        values.reserveCapacity(count)
        var previous = 0
        for _ in 0..<count {
            guard let coded = integer() else { return nil }
            let difference = Int(Int64(bitPattern: coded >> 1) ^ -Int64(bitPattern: coded & 1))
            previous += difference
            guard previous >= 0, previous < limit else { return nil }
            values.append(previous)
        }
        return values
    }

    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count <= rest.count else { return nil }
        defer { rest = rest.dropFirst(count) }
        return rest.prefix(count)
    }

    mutating func string() -> String? {
        guard let length = count(), let bytes = bytes(length) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    mutating func commit() -> HistoryCommit? {
        guard let id = string(), let time = integer(), let subject = string() else { return nil }
        return HistoryCommit(id: id, time: Int64(bitPattern: time), subject: subject)
    }
}
