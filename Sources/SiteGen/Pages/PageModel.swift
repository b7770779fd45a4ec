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

    struct SimplePage: Sendable {
        let frame: Frame
        /// The stylesheet inlined, for the 404 page that must work at any depth.
        let inlineStyle: String?
        /// With history, on the search page: the script of retired tags, loaded when asked.
        var retiredScript: String? = nil
        var retiredCount = 0
    }
}
