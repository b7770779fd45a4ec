import Foundation

/// The pages and feeds made from the history (`--history`): each image's history pages, the
/// "Changed" dates of its tag tables, the retired images, and the Atom feeds.
extension SiteRenderer {
    /// Timeline entries per history page: python has thousands of landings.
    static let landingsPerPage = 100
    /// Entries of an image's feed, and of the site's.
    static let imageFeedEntries = 50
    static let siteFeedEntries = 100
    /// Tags named in a feed entry's title before "and N more".
    private static let tagsInTitle = 3

    /// Feeds need absolute addresses: they are written only with a base URL.
    var writesFeeds: Bool { history != nil && settings.baseURL != nil }

    /// The history pages and feed of one image (listed or retired).
    func historyFiles(_ image: ImageHistory, site: ImageSite?) -> [File] {
        let pageCount = max(1, (image.landings.count + Self.landingsPerPage - 1) / Self.landingsPerPage)
        // python's run to megabytes: its pages are made on every core.
        var files = ParallelMap.map(Array(1...pageCount), jobs: min(pageCount, ProcessInfo.processInfo.activeProcessorCount)) { number in
            File(SitePaths.history(image.name, page: number),
                 content: theme.page(historyPage(image, site: site, number: number, of: pageCount), template: "history"))
        }
        if let feed = imageFeed(image) {
            files.append(File(SitePaths.feed(image.name), feed.xml()))
        }
        return files
    }

    /// Page `number` of `pageCount` of an image's history.
    func historyPage(_ image: ImageHistory, site: ImageSite?, number: Int, of pageCount: Int) -> PageModel.HistoryPage {
        let page = SitePaths.history(image.name, page: number)
        let landings = image.landings.dropFirst((number - 1) * Self.landingsPerPage).prefix(Self.landingsPerPage)
        let retired = number == 1 ? retiredRows(image) : []
        let pager = pageCount <= 1 ? [] : (1...pageCount).map { other in
            PageModel.PagerLink(title: String(other), href: other == number ? nil : SitePaths.link(from: page, to: SitePaths.history(image.name, page: other)))
        }
        var crumbs: [(String, String?)] = [("Images", SitePaths.catalog)]
        crumbs.append((image.name, site.map { SitePaths.image($0.name) }))
        crumbs.append(number == 1 ? ("history", nil) : ("history", SitePaths.history(image.name)))
        if number > 1 { crumbs.append(("page \(number)", nil)) }
        var frame = frame(page: page, title: number == 1 ? "\(image.name) history" : "\(image.name) history, page \(number)",
                          description: "Every change to the tags of \(image.name): added, updated and retired tags, by landing date.",
                          section: .images, crumbs: crumbs, kind: "history")
        frame.feed = writesFeeds ? SitePaths.link(from: page, to: SitePaths.feed(image.name)) : nil
        return PageModel.HistoryPage(
            frame: frame,
            image: image.name,
            imageHref: site.map { SitePaths.link(from: page, to: SitePaths.image($0.name)) },
            intro: historyIntro(image),
            landings: landings.map { landingRow($0) },
            pager: pager,
            hasPager: !pager.isEmpty,
            retiredTags: retired,
            hasRetiredTags: !retired.isEmpty,
            retiredCount: image.retiredTags.count,
            feedHref: writesFeeds ? fileLink(from: page, to: SitePaths.feed(image.name)) : nil,
            shallowNote: history?.shallowBoundary.map { boundary in
                "This clone is shallow: its history starts on \(Self.when(boundary).day), so a first-seen date of that day means \"before \(Self.when(boundary).day)\"."
            })
    }

    private func historyIntro(_ image: ImageHistory) -> String {
        let count = image.landings.count
        let changes = Counted.text(count, "change")
        let listed = image.tags.count - image.retiredTags.count
        var text = "\(changes) to the library file of \(image.name) since \(image.tags.first.map { Self.when($0.firstSeen).day } ?? "its start"), newest first"
        if let deleted = image.deleted {
            text += ". The library file was deleted on \(Self.when(deleted).day): the image is retired, and its tags may still be pulled"
        } else {
            text += "; \(Counted.text(listed, "tag")) listed today, \(image.retiredTags.count) retired"
        }
        return text + "."
    }

    func landingRow(_ landing: Landing) -> PageModel.LandingRow {
        let commit = landing.commit
        return PageModel.LandingRow(
            anchor: "c-" + commit.id.prefix(12),
            when: Self.when(commit),
            commit: String(commit.id.prefix(12)),
            commitHref: commitLinks.map { $0 + commit.id },
            subject: commit.subject,
            added: landing.added, hasAdded: !landing.added.isEmpty,
            updated: landing.updated, hasUpdated: !landing.updated.isEmpty,
            retired: landing.retired, hasRetired: !landing.retired.isEmpty,
            architecturesAdded: landing.architecturesAdded, hasArchitecturesAdded: !landing.architecturesAdded.isEmpty,
            architecturesRemoved: landing.architecturesRemoved, hasArchitecturesRemoved: !landing.architecturesRemoved.isEmpty)
    }

    /// The retired tags, most recently retired first, one row per group of tags that share
    /// every column (first seen, retired, last definition): a release's aliases, mostly.
    /// openjdk has retired 18,000 tags; one row each made its page 8 MB.
    private func retiredRows(_ image: ImageHistory) -> [PageModel.RetiredTagRow] {
        // Hashed on a few numbers, compared in full: hashing every field (two commit ids and a
        // definition) of every retired tag was most of the work of the history pages. The tags
        // of one entry share their definition's strings, which then compare at once.
        struct Key: Hashable {
            let firstSeen: HistoryCommit
            let retired: HistoryCommit
            let definition: TagDefinition

            func hash(into hasher: inout Hasher) {
                hasher.combine(firstSeen.time)
                hasher.combine(retired.time)
                hasher.combine(definition.gitCommit.utf8.count)
                hasher.combine(definition.directory.utf8.count)
            }
        }
        // One lookup per tag, and only names are gathered (a tag's history is a dozen references).
        var rowOf: [Key: Int] = [:]
        var groups: [(key: Key, names: [String])] = []
        let tags = image.retiredTags
        for index in tags.indices.reversed() {
            guard let retired = tags[index].retired else { continue }
            let key = Key(firstSeen: tags[index].firstSeen, retired: retired, definition: tags[index].lastDefinition)
            if let row = rowOf[key] {
                groups[row].names.append(tags[index].name)
            } else {
                rowOf[key] = groups.count
                groups.append((key, [tags[index].name]))
            }
        }
        // Rows share a few hundred dates: each is written out once.
        var dates: [Int64: PageModel.When] = [:]
        func when(_ commit: HistoryCommit) -> PageModel.When {
            if let known = dates[commit.time] { return known }
            let made = Self.when(commit)
            dates[commit.time] = made
            return made
        }
        return groups.map { key, names in
            let definition = key.definition
            return PageModel.RetiredTagRow(
                tags: names,
                firstSeen: when(key.firstSeen),
                retired: when(key.retired),
                dockerfile: DockerfileLinks.url(repository: definition.gitRepo, commit: definition.gitCommit, fetch: "",
                                                directory: definition.directory, file: definition.file),
                search: names.joined(separator: " ").lowercased())
        }
    }

    static func when(_ commit: HistoryCommit) -> PageModel.When {
        let stamp = AtomFeed.timestamp(commit.time)
        return PageModel.When(day: String(stamp.prefix(10)), datetime: stamp)
    }

    // MARK: Image pages

    /// The "Changed" date of each tag of `site`, by tag name.
    func changedDates(_ site: ImageSite) -> [String: PageModel.When] {
        guard let image = site.history else { return [:] }
        var dates: [String: PageModel.When] = [:]
        for tag in image.tags where !tag.isRetired {
            dates[tag.name] = Self.when(tag.lastChanged)
        }
        return dates
    }

    /// The line under the image's tag tables that links its history.
    func historyLine(_ image: ImageHistory) -> String {
        let retired = image.retiredTags.count
        return retired == 0 ? "No retired tags" : Counted.text(retired, "retired tag")
    }

    // MARK: Feeds

    /// The image's feed: its latest landings. Nil without a base URL.
    func imageFeed(_ image: ImageHistory) -> AtomFeed? {
        guard writesFeeds, let baseURL = settings.baseURL else { return nil }
        let page = SitePaths.canonical(SitePaths.history(image.name), baseURL: baseURL)
        let entries = image.landings.prefix(Self.imageFeedEntries).map { feedEntry($0, image: image.name, baseURL: baseURL) }
        return AtomFeed(id: SitePaths.canonical(SitePaths.feed(image.name), baseURL: baseURL),
                        title: "\(image.name) · \(settings.title)",
                        selfURL: SitePaths.canonical(SitePaths.feed(image.name), baseURL: baseURL),
                        alternateURL: page,
                        updated: image.landings.first?.commit.time ?? history?.tip.time ?? 0,
                        authorName: settings.title, entries: entries)
    }

    /// The site's feed: the latest landings of every image, newest first.
    func siteFeed() -> AtomFeed? {
        guard writesFeeds, let history, let baseURL = settings.baseURL else { return nil }
        let latest = history.latestLandings.filter { hasHistoryPages($0.image) }.prefix(Self.siteFeedEntries)
        let entries = latest.map { feedEntry($0.landing, image: $0.image, baseURL: baseURL) }
        return AtomFeed(id: SitePaths.canonical(SitePaths.siteFeed, baseURL: baseURL),
                        title: settings.title,
                        selfURL: SitePaths.canonical(SitePaths.siteFeed, baseURL: baseURL),
                        alternateURL: SitePaths.canonical(SitePaths.catalog, baseURL: baseURL),
                        updated: latest.first?.landing.commit.time ?? history.tip.time,
                        authorName: settings.title, entries: Array(entries))
    }

    /// One landing of one image as a feed entry: its id is the entry's address on the history
    /// page, the same in the image's feed and the site's.
    private func feedEntry(_ landing: Landing, image: String, baseURL: String) -> AtomFeed.Entry {
        let link = SitePaths.canonical(SitePaths.history(image), baseURL: baseURL) + "#c-" + landing.commit.id.prefix(12)
        return AtomFeed.Entry(id: link, title: Self.feedTitle(landing, image: image), updated: landing.commit.time,
                              link: link, summary: Self.feedSummary(landing))
    }

    /// "python: 3.14.8 added, 3.14.7 updated"; long lists end with "and N more".
    static func feedTitle(_ landing: Landing, image: String) -> String {
        func part(_ tags: [String], _ verb: String) -> String? {
            guard !tags.isEmpty else { return nil }
            let named = tags.prefix(tagsInTitle).joined(separator: ", ")
            return tags.count > tagsInTitle ? "\(named) and \(tags.count - tagsInTitle) more \(verb)" : "\(named) \(verb)"
        }
        var parts = [part(landing.added, "added"), part(landing.updated, "updated"), part(landing.retired, "retired")].compactMap { $0 }
        if parts.isEmpty {
            parts = [part(landing.architecturesAdded, "architectures added"), part(landing.architecturesRemoved, "architectures removed")]
                .compactMap { $0 }
        }
        return "\(image): " + (parts.isEmpty ? "library file changed" : parts.joined(separator: ", "))
    }

    /// Every tag the landing touched, a line per kind of change, then the commit's subject.
    static func feedSummary(_ landing: Landing) -> String {
        var lines: [String] = []
        for (title, names) in [("Added", landing.added), ("Updated", landing.updated), ("Retired", landing.retired),
                               ("Architectures added", landing.architecturesAdded),
                               ("Architectures removed", landing.architecturesRemoved)] where !names.isEmpty {
            lines.append("\(title): \(names.joined(separator: ", "))")
        }
        lines.append("Commit \(landing.commit.id.prefix(12)): \(landing.commit.subject)")
        return lines.joined(separator: "\n")
    }

    // MARK: Site-wide

    /// Whether the site has history pages for `name`: a listed image, or a retired one (its
    /// library file deleted). A library file with no image folder has none, so the site's
    /// feed and the retired-tags script leave it out rather than link nowhere.
    func hasHistoryPages(_ name: String) -> Bool {
        listedNames.contains(name) || history?.summary(name)?.isRetired == true
    }

    /// The history files that belong to no listed image: retired images' pages and feeds
    /// (but those of ``keptHistories``), the site's feed and the retired-tags script (unless
    /// ``keepsRetiredTagsScript``).
    func siteHistoryFiles(_ sink: (_ path: String, _ content: File.Content) -> Void) {
        guard let history else { return }
        let listed = Set(sites.map(\.name))
        for name in history.retiredImageNames where !listed.contains(name) && !keptHistories.contains(name) {
            guard let image = history.image(name) else { continue }
            for file in historyFiles(image, site: nil) {
                sink(file.path, file.content)
            }
        }
        if let feed = siteFeed() {
            sink(SitePaths.siteFeed, .text(feed.xml()))
        }
        if !keepsRetiredTagsScript {
            sink(SitePaths.retiredTags, .bytes(retiredTagsScript(history)))
        }
    }

    /// How many tags the retired-tags script lists.
    var retiredTagCount: Int {
        history.map { history in
            history.imageNames.filter(hasHistoryPages).reduce(0) { $0 + (history.summary($1)?.retiredTagCount ?? 0) }
        } ?? 0
    }

    /// `window.SITEGEN_RETIRED=[{"i":image,"t":[tags],"u":history page},…];`: every image's
    /// retired tags (most recently retired first), images by name. Loaded only when a reader
    /// asks the tag index or search for retired tags: across the whole history they number in
    /// the hundreds of thousands.
    func retiredTagsScript(_ history: History) -> [UInt8] {
        var json = JSONWriter(capacity: 64 * 1024)
        json.array { json in
            for name in history.imageNames where hasHistoryPages(name) {
                guard let image = history.summary(name), image.retiredTagCount > 0 else { continue }
                json.object { json in
                    json.member("i", name)
                    json.key("t")
                    json.array { json in
                        image.forEachRetiredTagName { json.string(utf8: $0) }
                    }
                    json.member("u", SitePaths.history(name))
                }
            }
        }
        return Array("window.SITEGEN_RETIRED=".utf8) + json.bytes + Array(";\n".utf8)
    }

    /// The catalog's "Retired images" list.
    func retiredImages(from page: String) -> [PageModel.RetiredImage] {
        guard let history else { return [] }
        let listed = Set(sites.map(\.name))
        return history.retiredImageNames.filter { !listed.contains($0) }.compactMap { name in
            guard let image = history.summary(name), let deleted = image.deleted else { return nil }
            return PageModel.RetiredImage(name: name, href: SitePaths.link(from: page, to: SitePaths.history(name)),
                                          note: "retired \(Self.when(deleted).day), \(Counted.text(image.tagCount, "tag"))")
        }
    }
}
