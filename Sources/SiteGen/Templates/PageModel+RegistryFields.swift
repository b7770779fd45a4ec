/// The registry data's page models as templates see them (see `PageModel+Mustache.swift`):
/// the `registry` partial's cell, and the `registry-platforms` partial's lines.
extension PageModel.RegistryCell: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .pinName: .of(self.pinName)
        case .missing: .of(self.missing)
        case .platformsHTML: .of(self.platformsHTML)
        case .tagsMissing: .of(self.tagsMissing)
        case .tagsElsewhere: .of(self.tagsElsewhere)
        case .tagsIncluding: .of(self.tagsIncluding)
        default: nil
        }
    }
}

extension PageModel.RegistryPlatformList: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .index: .of(self.index)
        case .platforms: .of(self.platforms)
        default: nil
        }
    }
}

extension PageModel.RegistryIndex: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .digest: .of(self.digest)
        case .shortDigest: .of(self.shortDigest)
        default: nil
        }
    }
}

extension PageModel.RegistryPlatform: KeyedTemplateFields {
    func field(_ key: FieldName) -> TemplateValue? {
        switch key {
        case .architecture: .of(self.architecture)
        case .href: .of(self.href)
        case .osVersion: .of(self.osVersion)
        case .size: .of(self.size)
        // Whether the line has the registry's values: a flag, where a section over `size`
        // would push the text for every lookup inside it to step past.
        case .inRegistry: .of(self.size != nil)
        case .bytes: .of(self.bytes)
        case .digest: .of(self.digest)
        case .shortDigest: .of(self.shortDigest)
        case .built: .of(self.built)
        case .builtTitle: .of(self.builtTitle)
        default: nil
        }
    }
}
