import Markdown

/// Makes every page of the site from the catalog: pure computation, no file access, so the
/// pages of different images can be rendered in parallel (design: load → model → render → write).
struct SiteRenderer: Sendable {
    let catalog: Catalog
    let theme: Theme
    let settings: SiteSettings
    let sites: [ImageSite]
    let assets: AssetNames
    let content: ContentRenderer
    /// Every architecture of every image, sorted.
    let architectures: [Architecture]
    /// Categories used by at least one image, sorted.
    let usedCategories: [Category]

    /// `imageNames`: every image of the site, when `sites` holds only some of them (a build
    /// that redoes a few images still links to all).
    /// Catalog order: by name, deprecated images last (made once: the catalog, category and
    /// architecture pages all walk it, and each copy of an image's site retains its fields).
    let sitesInCatalogOrder: [ImageSite]
    /// Architecture badges made once per list and page depth for the whole build.
    let badgeStore = BadgeStore()
    /// With `--history`: every image's history, retired images too.
    let history: History?
    /// The web address a commit id is appended to for its page (GitHub's `…/commit/`); nil
    /// when the repository's address is not known to have such pages.
    let commitLinks: String?
    /// Retired images whose history pages and feed the caller keeps from the previous site
    /// (their history has not changed), so they are not made again.
    let keptHistories: Set<String>
    /// Whether the caller keeps the previous site's retired-tags script (no image's retired
    /// tags have changed), which is then not made again.
    let keepsRetiredTagsScript: Bool
    /// The names of the images the site lists (`sites`), looked up by the history listings.
    let listedNames: Set<String>
    /// Whether the site shows registry data (`--registry-data`): its pages then load the
    /// theme's ``registryStylesheet`` and ``registryScript`` too, which a site without it
    /// neither has nor links.
    let showsRegistry: Bool
    static let registryStylesheet = "registry.css"
    static let registryScript = "registry.js"

    init(catalog: Catalog, theme: Theme, settings: SiteSettings, sites: [ImageSite], assets: AssetNames,
         imageNames: Set<String>? = nil, history: History? = nil, commitLinks: String? = nil,
         keptHistories: Set<String> = [], keepsRetiredTagsScript: Bool = false) {
        self.history = history
        self.commitLinks = commitLinks
        self.keptHistories = keptHistories
        self.keepsRetiredTagsScript = keepsRetiredTagsScript
        listedNames = Set(sites.map(\.name))
        showsRegistry = sites.contains { $0.registry != nil }
        self.catalog = catalog
        self.theme = theme
        self.settings = settings
        self.sites = sites
        self.assets = assets
        content = ContentRenderer(siteImages: imageNames ?? Set(sites.map(\.name)), dashAnchors: settings.docset)
        architectures = Self.architectures(of: sites)
        usedCategories = Self.usedCategories(of: sites)
        sitesInCatalogOrder = sites.filter { !$0.image.isDeprecated } + sites.filter { $0.image.isDeprecated }
    }

    /// Every architecture of `sites`, sorted: the ones the site has pages for.
    static func architectures(of sites: [ImageSite]) -> [Architecture] {
        Array(Set(sites.flatMap { $0.image.architectures })).sorted()
    }

    /// The categories at least one of `sites` is in, sorted: the ones the site has pages for.
    static func usedCategories(of sites: [ImageSite]) -> [Category] {
        Array(Set(sites.flatMap { $0.image.categories })).sorted()
    }

    /// A rendered file of the site.
    struct File: Sendable {
        let path: String
        /// Pages stay the strings the templates made, so a build writes them from the
        /// string's storage instead of copying every page into an array first.
        let content: Content

        enum Content: Sendable {
            case text(String)
            case bytes([UInt8])
        }

        init(_ path: String, _ text: String) {
            self.path = path
            content = .text(text)
        }

        init(_ path: String, content: Content) {
            self.path = path
            self.content = content
        }

        init(_ path: String, bytes: [UInt8]) {
            self.path = path
            content = .bytes(bytes)
        }

        var bytes: [UInt8] {
            switch content {
            case .text(let text): Array(text.utf8)
            case .bytes(let bytes): bytes
            }
        }
    }

    // MARK: Frame

    enum Section: String {
        case images = "Images"
        case tags = "Tags"
        case architectures = "Architectures"
        case categories = "Categories"
        case search = "Search"
        case none = ""
    }

    /// The header, breadcrumbs, footer and head of the page at `page`.
    func frame(page: String, title: String, description: String, section: Section,
               crumbs: [(String, String?)], toc: [Heading] = [], kind: String) -> PageModel.Frame {
        let link = { (target: String) in SitePaths.link(from: page, to: target) }
        let nav: [PageModel.NavItem] = [
            .init(title: Section.images.rawValue, href: link(SitePaths.catalog), current: section == .images),
            .init(title: Section.tags.rawValue, href: link(SitePaths.tagIndex), current: section == .tags),
            .init(title: Section.architectures.rawValue, href: link(SitePaths.architectures), current: section == .architectures),
            .init(title: Section.categories.rawValue, href: link(SitePaths.categories), current: section == .categories),
        ]
        let breadcrumbs = crumbs.map { PageModel.Crumb(title: $0.0, href: $0.1.map(link)) }
        let tocItems = toc.filter { $0.level <= 2 }.isEmpty
            ? []
            : toc.filter { $0.level <= 3 }.map { PageModel.TocItem(title: $0.text, href: "#" + $0.slug, isSub: $0.level > 2) }
        return PageModel.Frame(
            title: title == settings.title ? title : "\(title) · \(settings.title)",
            description: description,
            root: SitePaths.rootPrefix(of: page),
            stylesheet: link(assets["site.css"]),
            script: link(assets["site.js"]),
            searchIndex: link(SitePaths.searchIndex),
            searchPage: link(SitePaths.search),
            home: link(SitePaths.catalog),
            canonical: settings.baseURL.map { SitePaths.canonical(page, baseURL: $0) },
            siteTitle: settings.title,
            nav: nav,
            breadcrumbs: breadcrumbs,
            hasBreadcrumbs: !breadcrumbs.isEmpty,
            toc: tocItems,
            // In a docset the reader lists the page's sections itself (from the index and the
            // page's dashAnchors), so the page's own "On this page" would be a second copy.
            hasToc: tocItems.count > 1 && !settings.docset,
            source: settings.sourceURL,
            pageKind: kind,
            docset: settings.docset,
            feed: writesFeeds ? link(SitePaths.siteFeed) : nil,
            registryStylesheet: showsRegistry ? link(assets[Self.registryStylesheet]) : nil,
            registryScript: showsRegistry ? link(assets[Self.registryScript]) : nil)
    }

    // MARK: Shared pieces

    /// A link from `page` to a file of the site that is not a page (a Hub README, a feed). In a
    /// docset with a known `--base-url` it is the file's web address: Dash and Zeal open
    /// absolute links in the browser, which shows Markdown as text and hands a feed to a feed
    /// reader, where the reader's pane would show raw text or XML. Elsewhere it is relative.
    func fileLink(from page: String, to target: String) -> String {
        if settings.docset, let baseURL = settings.baseURL { return SitePaths.canonical(target, baseURL: baseURL) }
        return SitePaths.link(from: page, to: target)
    }

    func badges(_ architectures: [Architecture], from page: String) -> [PageModel.Badge] {
        architectures.map { PageModel.Badge(name: $0.name, href: SitePaths.link(from: page, to: SitePaths.architecture($0.name))) }
    }

    func chips(_ categories: [Category], from page: String) -> [PageModel.Chip] {
        categories.map { PageModel.Chip(title: $0.title, href: SitePaths.link(from: page, to: SitePaths.category($0.name))) }
    }

    /// Markdown of one short text (maintainer, where to get help) as inline HTML: the single
    /// paragraph's contents without the `<p>` around them.
    func inlineHTML(_ markdown: String, page: String) -> String {
        var html = content.render(markdown, page: page).html.droppingTrailingNewlines()
        if html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.utf8.count > 7 {
            let inner = String(html.dropFirst(3).dropLast(4))
            // In the bytes: `contains` on a `Substring` went through Foundation's `range(of:)`.
            if !ByteSearch.contains(inner, "<p>") { html = inner }
        }
        return html
    }

    /// The first paragraph of rendered HTML (for cards), or "".
    static func firstParagraph(_ html: String) -> String {
        // Searched in the UTF-8 bytes (`firstRange(of:)` on a String compares `Character`s,
        // grapheme breaking on every call). A tag next to a non-ASCII byte might start or end inside a larger
        // character, which `Character` search would not match: such HTML takes that path.
        var copy = html
        let found: (open: Int, close: Int)?? = copy.withUTF8 { bytes in
            guard let open = ByteSearch.find(Self.paragraphOpen, in: bytes, from: 0) else { return .some(nil) }
            guard let close = ByteSearch.find(Self.paragraphClose, in: bytes, from: open + 3) else { return .some(nil) }
            let afterOpen = open + 3, afterClose = close + 4
            let beforeOpen = open - 1, beforeClose = close - 1
            if [beforeOpen, afterOpen, beforeClose, afterClose].contains(where: { $0 >= 0 && $0 < bytes.count && bytes[$0] >= 0x80 }) {
                return nil
            }
            return (open, afterClose)
        }
        switch found {
        case .some(.some(let range)):
            let utf8 = html.utf8
            return String(decoding: utf8[utf8.index(utf8.startIndex, offsetBy: range.open)..<utf8.index(utf8.startIndex, offsetBy: range.close)],
                          as: UTF8.self)
        case .some(.none):
            return ""
        case .none:
            return firstParagraphByCharacters(html)
        }
    }

    private static let paragraphOpen = Array("<p>".utf8)
    private static let paragraphClose = Array("</p>".utf8)

    static func firstParagraphByCharacters(_ html: String) -> String {
        guard let open = html.firstRange(of: "<p>"), let close = html[open.upperBound...].firstRange(of: "</p>") else {
            return ""
        }
        return String(html[open.lowerBound..<close.upperBound])
    }

    func card(_ site: ImageSite, from page: String, note: String? = nil) -> PageModel.Card {
        let folder = site.image.folder
        // A loaded library file has no simple tag twice and no simple tag that is also shared
        // (the parser refuses both), so only shared tags need de-duplicating: a card is made
        // for every listing an image is on, and a set of all its tags each time is wasted work.
        var sharedTags: Set<String> = []
        var tagCount = 0
        for entry in site.image.entries {
            tagCount += entry.tags.count
            for tag in entry.sharedTags { sharedTags.insert(tag) }
        }
        tagCount += sharedTags.count
        let logo = folder.logo.map { SitePaths.link(from: page, to: SitePaths.logo(site.name, $0)) }
        return PageModel.Card(
            name: site.name,
            href: SitePaths.link(from: page, to: SitePaths.image(site.name)),
            logo: logo,
            shortDescription: folder.shortDescription,
            categories: chips(site.image.categories, from: page),
            hasCategories: !site.image.categories.isEmpty,
            deprecated: folder.isDeprecated,
            tagCount: tagCount,
            architectureCount: site.image.architectures.count,
            note: note,
            search: (site.name + " " + folder.shortDescription + " " + site.image.categories.map(\.title).joined(separator: " ")).lowercased(),
            categorySlugs: site.image.categories.map(\.name).joined(separator: " "),
            smallestSize: smallestSize(site))
    }


}
