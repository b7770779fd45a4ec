/// Everything the pages of one image draw on, worked out once: its variants, which variant
/// each tag belongs to, the placeholder values, the links to its Dockerfiles.
struct ImageSite: Sendable {
    let image: Image
    let variants: [Variant]
    /// Tag name → variant name, for every simple and shared tag.
    let variantOfTag: VariantNames
    /// The README's placeholder values, so pages show the same text.
    let placeholders: [Placeholder]
    /// The default variant's full text, as the README has it (variant.md plus the
    /// Debian/Ubuntu and buildpack-deps paragraphs).
    let defaultVariantText: String
    /// The Docker Hub README's placeholder values, in the order they are filled (its logo an
    /// address on GitHub). The README itself is an output: the render step fills it
    /// (``HubReadme/render(_:helpers:)``), and the README lints read what it filled.
    let readmePlaceholders: [Placeholder]
    /// With `--history`: the library folder's history. Never read by the README, which
    /// history does not touch.
    var libraryHistory: History?
    /// With registry data (`--registry-data`): what the file holds for the image. Never read
    /// by the README, which registry data does not touch.
    var registry: ImageRegistry?

    /// The image's tags across the library file's history, decoded when first read: only the
    /// images whose pages a build makes need it.
    var history: ImageHistory? { libraryHistory?.image(name) }

    /// What the lints read of the image's history (its retired tags), without decoding it.
    var historySummary: ImageHistorySummary? { libraryHistory?.summary(name) }

    /// Each variant's page, in the order of `variants`, and the page tags without a variant go
    /// to: made once, as pages ask for a tag's variant page for every tag link.
    private let variantPages: [String]
    private let defaultVariantPage: String
    /// Which of the image's tags ``uniqueTags()`` lists, worked out once (see ``TagRows``).
    private let tagRows: TagRows

    init(image: Image, inputs: HubReadme.Inputs) throws(DiagnosticError) {
        self.image = image
        // One pass assigns every tag: the variants, the tag → variant index and the files
        // the README lists all come from it.
        let assignment = VariantResolver(image: image.folder, helpers: inputs.helpers).assign(image.library)
        variants = assignment.variants
        variantOfTag = VariantNames(index: assignment.index, variants: assignment.variants)
        variantPages = variants.map { SitePaths.variant(image.name, $0.name) }
        defaultVariantPage = SitePaths.variant(image.name, Variant.defaultName)
        tagRows = TagRows(rowOfOccurrence: assignment.rowOfOccurrence)
        let defaultVariant = HubReadme.defaultVariantTextAndMissing(image: image.folder, library: image.library, inputs: inputs)
        let resolved = HubReadme.ResolvedVariants(files: assignment.simpleTagMatches, defaultText: defaultVariant.text,
                                                  defaultTextMissing: defaultVariant.missing)
        readmePlaceholders = try HubReadme.readmePlaceholders(image: image.folder, library: image.library,
                                                              inputs: inputs, variants: resolved)
        // Pages show the logo themselves, from the site; the README's is an address on GitHub.
        placeholders = readmePlaceholders.map { $0.name == "LOGO" ? Placeholder("LOGO", "", eatsSurroundingBlanks: true) : $0 }
        defaultVariantText = defaultVariant.text
    }

    var name: String { image.name }

    /// `text` with the README's placeholders filled.
    func substitute(_ text: String) -> String {
        Placeholder.substitute(placeholders, in: text)
    }

    func variant(named name: String) -> Variant? {
        variants.first { $0.name == name }
    }

    /// The page of the variant `tag` belongs to.
    func variantPage(ofTag tag: String) -> String {
        variantOfTag.index.variant(ofTag: tag).map { variantPages[$0] } ?? defaultVariantPage
    }

    /// Which page ``variantPage(ofTag:)`` is, as a number: the variant's position in
    /// `variants`, or `variants.count` for the default page of a tag without a variant. Lets a
    /// caller keep something per page in an array.
    func variantPageNumber(ofTag tag: String) -> Int {
        variantOfTag.index.variant(ofTag: tag) ?? variants.count
    }

    /// Every tag of the image once, in file order, with the entries it names: its own entry for a
    /// simple tag, every entry that shares it for a shared tag.
    func uniqueTags() -> [(tag: Tag, entries: [Entry])] {
        tagRows.rows(of: image.entries)
    }

    /// `python:<version>-slim`: what a variant's tags look like.
    func title(of variant: Variant) -> String {
        variant.isDefault ? "\(name):<version>" : "\(name):<version>-\(variant.name)"
    }
}
