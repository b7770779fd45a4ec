/// The lints of `sitegen check` and `sitegen build` beyond what loading already reports: what
/// Docker Hub would refuse or cut, what the site would lose, and what a reviewer would ask a
/// contributor to fix.
enum Checker {
    /// Docker Hub's limit for the short description.
    static let shortDescriptionLimit = 100

    /// What the lints read of the registry settings beyond each image's model.
    struct RegistrySettings {
        /// The whole registry data file, for the images without pages (`check` reads it all; a
        /// build, only its pages' parts, and passes nil).
        var wholeData: RegistryData?
        /// The file `wholeData` was read from.
        var dataPath = ""
        /// The settings' `registry: images:` (nil: every image), and where it names each.
        var images: [String]?
        var places: [String: SiteConfig.Place] = [:]
    }

    /// Every lint: the shared texts once, then each image (in the order of `sites`), then the
    /// library files without an image (and, given the whole registry data file, their
    /// registry lints), then the names of the settings' `registry: images:` that have no
    /// library file. Reads no page and renders nothing: Markdown is only
    /// parsed, once per file.
    /// `readmes`: also fill each README and run ``ReadmeLint`` on it, for a caller that writes
    /// no README (a build runs those lints where it writes them).
    /// `jobs`: how many images are checked at a time (each image's lints read only that image);
    /// the result is in the same order however many.
    static func lints(sites: [ImageSite], catalog: Catalog, library: LibraryDirectory, readmes: Bool,
                      registry: RegistrySettings = RegistrySettings(), jobs: Int = 1) -> [Diagnostic] {
        let libraryNames = library.fileNames
        let docs = catalog.docs
        let helpers = catalog.readmeInputs.helpers
        let markdown = MarkdownLint(knownImages: Set(docs.imageNames + docs.foldersWithoutContent + libraryNames), helpers: helpers)
        var problems: [Diagnostic] = []
        if docs.hasOwnHelpers {
            problems += PlaceholderLint.check(docs.helpers.files)
            problems += markdown.check(docs.helpers)
        }
        let perImage = ParallelMap.map(sites, jobs: jobs) { site in
            check(site, readme: readmes ? HubReadme.render(site, helpers: helpers) : nil)
                + LogoLint.check(site.image.folder, listing: site.image.folder.listing)
                + UnusedVariantLint.check(site, helpers: helpers)
                + PlaceholderLint.check(site.image.folder.files)
                + markdown.check(site)
                + RetiredTagLint.check(site)
                + RegistryLint.check(site)
        }
        problems += perImage.joined()
        problems += libraryFilesWithoutImages(libraryNames: libraryNames, libraryPath: library.path, docs: docs)
        if let data = registry.wholeData {
            problems += RegistryLint.check(libraryOnly: library, except: Set(sites.map(\.name)), data: data,
                                           synced: { registry.images?.contains($0) ?? true })
            problems += RegistryLint.check(unlistedIn: data, path: registry.dataPath, library: library)
        }
        problems += ImageNamesLint.check(registry.images ?? [], library: library, places: registry.places,
                                         setting: "registry: images:", flag: "registry.images", severity: .warning)
        return problems
    }

    /// Docker Hub's limits, the files a folder should have, its categories; the README's
    /// lints too when given one (``ReadmeLint``), in the order `sitegen check` reports them.
    static func check(_ site: ImageSite, readme: String? = nil) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let folder = site.image.folder
        for name in ["README-short.txt", "metadata.json"] where folder[name] == nil {
            problems.append(.warning("docs.missing-file", file: folder.path + "/" + name, "the image folder has no \(name)",
                                     hint: name == "metadata.json"
                                        ? "add {\"hub\": {\"categories\": [\"…\"]}} with 1 to 3 categories of the root metadata.json"
                                        : "add a one-line description of at most 100 characters"))
        }
        if let short = folder["README-short.txt"] {
            let text = short.text.droppingTrailingNewlines()
            if text.contains("\n") {
                problems.append(.error("docs.short-description-lines", file: short.path, line: 2,
                                       "README-short.txt has more than one line", hint: "Docker Hub shows one line; join or shorten it"))
            }
            if text.count > shortDescriptionLimit {
                problems.append(.error("docs.short-description-too-long", file: short.path, line: 1,
                                       "README-short.txt is \(text.count) characters; Docker Hub takes at most \(shortDescriptionLimit)",
                                       hint: "shorten it; the details belong in content.md"))
            }
        }
        if let readme {
            problems += ReadmeLint.check(readme, of: folder)
        }
        let categories = folder.categories
        if let metadata = folder["metadata.json"] {
            if categories.isEmpty || categories.count > 3 {
                problems.append(.warning("metadata.category-count", file: metadata.path,
                                         "\(categories.count) categories; Docker Hub expects 1 to 3", hint: "list the 1 to 3 that fit best"))
            }
            if categories != categories.sorted() {
                problems.append(.warning("metadata.categories-unsorted", file: metadata.path, "categories are not sorted",
                                         hint: "sort them: \(categories.sorted().joined(separator: ", "))"))
            }
        }
        return problems
    }

    /// Library files with no image folder. `debian` and `ubuntu` are read for their suite names
    /// and need no folder.
    static func libraryFilesWithoutImages(libraryNames: [String], libraryPath: String, docs: DocsTree) -> [Diagnostic] {
        let images = Set(docs.imageNames + docs.foldersWithoutContent)
        let folder = libraryPath.hasSuffix("/") ? libraryPath : libraryPath + "/"
        return libraryNames.filter { !images.contains($0) && !DistributionSuites.sourceNames.contains($0) }.map { name in
            .warning("library.without-image", file: folder + name, "library file for `\(name)`, which has no image folder",
                     hint: "add docs/\(name)/ with a content.md, or remove the library file")
        }
    }
}
