/// docker-library's view of what changed between two versions of one library file: tags
/// added, removed and moved, builds matched across the versions, and architectures.
///
/// - A tag names, for each architecture, the first entry that lists it and builds that
///   architecture; it *moved* when, for an architecture it names in both states, the
///   repository, commit, directory or file differ (an override counts), or when its variant
///   does (where both states have a docs folder to tell it). It is shown by the first entry
///   that lists it, read for that entry's link architecture.
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
        for tag in newTags {
            let to = Self.source(tag.entry, variant: newVariant(tag.tag.name), architectures: tag.architectures)
            guard let before = oldIndex[tag.tag.name] else {
                added.append(DiffReport.TagRef(tag: tag.tag.name, kind: tag.tag.kind.rawValue, source: to))
                continue
            }
            let from = Self.source(before.entry, variant: oldVariant(tag.tag.name), architectures: before.architectures)
            // Every architecture the tag names in both states, each from whichever entry builds
            // it: an entry reordered moves nothing, a shared tag's second entry or one
            // architecture's override does.
            let changed = before.sources.keys.filter { architecture in
                tag.sources[architecture].map { $0 != before.sources[architecture] } ?? false
            }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            // A variant is known only where the image has a docs folder: one that appears or
            // goes with the folder moves nothing.
            let variantMoved = from.variant != nil && to.variant != nil && from.variant != to.variant
            if !changed.isEmpty || variantMoved {
                moved.append(DiffReport.TagMove(tag: tag.tag.name, kind: tag.tag.kind.rawValue, from: from, to: to,
                                                architectures: changed))
            }
        }
        let removed = oldTags.filter { !newNames.contains($0.tag.name) }.map { tag in
            DiffReport.TagRef(tag: tag.tag.name, kind: tag.tag.kind.rawValue,
                              source: Self.source(tag.entry, variant: oldVariant(tag.tag.name), architectures: tag.architectures))
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
                sourceChanged: sourceChanged, architectures: architectures,
                architectureSources: Self.overriddenChanges(before, entry)))
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

    /// One tag of a file: the first entry that lists it, and what it names for each architecture.
    struct TagBuild {
        let tag: Tag
        let entry: Entry
        /// Architecture → what it is built from, over every entry that lists the tag (the first
        /// entry that builds an architecture wins, as a manifest list has one image per platform).
        var sources: [String: ArchitectureSourceKey]
        var architectures: [String] {
            sources.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
    }

    /// What one architecture of an entry is built from (not `GitFetch`: which ref the commit is
    /// fetched by does not change what is built).
    struct ArchitectureSourceKey: Hashable {
        let gitRepo: String
        let gitCommit: String
        let directory: String
        let file: String

        init(_ entry: Entry, _ architecture: Architecture) {
            gitRepo = entry.gitRepo(for: architecture)
            gitCommit = entry.gitCommit(for: architecture)
            directory = entry.directory(for: architecture)
            file = entry.file(for: architecture)
        }
    }

    /// Every tag of `file` once, in file order (an entry's simple tags, then its shared ones).
    static func tagBuilds(_ file: LibraryFile?) -> [TagBuild] {
        guard let file else { return [] }
        var order: [TagBuild] = []
        var index: [String: Int] = [:]
        for entry in file.entries {
            // An entry's sources are the same for all its tags: worked out once.
            var sources: [String: ArchitectureSourceKey] = [:]
            for architecture in entry.architectures { sources[architecture.name] = ArchitectureSourceKey(entry, architecture) }
            for tag in entry.allTags {
                if let position = index[tag.name] {
                    order[position].sources.merge(sources) { first, _ in first }
                } else {
                    index[tag.name] = order.count
                    order.append(TagBuild(tag: tag, entry: entry, sources: sources))
                }
            }
        }
        return order
    }

    /// The architectures of both entries with an override on either side whose source changed,
    /// each with its own Dockerfile links (the build's `from` and `to` show its link architecture).
    static func overriddenChanges(_ old: Entry, _ new: Entry) -> [DiffReport.ArchitectureSourceChange] {
        guard !old.overrides.isEmpty || !new.overrides.isEmpty else { return [] }
        let shared = Set(old.architectures).intersection(new.architectures)
        return shared.filter { architecture in
            (old.overrides[architecture] != nil || new.overrides[architecture] != nil)
                && ArchitectureSourceKey(old, architecture) != ArchitectureSourceKey(new, architecture)
        }.sorted().map { architecture in
            DiffReport.ArchitectureSourceChange(architecture: architecture.name,
                                                from: architectureSource(old, architecture), to: architectureSource(new, architecture))
        }
    }

    static func architectureSource(_ entry: Entry, _ architecture: Architecture) -> DiffReport.ArchitectureSource {
        DiffReport.ArchitectureSource(gitRepo: entry.gitRepo(for: architecture), gitCommit: entry.gitCommit(for: architecture),
                                      directory: entry.directory(for: architecture), file: entry.file(for: architecture),
                                      dockerfile: DockerfileLinks.url(for: entry, architecture: architecture))
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
