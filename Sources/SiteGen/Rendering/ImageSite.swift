/// Everything the pages of one image draw on, worked out once: its variants, which variant
/// each tag belongs to, the placeholder values, the links to its Dockerfiles.
struct ImageSite: Sendable {
    let image: Image
    let variants: [Variant]
    /// Tag name → variant name, for every simple and shared tag.
    let variantOfTag: [String: String]
    /// The README's placeholder values, so pages show the same text.
    let placeholders: [Placeholder]
    /// The default variant's full text, as the README has it (variant.md plus the
    /// Debian/Ubuntu and buildpack-deps paragraphs).
    let defaultVariantText: String
    /// The Docker Hub README, the same bytes `sitegen readme` prints. A build empties it once
    /// the README is written: the pages never show it, and at ten times the corpus the READMEs
    /// are 24 MB.
    var readme: String

    init(image: Image, inputs: HubReadme.Inputs) throws(DiagnosticError) {
        self.image = image
        let resolver = VariantResolver(image: image.folder, helpers: inputs.helpers)
        variants = resolver.variants(of: image.library)
        var variantOfTag: [String: String] = [:]
        for variant in variants {
            for tag in variant.tags where variantOfTag[tag.name] == nil {
                variantOfTag[tag.name] = variant.name
            }
        }
        self.variantOfTag = variantOfTag
        let (readme, readmePlaceholders) = try HubReadme.renderWithPlaceholders(image: image.folder, library: image.library,
                                                                                inputs: inputs)
        self.readme = readme
        // Pages show the logo themselves, from the site; the README's is an address on GitHub.
        placeholders = readmePlaceholders.map { $0.name == "LOGO" ? Placeholder("LOGO", "", eatsSurroundingBlanks: true) : $0 }
        defaultVariantText = HubReadme.defaultVariantText(image: image.folder, library: image.library, inputs: inputs)
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
        SitePaths.variant(name, variantOfTag[tag] ?? Variant.defaultName)
    }

    /// Where `tag` of `entry` links: the entry's anchor on the tag's variant page.
    func href(tag: String, entry: Entry, from page: String) -> String {
        SitePaths.link(from: page, to: variantPage(ofTag: tag)) + "#" + SitePaths.entryAnchor(entry)
    }

    /// The entries a shared tag covers.
    func entries(sharingTag tag: String) -> [Entry] {
        image.entries.filter { $0.sharedTags.contains(tag) }
    }

    /// Every tag of the image once, in file order, with the entries it names: its own entry for a
    /// simple tag, every entry that shares it for a shared tag.
    func uniqueTags() -> [(tag: Tag, entries: [Entry])] {
        var result: [(tag: Tag, entries: [Entry])] = []
        var seen: Set<String> = []
        for entry in image.entries {
            for tag in entry.allTags where seen.insert(tag.name).inserted {
                result.append((tag, tag.kind == .shared ? entries(sharingTag: tag.name) : [entry]))
            }
        }
        return result
    }

    /// `python:<version>-slim`: what a variant's tags look like.
    func title(of variant: Variant) -> String {
        variant.isDefault ? "\(name):<version>" : "\(name):<version>-\(variant.name)"
    }
}
