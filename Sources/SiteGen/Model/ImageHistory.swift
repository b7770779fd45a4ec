/// The history of one image's library file along the first-parent chain: every tag it ever
/// listed and every landing that changed its tags or architectures.
public struct ImageHistory: Sendable, Hashable {
    public let name: String
    /// Every tag ever listed, sorted by first seen (oldest first), then by name.
    public let tags: [TagHistory]
    /// The landings that added, updated or retired a tag or changed the architectures, newest first.
    public let landings: [Landing]
    /// The commit that deleted the library file when the tip has none (a retired image); nil otherwise.
    public let deleted: HistoryCommit?

    /// The tags the tip no longer lists, in the order of `tags`: worked out once, as every
    /// history page, the retired-tags script and the tag counts read them.
    public let retiredTags: [TagHistory]

    public init(name: String, tags: [TagHistory], landings: [Landing], deleted: HistoryCommit?) {
        self.name = name
        self.tags = tags
        self.landings = landings
        self.deleted = deleted
        retiredTags = tags.filter(\.isRetired)
    }

    public var isRetired: Bool { deleted != nil }

    /// The tag called `name`, listed or retired.
    public func tag(named name: String) -> TagHistory? {
        tags.first { $0.name == name }
    }
}

/// One landing commit's change to one image: the tags it added, updated and retired (each in
/// library-file order; retired ones in the order of the version before) and the architectures
/// the image as a whole gained or lost (sorted).
public struct Landing: Sendable, Hashable {
    public let commit: HistoryCommit
    public let added: [String]
    public let updated: [String]
    public let retired: [String]
    public let architecturesAdded: [String]
    public let architecturesRemoved: [String]

    public init(commit: HistoryCommit, added: [String], updated: [String], retired: [String],
                architecturesAdded: [String], architecturesRemoved: [String]) {
        self.commit = commit
        self.added = added
        self.updated = updated
        self.retired = retired
        self.architecturesAdded = architecturesAdded
        self.architecturesRemoved = architecturesRemoved
    }
}
