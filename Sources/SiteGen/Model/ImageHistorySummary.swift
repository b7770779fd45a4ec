/// What the pages that list every image need of one image's history, without its tags: whether
/// its library file is gone, how many tags it had, and the tags it retired.
///
/// Cheap to have for every image, which is why it exists: a build after one new commit redoes
/// the listing pages (the site's feed, the retired images and tags) but the pages of one image,
/// and ``History`` decodes an image's whole history only for that image's pages.
public struct ImageHistorySummary: Sendable {
    /// A tag the tip no longer lists, and the landing that retired it.
    public struct RetiredTag: Sendable, Hashable {
        public let name: String
        public let retired: HistoryCommit

        public init(name: String, retired: HistoryCommit) {
            self.name = name
            self.retired = retired
        }
    }

    public let name: String
    /// ``ImageHistory/deleted``.
    public let deleted: HistoryCommit?
    /// How many tags the image ever had (``ImageHistory/tags``).
    public let tagCount: Int
    /// How many of them the tip no longer lists (``ImageHistory/retiredTags``).
    public let retiredTagCount: Int
    private let source: Source

    /// How a summary reads what it does not hold decoded: the retired tags are most of an
    /// image's tags, and a build needs them as strings for no image.
    public struct Source: Sendable {
        /// ``ImageHistory/retiredTags``, in their order.
        let retiredTags: @Sendable () -> [RetiredTag]
        /// Those of the names that are retired tags, with when (UTF-8 comparisons: no string
        /// is made of the tags).
        let retired: @Sendable (_ names: Set<String>) -> [String: HistoryCommit]
        /// Calls its argument with each retired tag's name as UTF-8, in the reverse order of
        /// ``ImageHistory/retiredTags``.
        let names: @Sendable (_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Void

        public init(retiredTags: @escaping @Sendable () -> [RetiredTag],
                    retired: @escaping @Sendable (Set<String>) -> [String: HistoryCommit],
                    names: @escaping @Sendable ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
            self.retiredTags = retiredTags
            self.retired = retired
            self.names = names
        }
    }

    public init(name: String, deleted: HistoryCommit?, tagCount: Int, retiredTagCount: Int, source: Source) {
        self.name = name
        self.deleted = deleted
        self.tagCount = tagCount
        self.retiredTagCount = retiredTagCount
        self.source = source
    }

    /// The summary of a history held whole.
    public init(_ image: ImageHistory) {
        let retired = image.retiredTags.compactMap { tag in tag.retired.map { RetiredTag(name: tag.name, retired: $0) } }
        var byName: [String: HistoryCommit] = [:]
        for tag in retired { byName[tag.name] = tag.retired }
        self.init(name: image.name, deleted: image.deleted, tagCount: image.tags.count, retiredTagCount: retired.count,
                  source: Source(retiredTags: { retired }, retired: { [byName] names in byName.filter { names.contains($0.key) } }, names: { body in
                      for tag in retired.reversed() {
                          var name = tag.name
                          name.withUTF8 { body($0) }
                      }
                  }))
    }

    public var isRetired: Bool { deleted != nil }

    /// ``ImageHistory/retiredTags``, in their order.
    public func retiredTags() -> [RetiredTag] {
        source.retiredTags()
    }

    /// Those of `names` that are retired tags, with when each was retired.
    public func retired(_ names: Set<String>) -> [String: HistoryCommit] {
        source.retired(names)
    }

    /// Calls `body` with the name of each retired tag as UTF-8, in the reverse order of
    /// ``retiredTags()`` (the most recently listed first), without making strings.
    public func forEachRetiredTagName(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        source.names(body)
    }
}
