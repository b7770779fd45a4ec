// The history pages' models, answered by name as in PageModel+Mustache.swift (and checked by
// PageModelLookupTests the same way).

extension PageModel.When: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .day: .of(self.day)
        case .datetime: .of(self.datetime)
        default: nil
        }
    }
}

extension PageModel.LandingRow: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .anchor: .of(self.anchor)
        case .when: .of(self.when)
        case .commit: .of(self.commit)
        case .commitHref: .of(self.commitHref)
        case .subject: .of(self.subject)
        case .added: .of(self.added)
        case .hasAdded: .of(self.hasAdded)
        case .updated: .of(self.updated)
        case .hasUpdated: .of(self.hasUpdated)
        case .retired: .of(self.retired)
        case .hasRetired: .of(self.hasRetired)
        case .architecturesAdded: .of(self.architecturesAdded)
        case .hasArchitecturesAdded: .of(self.hasArchitecturesAdded)
        case .architecturesRemoved: .of(self.architecturesRemoved)
        case .hasArchitecturesRemoved: .of(self.hasArchitecturesRemoved)
        default: nil
        }
    }
}

extension PageModel.RetiredTagRow: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .tags: .of(self.tags)
        case .firstSeen: .of(self.firstSeen)
        case .retired: .of(self.retired)
        case .dockerfile: .of(self.dockerfile)
        case .search: .of(self.search)
        default: nil
        }
    }
}

extension PageModel.PagerLink: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .title: .of(self.title)
        case .href: .of(self.href)
        default: nil
        }
    }
}

extension PageModel.HistoryPage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .frame: .of(self.frame)
        case .image: .of(self.image)
        case .imageHref: .of(self.imageHref)
        case .intro: .of(self.intro)
        case .landings: .of(self.landings)
        case .pager: .of(self.pager)
        case .hasPager: .of(self.hasPager)
        case .retiredTags: .of(self.retiredTags)
        case .hasRetiredTags: .of(self.hasRetiredTags)
        case .retiredCount: .of(self.retiredCount)
        case .feedHref: .of(self.feedHref)
        case .retiredText: .of(Counted.text(self.retiredCount, "retired tag"))
        case .shallowNote: .of(self.shallowNote)
        default: nil
        }
    }
}

extension PageModel.RetiredImage: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .name: .of(self.name)
        case .href: .of(self.href)
        case .note: .of(self.note)
        default: nil
        }
    }
}
