/// The pages across images: catalog, tag index, categories, architectures, search, 404.
extension SiteRenderer {
    /// The listing pages one at a time, each page's model made just before it is rendered and
    /// dropped after: at ten times the corpus the tag index alone lists 140,000 tags, so peak
    /// memory holds one listing, not all of them.
    func indexFiles(_ sink: (_ path: String, _ content: File.Content) -> Void) {
        let cards = CardCache()
        sink(SitePaths.catalog, theme.page(catalogPage(), template: "catalog"))
        sink(SitePaths.tagIndex, theme.page(tagIndexPage(), template: "tag-index"))
        sink(SitePaths.search, theme.page(searchPage(), template: "search"))
        // A server shows the 404 page for addresses it lacks; a docset's reader opens files,
        // and the page's links from the root would lead nowhere there.
        if !settings.docset { sink(SitePaths.notFound, theme.page(notFoundPage(), template: "not-found")) }
        sink(SitePaths.categories, theme.page(categoriesPage(), template: "listing"))
        sink(SitePaths.architectures, theme.page(architecturesPage(), template: "listing"))
        for category in usedCategories {
            sink(SitePaths.category(category.name), theme.page(categoryPage(category, cards: cards), template: "listing"))
        }
        for architecture in architectures {
            sink(SitePaths.architecture(architecture.name), theme.page(architecturePage(architecture, cards: cards), template: "listing"))
        }
        siteHistoryFiles(sink)
    }

    func catalogPage() -> PageModel.CatalogPage {
        let page = SitePaths.catalog
        let cards = sitesInCatalogOrder.map { card($0, from: page) }
        let retired = retiredImages(from: page)
        return PageModel.CatalogPage(
            frame: frame(page: page, title: settings.title, description: "Documentation of \(Counted.text(sites.count, "container image")): tags, variants, architectures and usage.",
                         section: .images, crumbs: [], kind: "catalog"),
            cards: cards,
            count: cards.count,
            categories: chips(usedCategories, from: page),
            categoryFilters: usedCategories.map { PageModel.CategoryFilter(title: $0.title, slug: $0.name) },
            retiredImages: retired,
            hasRetiredImages: !retired.isEmpty)
    }

    func tagIndexPage() -> PageModel.TagIndexPage {
        let page = SitePaths.tagIndex
        var groups: [PageModel.TagGroup] = []
        var total = 0
        for site in sites {
            // A shared tag links to the first entry it covers; the image's tag page lists them all.
            let links = TagLinks(site, from: page)
            let tags = site.uniqueTags().compactMap { tag, entries in
                entries.first.map { PageModel.TagLink(name: tag.name, href: links.href(tag: tag.name, entry: $0)) }
            }
            total += tags.count
            groups.append(PageModel.TagGroup(image: site.name, imageHref: SitePaths.link(from: page, to: SitePaths.image(site.name)),
                                             anchor: SitePaths.anchor(site.name), count: tags.count, tags: tags,
                                             deprecated: site.image.isDeprecated))
        }
        let initials = Set(sites.compactMap { $0.name.first.map { String($0).uppercased() } })
        let letters = (UnicodeScalar("A").value...UnicodeScalar("Z").value).compactMap(UnicodeScalar.init).map { scalar in
            let letter = String(Character(scalar))
            let first = sites.first { $0.name.uppercased().hasPrefix(letter) }
            return PageModel.Letter(letter: letter, href: initials.contains(letter) ? first.map { "#" + SitePaths.anchor($0.name) } : nil)
        }
        return PageModel.TagIndexPage(
            frame: frame(page: page, title: "Tags", description: "Every tag of every image, linked to its variant and Dockerfile.",
                         section: .tags, crumbs: [("Images", SitePaths.catalog), ("Tags", nil)], kind: "tag-index"),
            letters: letters, groups: groups, total: total, imageCount: groups.count,
            retiredScript: retiredToggle(from: page), retiredCount: retiredTagCount)
    }

    func categoriesPage() -> PageModel.ListingPage {
        groupsPage(SitePaths.categories, heading: "Categories", intro: "Images grouped by what they are for.",
                   section: .categories, groups: usedCategories.map { category in
                       (category.title, SitePaths.category(category.name), { $0.image.categories.contains(category) })
                   })
    }

    func categoryPage(_ category: Category, cards cache: CardCache = CardCache()) -> PageModel.ListingPage {
        let page = SitePaths.category(category.name)
        let cards = sitesInCatalogOrder.filter { $0.image.categories.contains(category) }.map { cache.card($0, from: page, renderer: self) }
        return listing(page: page, heading: category.title, intro: Counted.text(cards.count, "image") + ".",
                       section: .categories,
                       crumbs: [("Images", SitePaths.catalog), ("Categories", SitePaths.categories), (category.title, nil)],
                       cards: cards, items: [])
    }

    func architecturesPage() -> PageModel.ListingPage {
        groupsPage(SitePaths.architectures, heading: "Architectures", intro: "The platforms images are built for.",
                   section: .architectures, groups: architectures.map { architecture in
                       (architecture.name, SitePaths.architecture(architecture.name), { $0.image.architectures.contains(architecture) })
                   })
    }

    /// A page that lists groups of images (categories, architectures), each with its title,
    /// its page and how many images it holds.
    private func groupsPage(_ page: String, heading: String, intro: String, section: Section,
                            groups: [(title: String, page: String, holds: (ImageSite) -> Bool)]) -> PageModel.ListingPage {
        let items = groups.map { group in
            let count = sites.count(where: group.holds)
            return PageModel.ListingItem(title: group.title, href: SitePaths.link(from: page, to: group.page),
                                         note: Counted.text(count, "image"))
        }
        return listing(page: page, heading: heading, intro: intro, section: section,
                       crumbs: [("Images", SitePaths.catalog), (heading, nil)], cards: [], items: items)
    }

    func architecturePage(_ architecture: Architecture, cards cache: CardCache = CardCache()) -> PageModel.ListingPage {
        let page = SitePaths.architecture(architecture.name)
        let cards = sitesInCatalogOrder.filter { $0.image.architectures.contains(architecture) }.map { site in
            let entries = site.image.entries.filter { $0.hasArchitecture(architecture) }
            let tags = entries.reduce(0) { $0 + $1.tags.count }
            let all = site.image.entries.reduce(0) { $0 + $1.tags.count }
            let note = tags == all ? (all == 1 ? "its tag is" : "all \(all) tags") + " built for \(architecture.name)"
                : "\(tags) of \(all) tags built for \(architecture.name)"
            var card = cache.card(site, from: page, renderer: self).with(note: note)
            // Its "from": the smallest image of this architecture, the one a reader here pulls.
            if let registry = site.registry {
                card.smallestSize = registry.smallestSize(of: architecture).map(Self.size)
                card.smallestSizeTitle = "The smallest compressed \(architecture.name) image of its tags in the registry data"
            }
            return card
        }
        return listing(page: page, heading: architecture.name,
                       intro: "\(cards.count) image\(cards.count == 1 ? " is" : "s are") built for \(architecture.name).",
                       section: .architectures,
                       crumbs: [("Images", SitePaths.catalog), ("Architectures", SitePaths.architectures), (architecture.name, nil)],
                       cards: cards, items: [])
    }

    private func listing(page: String, heading: String, intro: String, section: Section, crumbs: [(String, String?)],
                         cards: [PageModel.Card], items: [PageModel.ListingItem]) -> PageModel.ListingPage {
        PageModel.ListingPage(frame: frame(page: page, title: heading, description: intro, section: section, crumbs: crumbs, kind: "listing"),
                              heading: heading, intro: intro, cards: cards, hasCards: !cards.isEmpty,
                              items: items, hasItems: !items.isEmpty)
    }

    /// The retired tags' script for a page's "Include retired tags" toggle: with history, and
    /// only when there are retired tags to include.
    private func retiredToggle(from page: String) -> String? {
        guard history != nil, retiredTagCount > 0 else { return nil }
        return SitePaths.link(from: page, to: SitePaths.retiredTags)
    }

    func searchPage() -> PageModel.SimplePage {
        PageModel.SimplePage(frame: frame(page: SitePaths.search, title: "Search", description: "Search images, variants, tags and sections.",
                                          section: .search, crumbs: [("Images", SitePaths.catalog), ("Search", nil)], kind: "search"),
                             inlineStyle: nil,
                             retiredScript: retiredToggle(from: SitePaths.search),
                             retiredCount: retiredTagCount)
    }

    /// The 404 page is served for missing addresses at any depth, so it cannot rely on relative
    /// links: its style is inlined and its links are absolute when a base URL is known.
    func notFoundPage() -> PageModel.SimplePage {
        var page = frame(page: SitePaths.notFound, title: "Page not found", description: "This page does not exist.",
                         section: .none, crumbs: [], kind: "not-found")
        let base = settings.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/"
        page = PageModel.Frame(title: page.title, description: page.description, root: base, stylesheet: nil, script: nil,
                               searchIndex: "", searchPage: base + SitePaths.search, home: base, canonical: nil,
                               siteTitle: page.siteTitle,
                               nav: page.nav.map { PageModel.NavItem(title: $0.title, href: base + $0.href, current: false) },
                               breadcrumbs: [], hasBreadcrumbs: false, toc: [], hasToc: false, source: page.source, pageKind: page.pageKind,
                               docset: page.docset)
        let css = theme.assets["site.css"].map { String(decoding: $0, as: UTF8.self) } ?? ""
        return PageModel.SimplePage(frame: page, inlineStyle: css)
    }
}
