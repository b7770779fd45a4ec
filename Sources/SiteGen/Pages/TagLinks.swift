/// Where a tag of an entry links from one page: the entry's anchor on the page of the tag's
/// variant. The part before the anchor is made once per variant page: tag tables link every
/// tag, and the relative path is the same for every tag of one variant page.
final class TagLinks {
    private let site: ImageSite
    private let page: String
    /// By ``ImageSite/variantPageNumber(ofTag:)``.
    private var prefixes: [String?]
    private var variantLinks: [PageModel.Link?]

    init(_ site: ImageSite, from page: String) {
        self.site = site
        self.page = page
        prefixes = Array(repeating: nil, count: site.variants.count + 1)
        variantLinks = prefixes.map { _ in nil }
    }

    /// The variant `tag` belongs to, titled and linked (an entry row's variant column).
    func variantLink(ofTag tag: String) -> PageModel.Link {
        let number = site.variantPageNumber(ofTag: tag)
        if let known = variantLinks[number] { return known }
        let variantName = site.variantOfTag[tag] ?? Variant.defaultName
        let variant = site.variant(named: variantName)
        let link = PageModel.Link(title: variant.map(site.title(of:)) ?? variantName,
                                  href: SitePaths.link(from: page, to: SitePaths.variant(site.name, variantName)))
        variantLinks[number] = link
        return link
    }

    /// The last link made: an entry's tags mostly share one variant page, so the rows of its
    /// aliases and shared tags ask for the same link in turn.
    private var last: (number: Int, anchor: String, href: String)?

    func href(tag: String, entry: Entry) -> String {
        let number = site.variantPageNumber(ofTag: tag)
        let anchor = SitePaths.entryAnchor(entry)
        if let last, last.number == number, last.anchor == anchor { return last.href }
        let href = prefix(number, tag: tag) + anchor
        last = (number, anchor, href)
        return href
    }

    private func prefix(_ number: Int, tag: String) -> String {
        let prefix: String
        if let known = prefixes[number] {
            prefix = known
        } else {
            prefix = SitePaths.link(from: page, to: site.variantPage(ofTag: tag)) + "#"
            prefixes[number] = prefix
        }
        return prefix
    }
}
