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

    public init(name: String, match: VariantResolver.Match?, tags: [Tag], entries: [Entry]) {
        self.name = name
        self.match = match
        self.tags = tags
        self.entries = entries
    }

    public var isDefault: Bool { match == nil }

    /// The tags of `entry` that fall in this variant.
    public func tags(of entry: Entry) -> [Tag] {
        entry.allTags.filter { tags.contains($0) }
    }
}
