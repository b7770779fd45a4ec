import Mustache

// Templates look values up by name. These switches answer both renderers: the compiled one
// (``CompiledTemplates``) reads the typed ``TemplateValue``; swift-mustache asks
// `child(named:)` (see ``TemplateFields``), and without it would reflect on the whole page
// model with `Mirror` for every lookup.
// Keep them in step with PageModel.swift: PageModelLookupTests checks that every stored
// property of every page model resolves here to what Mirror sees.

extension PageModel.Link: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        default: nil
        }
    }
}

extension PageModel.NavItem: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        case .current: .of(self.current)
        default: nil
        }
    }
}

extension PageModel.Crumb: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        default: nil
        }
    }
}

extension PageModel.TocItem: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        case .isSub: .of(self.isSub)
        default: nil
        }
    }
}

extension PageModel.Frame: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .description: .of(self.description)
        case .root: .of(self.root)
        case .stylesheet: .of(self.stylesheet)
        case .script: .of(self.script)
        case .searchIndex: .of(self.searchIndex)
        case .searchPage: .of(self.searchPage)
        case .home: .of(self.home)
        case .canonical: .of(self.canonical)
        case .siteTitle: .of(self.siteTitle)
        case .nav: .of(self.nav)
        case .breadcrumbs: .of(self.breadcrumbs)
        case .hasBreadcrumbs: .of(self.hasBreadcrumbs)
        case .toc: .of(self.toc)
        case .hasToc: .of(self.hasToc)
        case .source: .of(self.source)
        case .pageKind: .of(self.pageKind)
        case .docset: .of(self.docset)
        case .feed: .of(self.feed)
        case .registryStylesheet: .of(self.registryStylesheet)
        case .registryScript: .of(self.registryScript)
        default: nil
        }
    }
}

extension PageModel.Badge: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .name: .of(self.name)
        case .href: .of(self.href)
        default: nil
        }
    }
}

extension PageModel.BadgeList: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .architectures: .of(self.architectures)
        default: nil
        }
    }
}

extension PageModel.Chip: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        default: nil
        }
    }
}

extension PageModel.Card: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .name: .of(self.name)
        case .href: .of(self.href)
        case .logo: .of(self.logo)
        case .initial: .of(self.initial)
        case .shortDescription: .of(self.shortDescription)
        case .categories: .of(self.categories)
        case .hasCategories: .of(self.hasCategories)
        case .deprecated: .of(self.deprecated)
        case .tagCount: .of(self.tagCount)
        case .architectureCount: .of(self.architectureCount)
        case .tagsText: .of(Counted.text(self.tagCount, "tag"))
        case .architecturesText: .of(Counted.text(self.architectureCount, "architecture"))
        case .note: .of(self.note)
        case .search: .of(self.search)
        case .categorySlugs: .of(self.categorySlugs)
        case .smallestSize: .of(self.smallestSize)
        case .smallestSizeTitle: .of(self.smallestSizeTitle)
        default: nil
        }
    }
}

extension PageModel.TagLink: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .name: .of(self.name)
        case .href: .of(self.href)
        default: nil
        }
    }
}

extension PageModel.EntryRow: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .href: .of(self.href)
        case .firstTag: .of(self.firstTag)
        case .aliases: .of(self.aliases)
        case .hasAliases: .of(self.hasAliases)
        case .variant: .of(self.variant)
        case .architectures: .of(self.architectures)
        case .architecturesHTML: .of(self.architecturesHTML)
        case .architectureNames: .of(self.architectureNames)
        case .dockerfile: .of(self.dockerfile)
        case .sharedTags: .of(self.sharedTags)
        case .hasSharedTags: .of(self.hasSharedTags)
        case .search: .of(self.search)
        case .changed: .of(self.changed)
        case .registry: .of(self.registry)
        default: nil
        }
    }
}

extension PageModel.SharedGroupRow: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .tags: .of(self.tags)
        case .entries: .of(self.entries)
        case .architectures: .of(self.architectures)
        case .architecturesHTML: .of(self.architecturesHTML)
        case .architectureNames: .of(self.architectureNames)
        case .search: .of(self.search)
        case .changed: .of(self.changed)
        case .registry: .of(self.registry)
        default: nil
        }
    }
}

extension PageModel.VariantCard: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        case .summaryHTML: .of(self.summaryHTML)
        case .entryCount: .of(self.entryCount)
        case .isDefault: .of(self.isDefault)
        case .buildsText: .of(Counted.text(self.entryCount, self.isDefault ? "default build" : "build"))
        default: nil
        }
    }
}

extension PageModel.Sibling: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        case .current: .of(self.current)
        default: nil
        }
    }
}

extension PageModel.TagRow: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .tag: .of(self.tag)
        case .kind: .of(self.kind)
        case .isShared: .of(self.isShared)
        case .entries: .of(self.entries)
        case .architectures: .of(self.architectures)
        case .architecturesHTML: .of(self.architecturesHTML)
        case .architectureNames: .of(self.architectureNames)
        case .dockerfile: .of(self.dockerfile)
        case .search: .of(self.search)
        case .changed: .of(self.changed)
        case .registry: .of(self.registry)
        default: nil
        }
    }
}

extension PageModel.TagGroup: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .image: .of(self.image)
        case .imageHref: .of(self.imageHref)
        case .anchor: .of(self.anchor)
        case .count: .of(self.count)
        case .tags: .of(self.tags)
        case .tagsText: .of(Counted.text(self.count, "tag"))
        case .deprecated: .of(self.deprecated)
        default: nil
        }
    }
}

extension PageModel.Letter: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .letter: .of(self.letter)
        case .href: .of(self.href)
        default: nil
        }
    }
}

extension PageModel.CatalogPage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .cards: .of(self.cards)
        case .count: .of(self.count)
        case .categories: .of(self.categories)
        case .imagesText: .of(Counted.text(self.count, "image"))
        case .containerImagesText: .of(Counted.text(self.count, "container image"))
        case .categoryFilters: .of(self.categoryFilters)
        case .retiredImages: .of(self.retiredImages)
        case .hasRetiredImages: .of(self.hasRetiredImages)
        default: nil
        }
    }
}

extension PageModel.CategoryFilter: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .slug: .of(self.slug)
        default: nil
        }
    }
}

extension PageModel.QuickReference: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .maintainerHTML: .of(self.maintainerHTML)
        case .getHelpHTML: .of(self.getHelpHTML)
        case .issuesHTML: .of(self.issuesHTML)
        case .source: .of(self.source)
        case .architectures: .of(self.architectures)
        case .categories: .of(self.categories)
        case .hasCategories: .of(self.hasCategories)
        default: nil
        }
    }
}

extension PageModel.ImagePage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .name: .of(self.name)
        case .logo: .of(self.logo)
        case .shortDescription: .of(self.shortDescription)
        case .pull: .of(self.pull)
        case .deprecationHTML: .of(self.deprecationHTML)
        case .quick: .of(self.quick)
        case .entries: .of(self.entries)
        case .sharedGroups: .of(self.sharedGroups)
        case .hasSharedGroups: .of(self.hasSharedGroups)
        case .architectureFilters: .of(self.architectureFilters)
        case .tagsHref: .of(self.tagsHref)
        case .readmeHref: .of(self.readmeHref)
        case .contentHTML: .of(self.contentHTML)
        case .variants: .of(self.variants)
        case .hasVariants: .of(self.hasVariants)
        case .licenseHTML: .of(self.licenseHTML)
        case .hasHistory: .of(self.hasHistory)
        case .historyHref: .of(self.historyHref)
        case .historyLine: .of(self.historyLine)
        case .hasRegistry: .of(self.hasRegistry)
        default: nil
        }
    }
}

extension PageModel.VariantEntry: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .anchor: .of(self.anchor)
        case .dashAnchor: .of(self.dashAnchor)
        case .tags: .of(self.tags)
        case .otherTags: .of(self.otherTags)
        case .hasOtherTags: .of(self.hasOtherTags)
        case .architectures: .of(self.architectures)
        case .architecturesHTML: .of(self.architecturesHTML)
        case .dockerfile: .of(self.dockerfile)
        case .builder: .of(self.builder)
        case .constraints: .of(self.constraints)
        case .registry: .of(self.registry)
        default: nil
        }
    }
}

extension PageModel.VariantPage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .image: .of(self.image)
        case .imageHref: .of(self.imageHref)
        case .title: .of(self.title)
        case .descriptionHTML: .of(self.descriptionHTML)
        case .entries: .of(self.entries)
        case .entryCount: .of(self.entryCount)
        case .siblings: .of(self.siblings)
        case .buildsText: .of(Counted.text(self.entryCount, "image build"))
        case .tagIndexHref: .of(self.tagIndexHref)
        case .imageTagsHref: .of(self.imageTagsHref)
        default: nil
        }
    }
}

extension PageModel.ImageTagsPage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .image: .of(self.image)
        case .imageHref: .of(self.imageHref)
        case .rows: .of(self.rows)
        case .count: .of(self.count)
        case .architectureFilters: .of(self.architectureFilters)
        case .tagsText: .of(Counted.text(self.count, "tag"))
        case .hasHistory: .of(self.hasHistory)
        case .historyHref: .of(self.historyHref)
        case .hasRegistry: .of(self.hasRegistry)
        default: nil
        }
    }
}

extension PageModel.TagIndexPage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .letters: .of(self.letters)
        case .groups: .of(self.groups)
        case .total: .of(self.total)
        case .imageCount: .of(self.imageCount)
        case .tagsText: .of(Counted.text(self.total, "tag"))
        case .imagesText: .of(Counted.text(self.imageCount, "image"))
        case .retiredText: .of(Counted.text(self.retiredCount, "retired tag"))
        case .retiredScript: .of(self.retiredScript)
        case .retiredCount: .of(self.retiredCount)
        default: nil
        }
    }
}

extension PageModel.ListingItem: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        case .note: .of(self.note)
        default: nil
        }
    }
}

extension PageModel.ListingPage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .heading: .of(self.heading)
        case .intro: .of(self.intro)
        case .cards: .of(self.cards)
        case .hasCards: .of(self.hasCards)
        case .items: .of(self.items)
        case .hasItems: .of(self.hasItems)
        default: nil
        }
    }
}

extension PageModel.SimplePage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .inlineStyle: .of(self.inlineStyle)
        case .retiredScript: .of(self.retiredScript)
        case .retiredCount: .of(self.retiredCount)
        case .retiredText: .of(Counted.text(self.retiredCount, "retired tag"))
        default: nil
        }
    }
}
