/// Folds the versions of one image's library file, oldest first, into its ``ImageHistory``.
///
/// The rules (docker-library's view of a tag's life):
/// - a tag is *added* when a version lists it and the one before did not (a tag that comes
///   back after it was retired keeps its first `firstSeen`, and its return is one of its
///   changes), *updated* when its ``TagDefinition`` differs from the one before, *retired*
///   when a version no longer lists it;
/// - a deleted library file retires every tag it listed, and with them its architectures;
/// - a version that does not parse changes nothing: the next one is compared with the last
///   version that parsed;
/// - a landing is recorded only when it added, updated or retired a tag or changed the
///   image's architectures.
///
/// Commits are numbers: their place on the first-parent chain (``HistoryCache`` keeps the
/// table). A builder holds everything needed to go on folding later versions, which is what
/// an incremental load does with a cached one.
struct HistoryBuilder: Sendable {
    /// One tag as folded so far.
    struct TagState: Sendable, Equatable {
        let name: String
        let firstSeen: Int
        var changes: [Int]
        var retired: Int?
        var definition: TagDefinition
    }

    /// One landing, with commits and tags as numbers.
    struct LandingState: Sendable, Equatable {
        let commit: Int
        let added: [Int]
        let updated: [Int]
        let retired: [Int]
        let architecturesAdded: [String]
        let architecturesRemoved: [String]
    }

    /// One parsed version: its tags in file order with their definitions, and the image's
    /// architectures (sorted).
    struct Version: Sendable {
        let tags: [(name: String, definition: TagDefinition)]
        let architectures: [String]
    }

    let name: String
    private(set) var tags: [TagState] = []
    private var tagIndex: [String: Int] = [:]
    /// The tags the last parsed version listed, in its order.
    private(set) var listed: [Int] = []
    /// The image's architectures in the last parsed version, sorted.
    private(set) var architectures: [String] = []
    /// Oldest first.
    private(set) var landings: [LandingState] = []
    /// The commit that deleted the file, while it stays deleted.
    private(set) var deleted: Int?
    /// Whether some version gave at least one tag (files that never did are not images).
    private(set) var hasTags = false

    init(name: String) {
        self.name = name
    }

    init(name: String, tags: [TagState], listed: [Int], architectures: [String], landings: [LandingState],
         deleted: Int?, hasTags: Bool) {
        self.name = name
        self.tags = tags
        self.listed = listed
        self.architectures = architectures
        self.landings = landings
        self.deleted = deleted
        self.hasTags = hasTags
        for (index, tag) in tags.enumerated() { tagIndex[tag.name] = index }
    }

    /// Commit `commit` changed the file to `version`.
    mutating func apply(_ version: Version, at commit: Int) {
        deleted = nil
        var added: [Int] = [], updated: [Int] = []
        // Which tags this version lists, by index (a tag is listed once however often the
        // version names it).
        var stillListed = [Bool](repeating: false, count: tags.count + version.tags.count)
        var newListed: [Int] = []
        newListed.reserveCapacity(version.tags.count)
        for (name, definition) in version.tags {
            guard let index = tagIndex[name] else {
                tagIndex[name] = tags.count
                added.append(tags.count)
                newListed.append(tags.count)
                stillListed[tags.count] = true
                tags.append(TagState(name: name, firstSeen: commit, changes: [], retired: nil, definition: definition))
                continue
            }
            guard !stillListed[index] else { continue }
            stillListed[index] = true
            newListed.append(index)
            if tags[index].retired != nil {
                tags[index].retired = nil
                tags[index].changes.append(commit)
                tags[index].definition = definition
                added.append(index)
            } else if tags[index].definition != definition {
                tags[index].changes.append(commit)
                tags[index].definition = definition
                updated.append(index)
            }
        }
        let retired = listed.filter { !stillListed[$0] }
        for index in retired { tags[index].retired = commit }
        record(commit: commit, added: added, updated: updated, retired: retired, architectures: version.architectures)
        listed = newListed
        hasTags = hasTags || !newListed.isEmpty
    }

    /// Commit `commit` deleted the file: every listed tag is retired.
    mutating func delete(at commit: Int) {
        for index in listed { tags[index].retired = commit }
        record(commit: commit, added: [], updated: [], retired: listed, architectures: [])
        listed = []
        deleted = commit
    }

    /// Commit `commit` wrote a version that does not parse: the file exists, nothing else changes.
    mutating func skip(at commit: Int) {
        deleted = nil
    }

    private mutating func record(commit: Int, added: [Int], updated: [Int], retired: [Int], architectures new: [String]) {
        let old = Set(architectures), current = Set(new)
        let gained = new.filter { !old.contains($0) }
        let lost = architectures.filter { !current.contains($0) }
        architectures = new
        guard !(added.isEmpty && updated.isEmpty && retired.isEmpty && gained.isEmpty && lost.isEmpty) else { return }
        landings.append(LandingState(commit: commit, added: added, updated: updated, retired: retired,
                                     architecturesAdded: gained, architecturesRemoved: lost))
    }

    /// The indices of `tags` in the order of ``ImageHistory/tags``: by first seen, then name.
    var tagOrder: [Int] {
        tags.indices.sorted { left, right in
            let a = tags[left], b = tags[right]
            return a.firstSeen != b.firstSeen ? a.firstSeen < b.firstSeen : ByteSearch.precedes(a.name, b.name)
        }
    }

    /// The image's history, with commit numbers looked up in `commits`.
    func history(commits: [HistoryCommit]) -> ImageHistory {
        let tagHistories = tagOrder.map { index in
            let tag = tags[index]
            return TagHistory(name: tag.name, firstSeen: commits[tag.firstSeen], changes: tag.changes.map { commits[$0] },
                              retired: tag.retired.map { commits[$0] }, lastDefinition: tag.definition)
        }
        let landingValues = landings.reversed().map { landing in
            Landing(commit: commits[landing.commit], added: landing.added.map { tags[$0].name },
                    updated: landing.updated.map { tags[$0].name }, retired: landing.retired.map { tags[$0].name },
                    architecturesAdded: landing.architecturesAdded, architecturesRemoved: landing.architecturesRemoved)
        }
        return ImageHistory(name: name, tags: tagHistories, landings: landingValues, deleted: deleted.map { commits[$0] })
    }
}

extension HistoryBuilder.Version {
    /// The tags of `file` with their definitions.
    init(file: LibraryFile) {
        self.init(entries: file.entries.map { ($0, Self.definition(of: $0)) })
    }

    /// The tags of `entries` (each with its ``definition(of:)``): a tag's definition comes from
    /// the first entry listing it, its architectures from every entry listing it (a shared tag
    /// spans several).
    init(entries: [(entry: Entry, definition: TagDefinition)]) {
        var tags: [(name: String, definition: TagDefinition)] = []
        var sharedPositions: [String: Int] = [:]
        var all = Set<String>()
        for (entry, definition) in entries {
            all.formUnion(definition.architectures)
            for tag in entry.tags { tags.append((tag, definition)) }
            for tag in entry.sharedTags {
                guard let position = sharedPositions[tag] else {
                    sharedPositions[tag] = tags.count
                    tags.append((tag, definition))
                    continue
                }
                let old = tags[position].definition
                let merged = Set(old.architectures).union(definition.architectures).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                tags[position].definition = TagDefinition(gitRepo: old.gitRepo, gitCommit: old.gitCommit, directory: old.directory,
                                                          file: old.file, architectures: merged)
            }
        }
        self.init(tags: tags, architectures: all.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// What `entry` builds, for its link architecture (`amd64`, else its first).
    static func definition(of entry: Entry) -> TagDefinition {
        let link = entry.linkArchitecture
        return TagDefinition(gitRepo: entry.gitRepo(for: link), gitCommit: entry.gitCommit(for: link),
                             directory: entry.directory(for: link), file: entry.file(for: link),
                             architectures: entry.architectures.map(\.name))
    }
}
