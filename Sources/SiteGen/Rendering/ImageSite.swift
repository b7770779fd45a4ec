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
    /// The Docker Hub README, the same bytes `sitegen readme` prints. A build empties it once
    /// the README is written: the pages never show it, and at ten times the corpus the READMEs
    /// are 24 MB.
    var readme: String

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
        let (readme, readmePlaceholders) = try HubReadme.renderWithPlaceholders(image: image.folder, library: image.library,
                                                                                inputs: inputs, variants: resolved)
        self.readme = readme
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

/// Tag name → variant name, answered from the resolver's index (no second dictionary of names).
struct VariantNames: Sendable {
    fileprivate let index: VariantResolver.TagIndex
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

/// Where each tag occurrence of an image (its entries' tags, then shared tags, one entry after
/// the other) goes in ``ImageSite/uniqueTags()``: the row of the first occurrence of its name
/// (``VariantResolver/Assignment/rowOfOccurrence``). Kept as one small number per occurrence,
/// so the rows, which copy entries, are made only when asked for, without hashing a name.
struct TagRows: Sendable {
    /// Per occurrence, in order: the row of its name. An occurrence that opens a row has the
    /// next row number.
    private let rowOfOccurrence: [Int32]

    init(rowOfOccurrence: [Int32]) {
        self.rowOfOccurrence = rowOfOccurrence
    }

    /// The rows, for the entries the occurrences were counted from: a name's first occurrence
    /// opens its row, with that entry; a row opened by a shared tag also gets every later
    /// entry that shares the name (once each), as `entries.filter { $0.sharedTags.contains }`
    /// would give.
    func rows(of entries: [Entry]) -> [(tag: Tag, entries: [Entry])] {
        var rows: [(tag: Tag, entries: [Entry])] = []
        var lastEntryOfRow: [Int] = []
        var occurrence = 0
        for (entryIndex, entry) in entries.enumerated() {
            for name in entry.tags {
                if Int(rowOfOccurrence[occurrence]) == rows.count {
                    rows.append((Tag(name, kind: .simple), [entry]))
                    lastEntryOfRow.append(entryIndex)
                }
                occurrence += 1
            }
            for name in entry.sharedTags {
                let row = Int(rowOfOccurrence[occurrence])
                if row == rows.count {
                    rows.append((Tag(name, kind: .shared), [entry]))
                    lastEntryOfRow.append(entryIndex)
                } else if rows[row].tag.kind == .shared, lastEntryOfRow[row] != entryIndex {
                    rows[row].entries.append(entry)
                    lastEntryOfRow[row] = entryIndex
                }
                occurrence += 1
            }
        }
        return rows
    }
}
