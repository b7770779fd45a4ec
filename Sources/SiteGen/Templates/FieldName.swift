/// The names the page models answer to, as the compiled templates look them up: a switch
/// over this enum is a jump, where one over the strings compares a name with each case in
/// turn, on every lookup of every page. Names that are not here belong to no page model;
/// ``TemplateFields/field(_:)-(String)`` still answers those, for swift-mustache and tests.
enum FieldName: String, Sendable {
    case aliases, anchor, architectureCount, architectureFilters, architectureNames, architectures
    case architecturesHTML, breadcrumbs, builder, canonical, cards, categories
    case categoryFilters, categorySlugs, constraints, contentHTML, count, current
    case dashAnchor, deprecated, deprecationHTML, description, descriptionHTML, docset, dockerfile, entries
    case entryCount, firstTag, frame, getHelpHTML, groups, hasAliases
    case hasBreadcrumbs, hasCards, hasCategories, hasItems, hasOtherTags, hasSharedGroups
    case hasSharedTags, hasToc, hasVariants, heading, home, href
    case image, imageCount, imageHref, imageTagsHref, initial, inlineStyle, intro
    case isDefault, isShared, isSub, issuesHTML, items, kind
    case letter, letters, licenseHTML, logo, maintainerHTML, name
    case nav, note, otherTags, pageKind, pull, quick
    case readmeHref, root, rows, script, search, searchIndex
    case searchPage, sharedGroups, sharedTags, shortDescription, siblings, siteTitle
    case slug, source, stylesheet, summaryHTML, tag, tagCount
    case tagIndexHref, tags, tagsHref, title, toc, total
    case variant, variants
    // History pages, "Changed" columns, feeds.
    case added, architecturesAdded, architecturesRemoved, changed, commit, commitHref, datetime, day, feed, feedHref
    case firstSeen, hasAdded, hasArchitecturesAdded, hasArchitecturesRemoved, hasHistory, hasPager, hasRetired
    case hasRetiredImages, hasRetiredTags, hasUpdated, historyHref, historyLine, landings, pager, retired
    case retiredCount, retiredImages, retiredScript, retiredTags, shallowNote, subject, updated, when
    // Registry data.
    case architecture, built, builtTitle, bytes, digest, hasRegistry, inRegistry, index, missing, osVersion, pinName, platforms
    case platformsHTML, registry, registryScript, registryStylesheet, shortDigest, size, smallestSize, smallestSizeTitle
    case tagsElsewhere, tagsIncluding, tagsMissing
    // Counts in words (`Counted`).
    case architecturesText, buildsText, containerImagesText, imagesText, retiredText, tagsText
}
