/// With registry data: library tags the data file does not have (never pushed, or pushed
/// after the last sync); architectures a row of the tag tables shows (an entry's, or a shared
/// tag group's: its entries') that its tag's image lacks; tags of one
/// entry, or of one shared tag group, that name different digests (one tag moved apart from
/// the others); and tags the registry lists that no library file does (stale tags left
/// behind, or pushed by hand). All at the image's library file, so
/// that a reviewer sees them where the tags are listed.
enum RegistryLint {
    /// How many names a warning lists before it says how many more.
    static let listed = 10

    /// A row of the pages' tag tables, which shows the images of its first tag the file has.
    private struct Row {
        let tags: [String]
        let architectures: [Architecture]
        /// What the row is, in a warning: "one entry", "one shared tag group".
        let kind: String
        /// Who lists the architectures, in a warning.
        let lister: String
        let line: Int?

        /// An entry's row: its simple tags, at the start of its paragraph.
        init(entry: Entry) {
            (tags, architectures, kind, lister, line) = (entry.tags, entry.architectures, "one entry", "the entry lists", entry.line)
        }

        /// A shared tag group's row: its tags over its entries' architectures (as the image
        /// page's row shows them), at the first entry's `SharedTags:` line.
        init(group: SharedTagGroup) {
            tags = group.sharedTags
            architectures = group.architectures
            kind = "one shared tag group"
            lister = "the entries of its shared tag group list"
            line = group.entries.first.map { $0.sharedTagsLine ?? $0.line }
        }
    }

    static func check(_ site: ImageSite) -> [Diagnostic] {
        guard let registry = site.registry else { return [] }
        return check(site.name, library: site.image.library, registry: registry, hasPages: true)
    }

    /// The same for the library files without an image folder (`sitegen check`, which reads
    /// the whole data file): a sync records every library file, and a stale tag of an image
    /// the site does not show still pulls an old image. `except`: the site's images, checked
    /// with their pages' model. `synced`: whether a sync records the image
    /// (``ImageRegistry/synced``).
    static func check(libraryOnly directory: LibraryDirectory, except: Set<String>, data: RegistryData,
                      synced: (String) -> Bool) -> [Diagnostic] {
        let prefix = RegistryPlatforms.pullPrefix(registry: data.registry, namespace: data.namespace)
        var problems: [Diagnostic] = []
        for name in directory.fileNames where !except.contains(name) {
            // A library file that does not read is left out: no page and no build reads it, and
            // its registry lints would be guesses.
            guard let library = directory.file(named: name).file else { continue }
            let registry = ImageRegistry(data: data.images[name], pullPrefix: prefix, image: name,
                                         tags: library.entries.lazy.flatMap { $0.tags + $0.sharedTags }, synced: synced(name))
            problems += check(name, library: library, registry: registry, hasPages: false)
        }
        return problems
    }

    /// The images `data` has records of and no library file lists (`sitegen check`): their tags
    /// are registry tags no library file lists, as a retired image's are. A sync of the whole
    /// library drops them; one limited to some images (`--images`) keeps them.
    static func check(unlistedIn data: RegistryData, path: String, library: LibraryDirectory) -> [Diagnostic] {
        let prefix = RegistryPlatforms.pullPrefix(registry: data.registry, namespace: data.namespace)
        return data.images.keys.sorted().filter { !library.contains($0) }.map { name in
            .warning("registry.image-unlisted", file: path,
                     "the registry data has records of \(name) (\(prefix)\(name)), which no library file in \(library.path) lists",
                     hint: "add its library file, or run `sitegen registry sync` over the whole library (without --images or `registry: images:`), which drops them")
        }
    }

    /// `hasPages`: whether the image has pages, which the hints then say what they show.
    private static func check(_ name: String, library: LibraryFile, registry: ImageRegistry, hasPages: Bool) -> [Diagnostic] {
        guard let data = registry.data else {
            guard registry.synced else { return [] }
            return [.warning("registry.image-missing", file: library.path,
                             "\(name) is not in the registry data: no sync has recorded \(registry.pullName)",
                             hint: "push the image and run `sitegen registry sync` (a sync with --images records only those it names)")]
        }
        var problems: [Diagnostic] = []
        var libraryTags: Set<String> = []
        // Each warning points at the line that lists its tags: `Tags:` or `SharedTags:`.
        for (tags, line) in library.entries.flatMap({ [($0.tags, $0.line), ($0.sharedTags, $0.sharedTagsLine ?? $0.line)] }) {
            let missing = tags.filter { libraryTags.insert($0).inserted && data.tags[$0] == nil }
            guard !missing.isEmpty else { continue }
            let names = missing.map { "`\(name):\($0)`" }.joined(separator: ", ")
            problems.append(.warning("registry.tag-missing", file: library.path, line: line,
                                     "\(names) \(missing.count == 1 ? "is" : "are") not in the registry data",
                                     hint: "push \(missing.count == 1 ? "it" : "them") to \(registry.pullName), or run `sitegen registry sync` if \(missing.count == 1 ? "it was" : "they were") pushed since the last sync"))
        }
        let rows = library.entries.map(Row.init(entry:)) + library.sharedTagGroups.map(Row.init(group:))
        // A shared tag group of one entry often names that entry's own image: warned of once.
        var checked: Set<String> = []
        for row in rows {
            guard let tag = row.tags.first(where: { data.tags[$0] != nil }), let digest = data.tags[tag],
                  checked.insert(digest + " " + row.architectures.map(\.name).joined(separator: ",")).inserted else { continue }
            problems += architecturesMissing(row, tag: tag, digest: digest, name: name, library: library, data: data, hasPages: hasPages)
        }
        for row in rows {
            problems += apart(row, name: name, library: library, data: data, hasPages: hasPages)
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

    /// The architectures `row` shows that the image of `tag` (its first tag the file has,
    /// naming `digest`) lacks: an architecture not pushed yet, or dropped. The pages say "not
    /// in the registry" on each.
    private static func architecturesMissing(_ row: Row, tag: String, digest: String, name: String, library: LibraryFile,
                                             data: RegistryData.Image, hasPages: Bool) -> [Diagnostic] {
        guard let record = data.digests[digest] else { return [] }
        // An architecture bashbrew has no platform for cannot be looked for in the record.
        let missing = row.architectures.filter {
            RegistryPlatforms.platform(of: $0) != nil && RegistryPlatforms.positions(in: record, for: $0).isEmpty
        }
        guard !missing.isEmpty else { return [] }
        let has = record.platforms.map { platform in
            RegistryPlatforms.architecture(of: platform)?.name
                ?? [platform.os, platform.architecture, platform.variant].compactMap { $0 }.joined(separator: "/")
        }
        var seen: Set<String> = []
        let present = has.filter { seen.insert($0).inserted }
        let listed = missing.map(\.name).joined(separator: ", ")
        return [.warning("registry.architecture-missing", file: library.path, line: row.line,
                         "`\(name):\(tag)` has no \(listed) image in the registry data, which \(row.lister) (its image has \(present.isEmpty ? "none" : present.joined(separator: ", ")))",
                         hint: "push \(missing.count == 1 ? "that architecture's image" : "those architectures' images") under the tag (a build may still be running), then run `sitegen registry sync`\(hasPages ? "; until then the pages say \"not in the registry\" there" : "")")]
    }

    /// The tags of `row` that the file has as another digest than the first one it has; the
    /// pages show that one's images for the row, and name these apart.
    private static func apart(_ row: Row, name: String, library: LibraryFile, data: RegistryData.Image,
                              hasPages: Bool) -> [Diagnostic] {
        var first: (tag: String, digest: String)?
        var others: [(tag: String, digest: String)] = []
        for tag in row.tags {
            guard let digest = data.tags[tag] else { continue }
            if let first {
                if digest != first.digest { others.append((tag, digest)) }
            } else {
                first = (tag, digest)
            }
        }
        guard let first, !others.isEmpty else { return [] }
        let named = others.map { "`\(name):\($0.tag)` (\(SiteRenderer.shortDigest($0.digest)))" }.joined(separator: ", ")
        return [.warning("registry.tags-apart", file: library.path, line: row.line,
                         "the tags of \(row.kind) name different digests in the registry data: \(named) against `\(name):\(first.tag)` (\(SiteRenderer.shortDigest(first.digest)))",
                         hint: "push the tags together as one image, or run `sitegen registry sync` again if a push was under way"
                            + (hasPages ? "; until then the pages show \(first.tag)'s images for the row and name the others apart" : ""))]
    }
}
