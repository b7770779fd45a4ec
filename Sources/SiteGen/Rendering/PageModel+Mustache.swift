import Mustache

// Templates look values up by name. swift-mustache asks a `MustacheParent` with
// `child(named:)`; anything else it reflects with `Mirror` on every lookup, which was three
// quarters of a corpus build's time. These switches make a lookup a string comparison.
// Keep them in step with PageModel.swift: PageModelLookupTests checks that every stored
// property of every page model resolves here to what Mirror sees.

extension PageModel.Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        default: nil
        }
    }
}

extension PageModel.NavItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "current": self.current
        default: nil
        }
    }
}

extension PageModel.Crumb: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href.map { $0 as Any }
        default: nil
        }
    }
}

extension PageModel.TocItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "isSub": self.isSub
        default: nil
        }
    }
}

extension PageModel.Frame: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "description": self.description
        case "root": self.root
        case "stylesheet": self.stylesheet.map { $0 as Any }
        case "script": self.script.map { $0 as Any }
        case "searchIndex": self.searchIndex
        case "searchPage": self.searchPage
        case "home": self.home
        case "canonical": self.canonical.map { $0 as Any }
        case "siteTitle": self.siteTitle
        case "nav": self.nav
        case "breadcrumbs": self.breadcrumbs
        case "hasBreadcrumbs": self.hasBreadcrumbs
        case "toc": self.toc
        case "hasToc": self.hasToc
        case "source": self.source
        case "pageKind": self.pageKind
        default: nil
        }
    }
}

extension PageModel.Badge: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": self.href
        default: nil
        }
    }
}

extension PageModel.BadgeList: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "architectures": self.architectures
        default: nil
        }
    }
}

extension PageModel.Chip: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        default: nil
        }
    }
}

extension PageModel.Card: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": self.href
        case "logo": self.logo.map { $0 as Any }
        case "shortDescription": self.shortDescription
        case "categories": self.categories
        case "hasCategories": self.hasCategories
        case "deprecated": self.deprecated
        case "tagCount": self.tagCount
        case "architectureCount": self.architectureCount
        case "note": self.note.map { $0 as Any }
        case "search": self.search
        case "categorySlugs": self.categorySlugs
        default: nil
        }
    }
}

extension PageModel.TagLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": self.href
        default: nil
        }
    }
}

extension PageModel.EntryRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": self.href
        case "firstTag": self.firstTag
        case "aliases": self.aliases
        case "hasAliases": self.hasAliases
        case "variant": self.variant
        case "architectures": self.architectures
        case "architecturesHTML": self.architecturesHTML
        case "architectureNames": self.architectureNames
        case "dockerfile": self.dockerfile.map { $0 as Any }
        case "sharedTags": self.sharedTags
        case "hasSharedTags": self.hasSharedTags
        case "search": self.search
        default: nil
        }
    }
}

extension PageModel.SharedGroupRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "tags": self.tags
        case "entries": self.entries
        case "architectures": self.architectures
        case "architecturesHTML": self.architecturesHTML
        case "architectureNames": self.architectureNames
        case "search": self.search
        default: nil
        }
    }
}

extension PageModel.VariantCard: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "summaryHTML": self.summaryHTML
        case "entryCount": self.entryCount
        case "isDefault": self.isDefault
        default: nil
        }
    }
}

extension PageModel.Sibling: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "current": self.current
        default: nil
        }
    }
}

extension PageModel.TagRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "tag": self.tag
        case "kind": self.kind
        case "isShared": self.isShared
        case "entries": self.entries
        case "architectures": self.architectures
        case "architecturesHTML": self.architecturesHTML
        case "architectureNames": self.architectureNames
        case "dockerfile": self.dockerfile.map { $0 as Any }
        case "search": self.search
        default: nil
        }
    }
}

extension PageModel.TagGroup: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "image": self.image
        case "imageHref": self.imageHref
        case "anchor": self.anchor
        case "count": self.count
        case "tags": self.tags
        case "deprecated": self.deprecated
        default: nil
        }
    }
}

extension PageModel.Letter: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "letter": self.letter
        case "href": self.href.map { $0 as Any }
        default: nil
        }
    }
}

extension PageModel.CatalogPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": self.frame
        case "cards": self.cards
        case "count": self.count
        case "categories": self.categories
        case "categoryFilters": self.categoryFilters
        default: nil
        }
    }
}

extension PageModel.CategoryFilter: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "slug": self.slug
        default: nil
        }
    }
}

extension PageModel.QuickReference: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "maintainerHTML": self.maintainerHTML
        case "getHelpHTML": self.getHelpHTML
        case "issuesHTML": self.issuesHTML
        case "source": self.source.map { $0 as Any }
        case "architectures": self.architectures
        case "categories": self.categories
        case "hasCategories": self.hasCategories
        default: nil
        }
    }
}

extension PageModel.ImagePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": self.frame
        case "name": self.name
        case "logo": self.logo.map { $0 as Any }
        case "shortDescription": self.shortDescription
        case "pull": self.pull
        case "deprecationHTML": self.deprecationHTML.map { $0 as Any }
        case "quick": self.quick
        case "entries": self.entries
        case "sharedGroups": self.sharedGroups
        case "hasSharedGroups": self.hasSharedGroups
        case "architectureFilters": self.architectureFilters
        case "tagsHref": self.tagsHref
        case "readmeHref": self.readmeHref
        case "contentHTML": self.contentHTML
        case "variants": self.variants
        case "hasVariants": self.hasVariants
        case "licenseHTML": self.licenseHTML.map { $0 as Any }
        default: nil
        }
    }
}

extension PageModel.VariantEntry: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "anchor": self.anchor
        case "tags": self.tags
        case "otherTags": self.otherTags
        case "hasOtherTags": self.hasOtherTags
        case "architectures": self.architectures
        case "architecturesHTML": self.architecturesHTML
        case "dockerfile": self.dockerfile.map { $0 as Any }
        case "builder": self.builder.map { $0 as Any }
        case "constraints": self.constraints.map { $0 as Any }
        default: nil
        }
    }
}

extension PageModel.VariantPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": self.frame
        case "image": self.image
        case "imageHref": self.imageHref
        case "title": self.title
        case "descriptionHTML": self.descriptionHTML.map { $0 as Any }
        case "entries": self.entries
        case "entryCount": self.entryCount
        case "siblings": self.siblings
        case "tagIndexHref": self.tagIndexHref
        case "imageTagsHref": self.imageTagsHref
        default: nil
        }
    }
}

extension PageModel.ImageTagsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": self.frame
        case "image": self.image
        case "imageHref": self.imageHref
        case "rows": self.rows
        case "count": self.count
        case "architectureFilters": self.architectureFilters
        default: nil
        }
    }
}

extension PageModel.TagIndexPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": self.frame
        case "letters": self.letters
        case "groups": self.groups
        case "total": self.total
        case "imageCount": self.imageCount
        default: nil
        }
    }
}

extension PageModel.ListingItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "note": self.note
        default: nil
        }
    }
}

extension PageModel.ListingPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": self.frame
        case "heading": self.heading
        case "intro": self.intro
        case "cards": self.cards
        case "hasCards": self.hasCards
        case "items": self.items
        case "hasItems": self.hasItems
        default: nil
        }
    }
}

extension PageModel.SimplePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": self.frame
        case "inlineStyle": self.inlineStyle.map { $0 as Any }
        default: nil
        }
    }
}
