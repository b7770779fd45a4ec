/// docker-library's view of what changed between two versions of one library file: tags
/// added, removed and moved, builds matched across the versions, and architectures.
///
/// - A tag's build is the first entry that lists it (as bashbrew and the history model take
///   it), read for that entry's link architecture; the tag *moved* when that build's
///   repository, commit, directory or file differ, or the tag's variant does (where both
///   states have a docs folder to tell it).
/// - Entries have no name of their own, so a new entry is the *same build* as the old entry
///   it shares the most tags with (simple and shared), each old entry matched once, ties to
///   the earlier entry. A build *changed* when its source (for any architecture: per-architecture
///   overrides count) or its architectures differ; unmatched entries are builds added or removed.
struct LibraryComparison {
    /// The variant a tag belongs to in one state; nil where the image has no docs folder.
    typealias VariantLookup = (String) -> String?

    let old: LibraryFile?
    let new: LibraryFile?
    let oldVariant: VariantLookup
    let newVariant: VariantLookup

    var tags: DiffReport.TagChanges {
        let oldTags = Self.tagBuilds(old)
        let newTags = Self.tagBuilds(new)
        let oldIndex = Dictionary(oldTags.map { ($0.tag.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(newTags.map(\.tag.name))
        var added: [DiffReport.TagRef] = []
        var moved: [DiffReport.TagMove] = []
        for (tag, entry, architectures) in newTags {
            let to = Self.source(entry, variant: newVariant(tag.name), architectures: architectures)
            guard let (_, oldEntry, oldArchitectures) = oldIndex[tag.name] else {
                added.append(DiffReport.TagRef(tag: tag.name, kind: tag.kind.rawValue, source: to))
                continue
            }
            let from = Self.source(oldEntry, variant: oldVariant(tag.name), architectures: oldArchitectures)
            // A variant is known only where the image has a docs folder: one that appears or
            // goes with the folder moves nothing.
            let variantMoved = from.variant != nil && to.variant != nil && from.variant != to.variant
            if from.gitRepo != to.gitRepo || from.gitCommit != to.gitCommit || from.directory != to.directory
                || from.file != to.file || variantMoved {
                moved.append(DiffReport.TagMove(tag: tag.name, kind: tag.kind.rawValue, from: from, to: to))
            }
        }
        let removed = oldTags.filter { !newNames.contains($0.tag.name) }.map { tag, entry, architectures in
            DiffReport.TagRef(tag: tag.name, kind: tag.kind.rawValue,
                              source: Self.source(entry, variant: oldVariant(tag.name), architectures: architectures))
        }
        return DiffReport.TagChanges(added: added, removed: removed, moved: moved)
    }

    var builds: DiffReport.BuildChanges {
        let oldEntries = old?.entries ?? []
        let newEntries = new?.entries ?? []
        let pairs = Self.match(oldEntries, newEntries)
        var matchedOld = Set<Int>()
        var changed: [DiffReport.BuildChange] = []
        var added: [DiffReport.Build] = []
        for (newIndex, entry) in newEntries.enumerated() {
            guard let oldIndex = pairs[newIndex] else {
                added.append(build(entry, variant: newVariant))
                continue
            }
            matchedOld.insert(oldIndex)
            let before = oldEntries[oldIndex]
            let sourceChanged = !Self.sameSource(before, entry)
            let architectures = DiffReport.ListChange.between(before.architectures.map(\.name), entry.architectures.map(\.name))
            guard sourceChanged || !architectures.isEmpty else { continue }
            changed.append(DiffReport.BuildChange(
                tags: entry.tags, sharedTags: entry.sharedTags,
                from: Self.source(before, variant: oldVariant(before.allTags.first?.name ?? ""), architectures: before.architectures.map(\.name)),
                to: Self.source(entry, variant: newVariant(entry.allTags.first?.name ?? ""), architectures: entry.architectures.map(\.name)),
                sourceChanged: sourceChanged, architectures: architectures))
        }
        let removed = oldEntries.indices.filter { !matchedOld.contains($0) }.map { build(oldEntries[$0], variant: oldVariant) }
        return DiffReport.BuildChanges(added: added, removed: removed, changed: changed)
    }

    var architectures: DiffReport.ListChange {
        DiffReport.ListChange.between((old?.architectures ?? []).map(\.name), (new?.architectures ?? []).map(\.name))
    }

    private func build(_ entry: Entry, variant: VariantLookup) -> DiffReport.Build {
        DiffReport.Build(tags: entry.tags, sharedTags: entry.sharedTags,
                         source: Self.source(entry, variant: variant(entry.allTags.first?.name ?? ""),
                                             architectures: entry.architectures.map(\.name)))
    }

    /// Every tag of `file` once, in file order (an entry's simple tags, then its shared ones),
    /// with the first entry that lists it and the architectures of every entry that does.
    static func tagBuilds(_ file: LibraryFile?) -> [(tag: Tag, entry: Entry, architectures: [String])] {
        guard let file else { return [] }
        var order: [(tag: Tag, entry: Entry)] = []
        var architectures: [String: Set<String>] = [:]
        for entry in file.entries {
            for tag in entry.allTags {
                if architectures[tag.name] == nil { order.append((tag, entry)) }
                architectures[tag.name, default: []].formUnion(entry.architectures.map(\.name))
            }
        }
        return order.map { ($0.tag, $0.entry, (architectures[$0.tag.name] ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }) }
    }

    static func source(_ entry: Entry, variant: String?, architectures: [String]) -> DiffReport.Source {
        let architecture = entry.linkArchitecture
        return DiffReport.Source(gitRepo: entry.gitRepo(for: architecture), gitCommit: entry.gitCommit(for: architecture),
                                 directory: entry.directory(for: architecture), file: entry.file(for: architecture),
                                 dockerfile: DockerfileLinks.url(for: entry), variant: variant, architectures: architectures)
    }

    /// Whether two entries build from the same sources for every architecture.
    static func sameSource(_ old: Entry, _ new: Entry) -> Bool {
        old.gitRepo == new.gitRepo && old.gitFetch == new.gitFetch && old.gitCommit == new.gitCommit
            && old.directory == new.directory && old.file == new.file && old.overrides == new.overrides
    }

    /// New entry index → the old entry it continues, by the most tags shared.
    static func match(_ old: [Entry], _ new: [Entry]) -> [Int: Int] {
        var holders: [String: [Int]] = [:]
        for (index, entry) in old.enumerated() {
            for tag in entry.tags + entry.sharedTags { holders[tag, default: []].append(index) }
        }
        var candidates: [(shared: Int, new: Int, old: Int)] = []
        for (newIndex, entry) in new.enumerated() {
            var counts: [Int: Int] = [:]
            for tag in entry.tags + entry.sharedTags {
                for oldIndex in holders[tag] ?? [] { counts[oldIndex, default: 0] += 1 }
            }
            for (oldIndex, shared) in counts { candidates.append((shared, newIndex, oldIndex)) }
        }
        candidates.sort { ($0.shared, -$0.new, -$0.old) > ($1.shared, -$1.new, -$1.old) }
        var pairs: [Int: Int] = [:]
        var taken = Set<Int>()
        for candidate in candidates where pairs[candidate.new] == nil && !taken.contains(candidate.old) {
            pairs[candidate.new] = candidate.old
            taken.insert(candidate.old)
        }
        return pairs
    }
}
