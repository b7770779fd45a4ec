/// With registry data: library tags the data file does not have (never pushed, or pushed
/// after the last sync); tags of one entry, or of one shared tag group, that name different
/// digests (one tag moved apart from the others); and tags the registry lists that no library
/// file does (stale tags left behind, or pushed by hand). All at the image's library file, so
/// that a reviewer sees them where the tags are listed.
enum RegistryLint {
    /// How many names a warning lists before it says how many more.
    static let listed = 10

    static func check(_ site: ImageSite) -> [Diagnostic] {
        guard let registry = site.registry else { return [] }
        let library = site.image.library
        guard let data = registry.data else {
            guard registry.synced else { return [] }
            return [.warning("registry.image-missing", file: library.path,
                             "\(site.name) is not in the registry data: no sync has recorded \(registry.pullName)",
                             hint: "push the image and run `sitegen registry sync` (a sync with --images records only those it names)")]
        }
        var problems: [Diagnostic] = []
        var libraryTags: Set<String> = []
        for entry in library.entries {
            let missing = (entry.tags + entry.sharedTags).filter { libraryTags.insert($0).inserted && data.tags[$0] == nil }
            guard !missing.isEmpty else { continue }
            let names = missing.map { "`\(site.name):\($0)`" }.joined(separator: ", ")
            problems.append(.warning("registry.tag-missing", file: library.path, line: entry.line,
                                     "\(names) \(missing.count == 1 ? "is" : "are") not in the registry data",
                                     hint: "push \(missing.count == 1 ? "it" : "them") to \(registry.pullName), or run `sitegen registry sync` if \(missing.count == 1 ? "it was" : "they were") pushed since the last sync"))
        }
        for entry in library.entries {
            problems += apart(entry.tags, of: "one entry", line: entry.line, site: site, data: data)
        }
        for group in library.sharedTagGroups {
            problems += apart(group.sharedTags, of: "one shared tag group", line: group.entries.first?.line, site: site, data: data)
        }
        if let registryTags = data.registryTags {
            let unlisted = registryTags.filter { !libraryTags.contains($0) }
            if !unlisted.isEmpty {
                let shown = unlisted.prefix(listed).map { "`\($0)`" }.joined(separator: ", ")
                    + (unlisted.count > listed ? ", and \(unlisted.count - listed) more" : "")
                problems.append(.warning("registry.tag-unlisted", file: library.path,
                                         "the registry has \(unlisted.count) tag\(unlisted.count == 1 ? "" : "s") of \(registry.pullName) that no library file lists: \(shown)",
                                         hint: "stale tags still pull an old image: delete them from the registry, or list them in \(library.path)"))
            }
        }
        return problems
    }

    /// The tags of `tags` (one row of the pages: an entry's, or a shared group's) that the file
    /// has as another digest than the first one it has; the pages show that one's images for
    /// the row, and name these apart.
    private static func apart(_ tags: [String], of what: String, line: Int?, site: ImageSite,
                              data: RegistryData.Image) -> [Diagnostic] {
        var first: (tag: String, digest: String)?
        var others: [(tag: String, digest: String)] = []
        for tag in tags {
            guard let digest = data.tags[tag] else { continue }
            if let first {
                if digest != first.digest { others.append((tag, digest)) }
            } else {
                first = (tag, digest)
            }
        }
        guard let first, !others.isEmpty else { return [] }
        let named = others.map { "`\(site.name):\($0.tag)` (\(SiteRenderer.shortDigest($0.digest)))" }.joined(separator: ", ")
        return [.warning("registry.tags-apart", file: site.image.library.path, line: line,
                         "the tags of \(what) name different digests in the registry data: \(named) against `\(site.name):\(first.tag)` (\(SiteRenderer.shortDigest(first.digest)))",
                         hint: "push the tags together as one image, or run `sitegen registry sync` again if a push was under way; until then the pages show \(first.tag)'s images for the row and name the others apart")]
    }
}
