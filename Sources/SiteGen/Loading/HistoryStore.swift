import Synchronization

/// The images of a loaded ``History``: per file name, its ``HistoryBuilder`` (folded by this
/// load, or encoded in the cache) and its summary (encoded), each decoded the first time a
/// page asks for it, and kept.
///
/// A build after one new commit re-folds one file, renders that image's pages and the
/// listings: it decodes one history and every summary, not the 180 histories of the
/// official images.
final class HistoryStore: HistorySource {
    private enum Builder {
        case folded(HistoryBuilder)
        case encoded(ArraySlice<UInt8>)
    }

    private let commits: [HistoryCommit]
    private let builders: [String: Builder]
    private let summaries: [String: ArraySlice<UInt8>]
    private let decoded = Mutex<(images: [String: ImageHistory], summaries: [String: ImageHistorySummary])>(([:], [:]))

    /// `encoded`: every file's builder as the cache keeps it; `folded`: the builders this load
    /// folded (used as they are); `summaries`: every file's ``HistoryBuilder/encodedSummary()``,
    /// empty for a file that never gave a tag.
    init(commits: [HistoryCommit], encoded: [String: ArraySlice<UInt8>], folded: [String: HistoryBuilder],
         summaries: [String: ArraySlice<UInt8>]) {
        self.commits = commits
        var builders = encoded.mapValues { Builder.encoded($0) }
        for (name, builder) in folded { builders[name] = .folded(builder) }
        self.builders = builders
        self.summaries = summaries
    }

    /// The names with a summary: the files that gave a tag.
    var imageNames: [String] {
        summaries.filter { !$0.value.isEmpty }.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func image(_ name: String) -> ImageHistory? {
        if let known = decoded.withLock({ $0.images[name] }) { return known }
        let builder: HistoryBuilder?
        switch builders[name] {
        case .folded(let folded): builder = folded
        case .encoded(let bytes): builder = HistoryBuilder(name: name, decoding: bytes, commitCount: commits.count)
        case nil: builder = nil
        }
        guard let builder, builder.hasTags else { return nil }
        let image = builder.history(commits: commits)
        decoded.withLock { $0.images[name] = image }
        return image
    }

    func summary(_ name: String) -> ImageHistorySummary? {
        if let known = decoded.withLock({ $0.summaries[name] }) { return known }
        guard let bytes = summaries[name], !bytes.isEmpty,
              let summary = Self.summary(name: name, decoding: bytes, commits: commits) else { return nil }
        decoded.withLock { $0.summaries[name] = summary }
        return summary
    }

    /// The summary ``HistoryBuilder/encodedSummary()`` wrote; nil when the bytes are not one.
    /// Only the counts are decoded here; the retired tags are read from the bytes when asked for.
    static func summary(name: String, decoding bytes: ArraySlice<UInt8>, commits: [HistoryCommit]) -> ImageHistorySummary? {
        var reader = ByteReader(bytes)
        guard let tagCount = reader.count(), let deletedPlusOne = reader.count(), deletedPlusOne <= commits.count,
              let retiredCount = reader.count(), retiredCount <= tagCount,
              let retiredLength = reader.count(), retiredCount <= retiredLength,
              let retiredBlock = reader.bytes(retiredLength) else { return nil }
        let deleted = deletedPlusOne == 0 ? nil : commits[deletedPlusOne - 1]
        guard reader.isAtEnd else { return nil }

        /// Each retired tag of the block: its name's bytes and its commit number (the block
        /// was written by this program: reading stops at anything malformed).
        @Sendable func eachRetired(_ body: (ArraySlice<UInt8>, Int) -> Bool) {
            var block = ByteReader(retiredBlock)
            for _ in 0..<retiredCount {
                guard let length = block.count(), let name = block.bytes(length), let number = block.count(),
                      number < commits.count, body(name, number) else { return }
            }
        }
        let source = ImageHistorySummary.Source(retiredTags: {
            var tags: [ImageHistorySummary.RetiredTag] = []
            tags.reserveCapacity(retiredCount)
            eachRetired { name, number in
                tags.append(.init(name: String(decoding: name, as: UTF8.self), retired: commits[number]))
                return true
            }
            return tags.reversed()
        }, retired: { wanted in
            var byLength: [Int: [String]] = [:]
            for name in wanted { byLength[name.utf8.count, default: []].append(name) }
            var found: [String: HistoryCommit] = [:]
            eachRetired { name, number in
                for candidate in byLength[name.count] ?? [] where name.elementsEqual(candidate.utf8) {
                    found[candidate] = commits[number]
                }
                return found.count < wanted.count
            }
            return found
        }, names: { body in
            eachRetired { name, _ in
                name.withUnsafeBufferPointer(body)
                return true
            }
        })
        return ImageHistorySummary(name: name, deleted: deleted, tagCount: tagCount, retiredTagCount: retiredCount, source: source)
    }
}

extension HistoryStore {
    /// What the retired-tags script reads of an encoded summary, as bytes: the deletion (a
    /// retired image is listed whether or not the site has its folder), then the retired tags'
    /// count and block. Equal for two summaries that give the script the same entry. Empty for
    /// a file that never gave a tag; nil for bytes that are not a summary.
    static func retiredPart(of summary: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        if summary.isEmpty { return summary }
        var reader = ByteReader(summary)
        guard reader.count() != nil else { return nil }
        let start = summary.endIndex - reader.remaining
        guard reader.count() != nil, reader.count() != nil, let length = reader.count(), reader.bytes(length) != nil else { return nil }
        return summary[start..<(summary.endIndex - reader.remaining)]
    }
}

extension HistoryBuilder {
    /// What ``ImageHistorySummary`` holds, as bytes (empty for a file that never gave a tag):
    /// the tag count, the deletion, the retired tags (name and commit number, a block of its
    /// own).
    func encodedSummary() -> [UInt8] {
        guard hasTags else { return [] }
        var writer = ByteWriter()
        writer.integer(UInt64(tags.count))
        writer.integer(deleted.map { UInt64($0) + 1 } ?? 0)
        // The retired tags in the reverse order of ``ImageHistory/retiredTags``: the order the
        // retired-tags script lists them in, read straight from these bytes.
        let retired = tagOrder.filter { tags[$0].retired != nil }
        var block = ByteWriter()
        for index in retired.reversed() {
            block.string(tags[index].name)
            block.integer(UInt64(tags[index].retired ?? 0))
        }
        writer.integer(UInt64(retired.count))
        writer.integer(UInt64(block.output.count))
        writer.bytes(block.output)
        return writer.output
    }
}
