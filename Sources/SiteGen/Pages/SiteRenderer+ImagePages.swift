import Markdown

/// The pages of one image: its front page, one page per variant, and its tag table.
extension SiteRenderer {
    /// The image's pages, with what the search index takes from the same work: the headings
    /// of the description (parsed once, not again for the index). `uniqueTags`: the image's
    /// tags once each, worked out by the caller for both.
    func imagePages(_ site: ImageSite, uniqueTags: [(tag: Tag, entries: [Entry])]) -> (files: [File], contentHeadings: [Heading]) {
        guard let history = site.history else { return pages(site, uniqueTags: uniqueTags) }
        // The history pages (megabytes for python) are made beside the others.
        let ((files, headings), historyFiles) = ParallelMap.both({ pages(site, uniqueTags: uniqueTags) }, {
            self.historyFiles(history, site: site)
        })
        return (files + historyFiles, headings)
    }

    private func pages(_ site: ImageSite, uniqueTags: [(tag: Tag, entries: [Entry])]) -> (files: [File], contentHeadings: [Heading]) {
        let cells = RegistryCells()
        let (front, headings) = imagePageAndHeadings(site, registryCells: cells)
        // The tags page and the variant pages are as deep in the site (`image/x/index.html`),
        // so their badges link alike: made once for all of them.
        let badges = BadgeCache()
        var files = [File(SitePaths.image(site.name), content: theme.page(front, template: "image")),
                     File(SitePaths.imageTags(site.name),
                          content: theme.page(imageTagsPage(site, uniqueTags: uniqueTags, badgeCache: badges, registryCells: cells),
                                              template: "image-tags"))]
        for variant in site.variants {
            files.append(File(SitePaths.variant(site.name, variant.name),
                              content: theme.page(variantPage(site, variant, badgeCache: badges, registryCells: cells), template: "variant")))
        }
        return (files, headings)
    }

    // MARK: Image page

    /// The front page's model, and the headings of its description (`content.md`).
    func imagePageAndHeadings(_ site: ImageSite, registryCells: RegistryCells = RegistryCells()) -> (page: PageModel.ImagePage, headings: [Heading]) {
        let page = SitePaths.image(site.name)
        let folder = site.image.folder
        // Every text of the page takes heading ids none of the others took.
        var taken = Self.imagePageIDs
        func render(_ markdown: String) -> ContentRenderer.Rendered {
            let rendered = content.render(site.substitute(markdown), page: page, reservedIDs: taken)
            taken.formUnion(rendered.headings.map(\.slug))
            return rendered
        }
        let rendered = render(folder["content.md"]?.text ?? "")
        let deprecation = folder["deprecated.md"].map { render($0.text).html }
        let license = folder["license.md"].map { file in
            render(file.text).html + render(helperText("license-common.md", folder)).html
        }
        let badgeCache = BadgeCache()
        let links = TagLinks(site, from: page)
        let changed = changedDates(site)
        let entries = site.image.entries.map { entry in
            var row = entryRow(entry, site: site, page: page, badgeCache: badgeCache, links: links)
            // The latest of its tags': the row is one build, its tags may have come to it apart.
            row.changed = entry.tags.compactMap { changed[$0] }.max { $0.datetime < $1.datetime }
            row.registry = registryCell(site, rowTags: entry.tags, architectures: entry.architectures, page: page, cells: registryCells)
            return row
        }
        let groups = site.image.library.sharedTagGroups.map { group in
            let architectures = group.architectures
            return PageModel.SharedGroupRow(
                tags: group.sharedTags.map { tag in
                    PageModel.TagLink(name: tag, href: SitePaths.link(from: page, to: site.variantPage(ofTag: tag)))
                },
                entries: group.entries.map { entry in
                    PageModel.TagLink(name: entry.firstTag, href: links.href(tag: group.sharedTags.first ?? entry.firstTag, entry: entry))
                },
                architectures: badgeCache.badges(architectures, from: page, renderer: self),
                architecturesHTML: badgeCache.html(architectures, from: page, renderer: self),
                architectureNames: architectures.map(\.name).joined(separator: " "),
                search: (group.sharedTags + group.entries.map(\.firstTag)).joined(separator: " ").lowercased(),
                changed: group.sharedTags.compactMap { changed[$0] }.max { $0.datetime < $1.datetime },
                registry: registryCell(site, rowTags: group.sharedTags, architectures: architectures, page: page, cells: registryCells))
        }
        let quick = PageModel.QuickReference(
            maintainerHTML: inlineHTML(site.substitute(folder["maintainer.md"]?.text ?? ""), page: page),
            getHelpHTML: inlineHTML(site.substitute(helperText("get-help.md", folder)), page: page),
            issuesHTML: inlineHTML(site.substitute(helperText("issues.md", folder)), page: page),
            source: HTML.isSafeURL(folder.githubRepo) && !folder.githubRepo.isEmpty
                ? PageModel.Link(title: folder.githubRepo, href: folder.githubRepo) : nil,
            architectures: badges(site.image.architectures, from: page),
            categories: chips(site.image.categories, from: page),
            hasCategories: !site.image.categories.isEmpty)
        let cards = site.variants.map { variantCard(site, $0, from: page) }
        var frame = frame(page: page, title: site.name, description: folder.shortDescription, section: .images,
                          crumbs: [("Images", SitePaths.catalog), (site.name, nil)], toc: rendered.headings, kind: "image")
        if site.history != nil, writesFeeds { frame.feed = SitePaths.link(from: page, to: SitePaths.feed(site.name)) }
        var model = PageModel.ImagePage(
            frame: frame,
            name: site.name,
            logo: folder.logo.map { SitePaths.link(from: page, to: SitePaths.logo(site.name, $0)) },
            shortDescription: folder.shortDescription,
            pull: "docker pull \(site.registry?.pullName ?? site.name)",
            deprecationHTML: deprecation,
            quick: quick,
            entries: entries,
            sharedGroups: groups,
            hasSharedGroups: !groups.isEmpty,
            architectureFilters: site.image.architectures.map(\.name),
            tagsHref: SitePaths.link(from: page, to: SitePaths.imageTags(site.name)),
            readmeHref: fileLink(from: page, to: SitePaths.readme(site.name)),
            contentHTML: rendered.html,
            variants: cards,
            hasVariants: cards.count > 1 || cards.contains { !$0.isDefault },
            licenseHTML: license)
        if let history = site.history {
            model.hasHistory = true
            model.historyHref = SitePaths.link(from: page, to: SitePaths.history(site.name))
            model.historyLine = historyLine(history)
        }
        model.hasRegistry = site.registry != nil
        return (model, rendered.headings)
    }

    /// Ids of the image page's own parts. They are the anchors docker-library READMEs give
    /// these sections, so a content.md written for Docker Hub (`[…](#image-variants)`) finds
    /// them here too; content headings avoid them.
    /// (The layout's own ids contain a colon, which neither slugs nor tags can, so they never clash.)
    static let imagePageIDs: Set<String> = [
        "deprecation-notice", "quick-reference", "supported-tags-and-respective-dockerfile-links", "image-variants", "license",
    ]

    private func helperText(_ name: String, _ folder: ImageFolder) -> String {
        (folder[name] ?? catalog.readmeInputs.helpers[name])?.text ?? ""
    }

    func entryRow(_ entry: Entry, site: ImageSite, page: String, badgeCache: BadgeCache, links: TagLinks? = nil) -> PageModel.EntryRow {
        let links = links ?? TagLinks(site, from: page)
        let link = { (tag: String) in PageModel.TagLink(name: tag, href: links.href(tag: tag, entry: entry)) }
        return PageModel.EntryRow(
            href: links.href(tag: entry.firstTag, entry: entry),
            firstTag: entry.firstTag,
            aliases: entry.tags.dropFirst().map(link),
            hasAliases: entry.tags.count > 1,
            variant: links.variantLink(ofTag: entry.firstTag),
            architectures: badgeCache.badges(entry.architectures, from: page, renderer: self),
            architecturesHTML: badgeCache.html(entry.architectures, from: page, renderer: self),
            architectureNames: badgeCache.names(entry.architectures),
            dockerfile: DockerfileLinks.url(for: entry),
            sharedTags: entry.sharedTags.map(link),
            hasSharedTags: !entry.sharedTags.isEmpty,
            search: Self.searchText(entry.tags, entry.sharedTags))
    }

    /// Words for a row's `data-search`: joined with spaces, lowercased. Built in one buffer,
    /// and lowercased only when there is a capital (tags rarely have one), for every row.
    static func searchText(_ words: [String], _ more: [String] = []) -> String {
        var text = ""
        text.reserveCapacity(words.reduce(0) { $0 + $1.utf8.count + 1 } + more.reduce(0) { $0 + $1.utf8.count + 1 })
        var first = true
        func add(_ list: [String]) {
            for word in list {
                if !first { text += " " }
                first = false
                text += word
            }
        }
        add(words)
        add(more)
        return lowercasedIfNeeded(text)
    }

    /// A tag row's `data-search`: `tag image:tag`, lowercased, in one allocation.
    static func tagSearchText(_ tag: String, image: String) -> String {
        var text = ""
        text.reserveCapacity(2 * tag.utf8.count + image.utf8.count + 2)
        text += tag
        text += " "
        text += image
        text += ":"
        text += tag
        return lowercasedIfNeeded(text)
    }

    /// `text.lowercased()`, without a copy when there is nothing to lower: no ASCII capital
    /// and nothing beyond ASCII.
    private static func lowercasedIfNeeded(_ text: String) -> String {
        ByteSearch.containsByte(in: text, where: { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0x80 }) ? text.lowercased() : text
    }

    // MARK: Variants

    /// A variant's description: the variant file (its own title heading dropped, the page
    /// has one), or for the default variant the README's default text after its headings.
    func variantDescription(_ site: ImageSite, _ variant: Variant) -> String {
        guard let match = variant.match else {
            return Self.dropLeadingHeadings(site.substitute(site.defaultVariantText), keepingIntro: false)
        }
        return Self.dropLeadingHeadings(site.substitute(match.file.text), keepingIntro: true)
    }

    /// Markdown without its title headings. The default text starts with "# Image Variants",
    /// an introduction, and "## `image:<version>`"; a variant file starts with its "## title".
    static func dropLeadingHeadings(_ markdown: String, keepingIntro: Bool) -> String {
        // Line starts found in the UTF-8 bytes and one slice taken, rather than splitting the
        // whole text into lines and joining them again: only the first few lines matter. `split(separator: "\n")` on a String
        // splits at `Character`s, so a `\r\n` ending is one character and not a separator:
        // only a `\n` not preceded by `\r` ends a line here too.
        let utf8 = markdown.utf8
        var start = utf8.startIndex
        /// The line from `start`, and the index just past its end (past the separator).
        func line(from start: String.Index) -> (Substring.UTF8View, String.Index)? {
            guard start < utf8.endIndex else { return nil }
            var index = start
            while index < utf8.endIndex {
                if utf8[index] == UInt8(ascii: "\n"), index == start || utf8[utf8.index(before: index)] != 0x0D {
                    return (utf8[start..<index], utf8.index(after: index))
                }
                index = utf8.index(after: index)
            }
            return (utf8[start..<index], utf8.endIndex)
        }
        // A `\n` inside a line is part of a `\r\n` character, which is not whitespace to
        // `trimmingWhitespace()`; a lone `\r` is.
        func isBlank(_ line: Substring.UTF8View) -> Bool {
            line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        }
        func hasPrefix(_ line: Substring.UTF8View, _ prefix: String) -> Bool {
            guard line.starts(with: prefix.utf8) else { return false }
            // A combining mark after the space would make it part of another character.
            let rest = line.dropFirst(prefix.utf8.count)
            guard let next = rest.first, next >= 0x80 else { return true }
            return Substring(line).hasPrefix(prefix)
        }
        while let (text, next) = line(from: start), isBlank(text) { start = next }
        if let (text, next) = line(from: start), hasPrefix(text, "# ") || hasPrefix(text, "## ") {
            start = next
        }
        if !keepingIntro {
            var index = start
            while let (text, next) = line(from: index) {
                if hasPrefix(text, "## ") {
                    start = next
                    break
                }
                index = next
            }
        }
        // What joining the remaining lines gave: the text from `start`, without the separator
        // of a last line that ended the text.
        return String(markdown[start...])
    }

    func variantCard(_ site: ImageSite, _ variant: Variant, from page: String) -> PageModel.VariantCard {
        let description = variantDescription(site, variant)
        let html = content.render(description, page: page).html
        return PageModel.VariantCard(
            title: site.title(of: variant),
            href: SitePaths.link(from: page, to: SitePaths.variant(site.name, variant.name)),
            summaryHTML: (variant.match?.isEmpty ?? false) ? "" : Self.firstParagraph(html),
            entryCount: variant.entries.count,
            isDefault: variant.isDefault)
    }

    /// `badgeCache`: one shared with other pages as deep in the site as this one.
    func variantPage(_ site: ImageSite, _ variant: Variant, badgeCache: BadgeCache = BadgeCache(),
                     registryCells: RegistryCells = RegistryCells()) -> PageModel.VariantPage {
        let page = SitePaths.variant(site.name, variant.name)
        let hidden = variant.match?.isEmpty ?? false
        // Entry anchors are tag names; headings of the description must not take them.
        let reserved = Set(variant.entries.map(SitePaths.entryAnchor))
        let rendered = hidden ? nil : content.render(variantDescription(site, variant), page: page, reservedIDs: reserved,
                                                     fragmentFallback: SitePaths.image(site.name))
        let links = TagLinks(site, from: page)
        let entries = variant.entries.map { entry -> PageModel.VariantEntry in
            let inVariant = variant.tags(of: entry)
            let others = entry.allTags.filter { !inVariant.contains($0) }
            let link = { (tag: Tag) in PageModel.TagLink(name: tag.name, href: links.href(tag: tag.name, entry: entry)) }
            let anchor = SitePaths.entryAnchor(entry)
            return PageModel.VariantEntry(
                anchor: anchor,
                dashAnchor: settings.docset ? DashAnchor.anchor(type: "Tag", name: anchor) : "",
                tags: inVariant.map(link),
                otherTags: others.map(link),
                hasOtherTags: !others.isEmpty,
                architectures: badgeCache.badges(entry.architectures, from: page, renderer: self),
                architecturesHTML: badgeCache.html(entry.architectures, from: page, renderer: self),
                dockerfile: DockerfileLinks.url(for: entry),
                builder: entry.builder.isEmpty ? nil : entry.builder,
                constraints: entry.constraints.isEmpty ? nil : entry.constraints.joined(separator: ", "),
                // The card lists the shared tags too: those the lines are not for are named.
                registry: registryCell(site, rowTags: entry.tags, namedTags: entry.sharedTags, architectures: entry.architectures,
                                       page: page, cells: registryCells))
        }
        let siblings = site.variants.map { other in
            PageModel.Sibling(title: site.title(of: other), href: SitePaths.link(from: page, to: SitePaths.variant(site.name, other.name)),
                              current: other.name == variant.name)
        }
        let title = site.title(of: variant)
        return PageModel.VariantPage(
            frame: frame(page: page, title: title, description: "The \(title) variant of \(site.name): its tags, architectures and Dockerfiles.",
                         section: .images,
                         crumbs: [("Images", SitePaths.catalog), (site.name, SitePaths.image(site.name)), (variant.name, nil)],
                         toc: rendered?.headings ?? [], kind: "variant"),
            image: site.name,
            imageHref: SitePaths.link(from: page, to: SitePaths.image(site.name)),
            title: title,
            descriptionHTML: rendered?.html,
            entries: entries,
            entryCount: entries.count,
            siblings: siblings,
            tagIndexHref: SitePaths.link(from: page, to: SitePaths.tagIndex) + "#" + SitePaths.anchor(site.name),
            imageTagsHref: SitePaths.link(from: page, to: SitePaths.imageTags(site.name)))
    }

    // MARK: Tag table

    func imageTagsPage(_ site: ImageSite) -> PageModel.ImageTagsPage {
        imageTagsPage(site, uniqueTags: site.uniqueTags())
    }

    func imageTagsPage(_ site: ImageSite, uniqueTags: [(tag: Tag, entries: [Entry])],
                       badgeCache: BadgeCache = BadgeCache(), registryCells: RegistryCells = RegistryCells()) -> PageModel.ImageTagsPage {
        let page = SitePaths.imageTags(site.name)
        let links = TagLinks(site, from: page)
        // An entry's tags come one after another: its Dockerfile address is made once for them.
        var last: (entry: Entry, url: String?)?
        func dockerfile(_ entry: Entry) -> String? {
            if let last, last.entry.line == entry.line { return last.url }
            let url = DockerfileLinks.url(for: entry)
            last = (entry, url)
            return url
        }
        let changed = changedDates(site)
        let rows = uniqueTags.map { tag, covered in
            // An entry's own list is already de-duplicated and sorted; most tags name one entry.
            let architectures = covered.count == 1 ? covered[0].architectures : Array(Set(covered.flatMap(\.architectures))).sorted()
            return PageModel.TagRow(
                tag: tag.name,
                kind: tag.kind.rawValue,
                isShared: tag.kind == .shared,
                entries: covered.map { PageModel.TagLink(name: $0.firstTag, href: links.href(tag: tag.name, entry: $0)) },
                architectures: badgeCache.badges(architectures, from: page, renderer: self),
                architecturesHTML: badgeCache.html(architectures, from: page, renderer: self),
                architectureNames: badgeCache.names(architectures),
                dockerfile: covered.count == 1 ? covered.first.flatMap(dockerfile) : nil,
                search: Self.tagSearchText(tag.name, image: site.name),
                changed: changed[tag.name],
                registry: registryCell(site, tag: tag.name, architectures: architectures, page: page, cells: registryCells))
        }
        var frame = frame(page: page, title: "\(site.name) tags", description: "Every tag of \(site.name), with its architectures and Dockerfile.",
                          section: .images,
                          crumbs: [("Images", SitePaths.catalog), (site.name, SitePaths.image(site.name)), ("tags", nil)], kind: "image-tags")
        if site.history != nil, writesFeeds { frame.feed = SitePaths.link(from: page, to: SitePaths.feed(site.name)) }
        return PageModel.ImageTagsPage(
            frame: frame,
            image: site.name,
            imageHref: SitePaths.link(from: page, to: SitePaths.image(site.name)),
            rows: rows,
            count: rows.count,
            architectureFilters: site.image.architectures.map(\.name),
            hasHistory: site.history != nil,
            historyHref: site.history.map { _ in SitePaths.link(from: page, to: SitePaths.history(site.name)) },
            hasRegistry: site.registry != nil)
    }
}
