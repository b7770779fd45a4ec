/// Tag name → variant name, answered from the resolver's index (no second dictionary of names).
struct VariantNames: Sendable {
    let index: VariantResolver.TagIndex
    private let names: [String]

    init(index: VariantResolver.TagIndex, variants: [Variant]) {
        self.index = index
        names = variants.map(\.name)
    }

    /// The name of the variant `tag` belongs to; nil for a tag the image does not have.
    subscript(tag: String) -> String? {
        index.variant(ofTag: tag).map { names[$0] }
    }
}
