/// The values page templates read. Templates see stored properties by name (Mustache), so
/// these are plain structs; every string that is not named `…HTML` is escaped by Mustache.
enum PageModel {
    struct Link: Sendable {
        let title: String
        let href: String
    }

    struct NavItem: Sendable {
        let title: String
        let href: String
        let current: Bool
    }

    struct Crumb: Sendable {
        let title: String
        /// Nil for the current page (the last crumb).
        let href: String?
    }

    struct TocItem: Sendable {
        let title: String
        let href: String
        /// Whether it is a sub-section (the list shows two levels).
        let isSub: Bool
    }

    /// What every page shares: head, header, breadcrumbs, footer.
    struct Frame: Sendable {
        let title: String
        let description: String
        let root: String
        /// Nil on the 404 page, which inlines its style.
        let stylesheet: String?
        let script: String?
        let searchIndex: String
        let searchPage: String
        let home: String
        let canonical: String?
        let siteTitle: String
        let nav: [NavItem]
        let breadcrumbs: [Crumb]
        let hasBreadcrumbs: Bool
        let toc: [TocItem]
        let hasToc: Bool
        /// The docs repository's web address, for the footer.
        let source: String?
        let pageKind: String
        /// The page is for a docset (``SiteSettings/docset``).
        let docset: Bool
        /// The Atom feed the page announces (its image's, or the site's); nil without one.
        var feed: String? = nil
        /// With registry data: the theme's `registry.css`, loaded after the site's stylesheet.
        var registryStylesheet: String? = nil
        /// With registry data: the theme's `registry.js` (the digests' copy buttons), loaded
        /// before the site's script.
        var registryScript: String? = nil
    }

    struct Badge: Sendable {
        let name: String
        let href: String
    }

    /// What the `badges` partial reads when rendered on its own.
    struct BadgeList: Sendable {
        let architectures: [Badge]
    }

    struct Chip: Sendable {
        let title: String
        let href: String
    }

    struct Card: Sendable {
        let name: String
        let href: String
        let logo: String?
        let shortDescription: String
        let categories: [Chip]
        let hasCategories: Bool
        let deprecated: Bool
        let tagCount: Int
        let architectureCount: Int
        /// Extra line under the description (an architecture page says how many tags run there).
        let note: String?
        /// Lowercased text the catalog filter matches against.
        let search: String
        /// Category slugs, space-separated, for the category chips' filter.
        let categorySlugs: String
        /// With registry data: the smallest compressed size of the image's tags ("3.4 MB"),
        /// and what it is the smallest of (an architecture page's cards: of its architecture).
        var smallestSize: String? = nil
        var smallestSizeTitle = "The smallest compressed image of its tags in the registry data"

        /// The same card with another note.
        /// The name's first letter, capitalised: the tile of an image without a logo.
        var initial: String { name.first.map { String($0).uppercased() } ?? "?" }

        func with(note: String?) -> Card {
            Card(name: name, href: href, logo: logo, shortDescription: shortDescription, categories: categories,
                 hasCategories: hasCategories, deprecated: deprecated, tagCount: tagCount,
                 architectureCount: architectureCount, note: note, search: search, categorySlugs: categorySlugs,
                 smallestSize: smallestSize, smallestSizeTitle: smallestSizeTitle)
        }
    }

    struct TagLink: Sendable {
        let name: String
        let href: String
    }

    /// One entry as a row of a tag table.
    struct EntryRow: Sendable {
        let href: String
        let firstTag: String
        let aliases: [TagLink]
        let hasAliases: Bool
        let variant: Link
        let architectures: [Badge]
        /// The `badges` partial rendered for `architectures` (see ``SiteRenderer/BadgeCache``).
        let architecturesHTML: String
        let architectureNames: String
        let dockerfile: String?
        let sharedTags: [TagLink]
        let hasSharedTags: Bool
        let search: String
        /// With history: when the definition of a tag of the row last changed (the latest of them).
        var changed: When? = nil
        /// With registry data: the row's first tag in the registry.
        var registry: RegistryCell? = nil
    }

    struct SharedGroupRow: Sendable {
        let tags: [TagLink]
        let entries: [TagLink]
        let architectures: [Badge]
        /// The `badges` partial rendered for `architectures` (see ``SiteRenderer/BadgeCache``).
        let architecturesHTML: String
        let architectureNames: String
        let search: String
        /// With history: when the definition of a tag of the row last changed (the latest of them).
        var changed: When? = nil
        /// With registry data: the group's first shared tag in the registry.
        var registry: RegistryCell? = nil
    }

    struct VariantCard: Sendable {
        let title: String
        let href: String
        let summaryHTML: String
        let entryCount: Int
        let isDefault: Bool
    }

    struct Sibling: Sendable {
        let title: String
        let href: String
        let current: Bool
    }

    struct TagRow: Sendable {
        let tag: String
        let kind: String
        let isShared: Bool
        let entries: [TagLink]
        let architectures: [Badge]
        /// The `badges` partial rendered for `architectures` (see ``SiteRenderer/BadgeCache``).
        let architecturesHTML: String
        let architectureNames: String
        let dockerfile: String?
        let search: String
        /// With history: when the tag's definition last changed.
        var changed: When? = nil
        /// With registry data: the tag in the registry.
        var registry: RegistryCell? = nil
    }

    /// What the registry data file says of one tag, or of the tags of one row (an entry's, a
    /// shared tag group's), per architecture of its build or builds (the `registry` partial
    /// shows it).
    struct RegistryCell: Sendable {
        /// `image:tag`: the theme's `registry.js` joins it with a line's digest for that line's
        /// copy button (`image:tag@sha256:…`, a pin).
        let pinName: String
        /// The data file has none of the tags: the cell says so and shows nothing else.
        let missing: Bool
        /// The `registry-platforms` partial over the record's platforms (see ``RegistryCells``).
        let platformsHTML: String
        /// A row of several tags: those the file does not have, and those it has as another
        /// digest than the lines' (`a, b`); nil when there are none. The lines are those of
        /// the digest most of the row's tags name, and these say which tags they are not for.
        var tagsMissing: String? = nil
        var tagsElsewhere: String? = nil
        /// A build card's shared tags whose digest is an index that includes every image of
        /// the lines (the index of every build sharing them): pulled on these architectures,
        /// they give these very images.
        var tagsIncluding: String? = nil
    }

    /// The images of one record, one line per architecture: what the `registry-platforms`
    /// partial shows. It is rendered once per record for every tag naming the record, on the
    /// image's pages of every depth where it can be (``RegistryCells``), so it has no tag in it.
    struct RegistryPlatformList: Sendable {
        /// The record's own digest when it is not one of its images' (an index's): pinned,
        /// it pulls each machine's own architecture, which a platform's pin does not.
        let index: RegistryIndex?
        let platforms: [RegistryPlatform]
    }

    /// A record's own digest, and its first 12 hex digits.
    struct RegistryIndex: Sendable {
        let digest: String
        let shortDigest: String
    }

    /// One architecture's image of a record; the values are nil when the record has no image
    /// of the architecture.
    struct RegistryPlatform: Sendable {
        let architecture: String
        /// The architecture's page.
        let href: String
        /// Windows images' `os.version`, which tells ltsc2022 from ltsc2025.
        let osVersion: String?
        /// Compressed size, configuration and layers ("3.4 MB"), and in bytes ("3412345").
        let size: String?
        let bytes: String?
        /// The image manifest's digest (`sha256:…`), and its first 12 hex digits, as
        /// `docker images` shortens ids.
        let digest: String?
        let shortDigest: String?
        /// When the image was built: the configuration's `created`, else the day a sync first
        /// saw the record (``builtTitle`` says which).
        let built: When?
        let builtTitle: String?
    }

    struct TagGroup: Sendable {
        let image: String
        let imageHref: String
        let anchor: String
        let count: Int
        let tags: [TagLink]
        let deprecated: Bool
    }

    struct Letter: Sendable {
        let letter: String
        let href: String?
    }

    // MARK: Pages

    struct CatalogPage: Sendable {
        let frame: Frame
        let cards: [Card]
        let count: Int
        let categories: [Chip]
        let categoryFilters: [CategoryFilter]
        /// With history: the images whose library file was deleted.
        var retiredImages: [RetiredImage] = []
        var hasRetiredImages = false
    }

    struct CategoryFilter: Sendable {
        let title: String
        let slug: String
    }

    struct QuickReference: Sendable {
        let maintainerHTML: String
        let getHelpHTML: String
        let issuesHTML: String
        let source: Link?
        let architectures: [Badge]
        let categories: [Chip]
        let hasCategories: Bool
    }

    struct ImagePage: Sendable {
        let frame: Frame
        let name: String
        let logo: String?
        let shortDescription: String
        let pull: String
        let deprecationHTML: String?
        let quick: QuickReference
        let entries: [EntryRow]
        let sharedGroups: [SharedGroupRow]
        let hasSharedGroups: Bool
        let architectureFilters: [String]
        let tagsHref: String
        let readmeHref: String
        let contentHTML: String
        let variants: [VariantCard]
        let hasVariants: Bool
        let licenseHTML: String?
        /// With history: the tables' "Changed" column, and the line that links the history page.
        var hasHistory = false
        var historyHref: String? = nil
        var historyLine: String? = nil
        /// With registry data: the tables' "Registry" column.
        var hasRegistry = false
    }

    struct VariantEntry: Sendable {
        let anchor: String
        /// The docset's `Tag` anchor of the build (HTML), empty outside a docset.
        let dashAnchor: String
        let tags: [TagLink]
        let otherTags: [TagLink]
        let hasOtherTags: Bool
        let architectures: [Badge]
        /// The `badges` partial rendered for `architectures` (see ``SiteRenderer/BadgeCache``).
        let architecturesHTML: String
        let dockerfile: String?
        let builder: String?
        let constraints: String?
        /// With registry data: the build's first tag in the registry.
        var registry: RegistryCell? = nil
    }

    struct VariantPage: Sendable {
        let frame: Frame
        let image: String
        let imageHref: String
        let title: String
        let descriptionHTML: String?
        let entries: [VariantEntry]
        let entryCount: Int
        let siblings: [Sibling]
        let tagIndexHref: String
        let imageTagsHref: String
    }

    struct ImageTagsPage: Sendable {
        let frame: Frame
        let image: String
        let imageHref: String
        let rows: [TagRow]
        let count: Int
        let architectureFilters: [String]
        var hasHistory = false
        var historyHref: String? = nil
        var hasRegistry = false
    }

    struct TagIndexPage: Sendable {
        let frame: Frame
        let letters: [Letter]
        let groups: [TagGroup]
        let total: Int
        let imageCount: Int
        /// With history: the script of retired tags, loaded when the reader asks for them.
        var retiredScript: String? = nil
        var retiredCount = 0
    }

    struct ListingItem: Sendable {
        let title: String
        let href: String
        let note: String
    }

    /// Category and architecture pages, and their indexes.
    struct ListingPage: Sendable {
        let frame: Frame
        let heading: String
        let intro: String
        let cards: [Card]
        let hasCards: Bool
        let items: [ListingItem]
        let hasItems: Bool
    }

    // MARK: History

    /// A moment of history: the day shown, and the exact UTC time for `<time datetime>`.
    struct When: Sendable {
        let day: String
        let datetime: String
    }

    /// One landing commit's change to an image, as a timeline entry.
    struct LandingRow: Sendable {
        let anchor: String
        let when: When
        /// The commit id, shortened, and its web page when the repository is on GitHub.
        let commit: String
        let commitHref: String?
        let subject: String
        let added: [String]
        let hasAdded: Bool
        let updated: [String]
        let hasUpdated: Bool
        let retired: [String]
        let hasRetired: Bool
        let architecturesAdded: [String]
        let hasArchitecturesAdded: Bool
        let architecturesRemoved: [String]
        let hasArchitecturesRemoved: Bool
    }

    /// Retired tags that share every column: first seen, retired, last Dockerfile.
    struct RetiredTagRow: Sendable {
        let tags: [String]
        let firstSeen: When
        let retired: When
        let dockerfile: String?
        let search: String
    }

    struct PagerLink: Sendable {
        let title: String
        /// Nil for the current page.
        let href: String?
    }

    /// One page of an image's history (``SitePaths/history(_:page:)``).
    struct HistoryPage: Sendable {
        let frame: Frame
        let image: String
        /// The image's page; nil for a retired image, which has only its history.
        let imageHref: String?
        let intro: String
        let landings: [LandingRow]
        let pager: [PagerLink]
        let hasPager: Bool
        /// The retired tags, on the first page only.
        let retiredTags: [RetiredTagRow]
        let hasRetiredTags: Bool
        let retiredCount: Int
        let feedHref: String?
        /// Set when the clone is shallow: history starts at its boundary.
        let shallowNote: String?
    }

    /// The catalog's "Retired images" list: an image whose library file was deleted.
    struct RetiredImage: Sendable {
        let name: String
        let href: String
        let note: String
    }

    struct SimplePage: Sendable {
        let frame: Frame
        /// The stylesheet inlined, for the 404 page that must work at any depth.
        let inlineStyle: String?
        /// With history, on the search page: the script of retired tags, loaded when asked.
        var retiredScript: String? = nil
        var retiredCount = 0
    }
}
