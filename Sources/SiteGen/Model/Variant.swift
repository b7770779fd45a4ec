/// A flavour of an image (`slim`, `alpine`, `windowsservercore`, or the default one), and the
/// tags docker-library's variant rule assigns to it (see ``VariantResolver``).
public struct Variant: Sendable, Hashable {
    /// The slug of the variant every tag without a variant file belongs to.
    public static let defaultName = "default"

    /// `default`, or the name of the variant file that claimed the tags (`slim` for
    /// `variant-slim.md`).
    public let name: String
    /// The variant file, nil for the default variant. An empty file hides the description,
    /// not the variant.
    public let match: VariantResolver.Match?
    /// The tags in this variant, simple and shared, in library file order.
    public let tags: [Tag]
    /// The entries with at least one tag in this variant, in library file order.
    public let entries: [Entry]
    /// The image's tag → variant index and this variant's place in it, when the resolver made
    /// the variant: ``tags(of:)`` then asks it instead of searching `tags` (a default variant
    /// has up to a few thousand tags, and pages ask once per entry). Derived from `tags`, so
    /// left out of equality.
    private let index: VariantResolver.TagIndex?
    private let position: Int

    public init(name: String, match: VariantResolver.Match?, tags: [Tag], entries: [Entry]) {
        self.init(name: name, match: match, tags: tags, entries: entries, index: nil, position: 0)
    }

    init(name: String, match: VariantResolver.Match?, tags: [Tag], entries: [Entry],
         index: VariantResolver.TagIndex?, position: Int) {
        self.name = name
        self.match = match
        self.tags = tags
        self.entries = entries
        self.index = index
        self.position = position
    }

    public var isDefault: Bool { match == nil }

    /// The tags of `entry` that fall in this variant.
    public func tags(of entry: Entry) -> [Tag] {
        guard let index else { return entry.allTags.filter { tags.contains($0) } }
        // The index holds exactly the tags (name and kind) of the library file, each with its
        // variant, so this is `tags.contains` without the search.
        var result: [Tag] = []
        for name in entry.tags {
            let tag = Tag(name, kind: .simple)
            if index.variant(at: position, has: tag) { result.append(tag) }
        }
        for name in entry.sharedTags {
            let tag = Tag(name, kind: .shared)
            if index.variant(at: position, has: tag) { result.append(tag) }
        }
        return result
    }

    public static func == (lhs: Variant, rhs: Variant) -> Bool {
        lhs.name == rhs.name && lhs.match == rhs.match && lhs.tags == rhs.tags && lhs.entries == rhs.entries
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(match)
        hasher.combine(tags)
        hasher.combine(entries)
    }
}
