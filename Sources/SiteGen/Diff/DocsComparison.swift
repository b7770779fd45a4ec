import Foundation

/// The docs half of a diff: each state's images loaded and modelled as a build does, their
/// Hub READMEs and pages made in memory and compared byte for byte.
///
/// Which images are done: those whose library file or image folder changed; all of them when
/// what every README draws on changed (`.template-helpers/`, the root `metadata.json`, the
/// `debian` or `ubuntu` library file). The new state is loaded whole, since the listing pages
/// list every image; the old one only where it differs. Pages of every image are compared when
/// the set of images changes, since pages link to the other images of the site.
struct DocsComparison {
    let diff: SiteDiff
    let library: (old: DiffSource, new: DiffSource)
    let docs: (old: DiffSource, new: DiffSource)
    let libraryChanges: [String: SiteDiff.LibraryChange]
    let wanted: Set<String>?

    struct ImageResult {
        /// The new state's library file (the old one's when it has none), for an image whose
        /// library file did not change.
        var library: LibraryFile?
        var oldSite: ImageSite?
        var newSite: ImageSite?
        var oldErrors: [Diagnostic] = []
        var newErrors: [Diagnostic] = []
        var readme: DiffReport.ReadmeChange?
        var pages: [DiffReport.PageChange] = []

        var oldVariants: ((String) -> String?)? { oldSite.map { site in { site.variantOfTag[$0] } } }
        var newVariants: ((String) -> String?)? { newSite.map { site in { site.variantOfTag[$0] } } }
        var oldVariantNames: [String] { oldSite?.variants.map(\.name) ?? [] }
        var newVariantNames: [String] { newSite?.variants.map(\.name) ?? [] }
    }

    struct Result {
        var images: [String: ImageResult]
        var sitePages: [DiffReport.PageChange]
        var diagnostics: [Diagnostic]
    }

    /// One state loaded: the catalog (its images: those loaded at this state), every image's
    /// model, and the problems of each image.
    private struct Loaded: Sendable {
        var catalog: Catalog
        var sites: [String: ImageSite]
        var errors: [String: [Diagnostic]]
    }

    func run() throws(DiagnosticError) -> Result {
        let changedDocs = try DiffSource.changes(from: docs.old, to: docs.new, directOnly: false)
        var docImages = Set<String>()
        var everything = libraryChanges.keys.contains { DistributionSuites.sourceNames.contains($0) }
        for file in changedDocs {
            // A file at the root or in a hidden folder (`.template-helpers/`, `.common-templates/`,
            // which maintainer.md links into) is shared by every image.
            if let slash = file.path.firstIndex(of: "/"), !file.path.hasPrefix(".") {
                docImages.insert(String(file.path[..<slash]))
            } else {
                everything = true
            }
        }

        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-diff-" + UUID().uuidString).path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let theme = Theme.load(overrides: diff.options.theme)
        guard let loadedTheme = theme.theme else { throw DiagnosticError(theme.diagnostics) }

        // The new state, whole; logo commits (a git run each) only for the images whose README is compared.
        var affected = Set(libraryChanges.keys).union(docImages)
        if let wanted { affected.formIntersection(wanted) }
        let newRoots = try roots(docs: docs.new, library: library.new, paths: nil, into: temporary + "/new")
        let new = try load(roots: newRoots, names: nil, docs: docs.new, library: library.new,
                           readmes: everything ? nil : affected)
        if everything {
            affected.formUnion(new.sites.keys)
            if let wanted { affected.formIntersection(wanted) }
        }

        // The old state where it differs; the images it has in common with the new state are the new state's.
        let oldRoots = try roots(docs: docs.old, library: library.old,
                                 paths: everything ? nil : affected.sorted(), into: temporary + "/old")
        let oldTreeNames = Set(DocsTree.open(oldRoots.docs).tree?.imageNames ?? [])
        var old = try load(roots: oldRoots, names: everything ? nil : affected.filter(oldTreeNames.contains).sorted(),
                           docs: docs.old, library: library.old)
        if everything {
            affected.formUnion(old.sites.keys)
            if let wanted { affected.formIntersection(wanted) }
        }
        for (name, site) in new.sites where !affected.contains(name) && old.sites[name] == nil { old.sites[name] = site }

        var images: [String: ImageResult] = [:]
        for name in affected {
            var result = ImageResult()
            result.oldSite = old.sites[name]
            result.newSite = new.sites[name]
            result.library = new.catalog.images.first { $0.name == name }?.library
                ?? old.catalog.images.first { $0.name == name }?.library
            result.oldErrors = old.errors[name] ?? []
            result.newErrors = new.errors[name] ?? []
            result.readme = readme(name, old: result.oldSite, new: result.newSite, oldHelpers: old.catalog.readmeInputs.helpers,
                                   newHelpers: new.catalog.readmeInputs.helpers)
            images[name] = result
        }
        // Problems of no one image (a broken shared file that did not stop the load).
        let shared = (old.errors[""] ?? []) + (new.errors[""] ?? [])

        // Pages link to the site's other images: a changed set of images can change any page.
        let sameImages = Set(old.sites.keys) == Set(new.sites.keys)
        let pageImages = sameImages ? affected : Set(old.sites.keys).union(new.sites.keys).filter { wanted?.contains($0) ?? true }
        let settings = diff.options.settings
        let oldState = old
        let (oldPages, newPages) = ParallelMap.both(
            { Self.pages(catalog: oldState.catalog, sites: oldState.sites, theme: loadedTheme, settings: settings, images: pageImages) },
            { Self.pages(catalog: new.catalog, sites: new.sites, theme: loadedTheme, settings: settings, images: pageImages) })
        for (path, change) in Self.compare(oldPages.images, newPages.images) {
            guard let slash = path.firstIndex(of: "/") else { continue }
            images[String(path[..<slash]), default: ImageResult()].pages.append(change)
        }
        var sitePages = Self.compare(oldPages.listings, newPages.listings).map(\.1)
        if oldPages.search != newPages.search {
            sitePages.append(DiffReport.PageChange(path: SitePaths.searchIndex, status: .changed))
        }
        if settings.baseURL != nil, Set(oldPages.images.keys).union(oldPages.listings.keys) != Set(newPages.images.keys).union(newPages.listings.keys) {
            sitePages.append(DiffReport.PageChange(path: "sitemap.xml", status: .changed))
        }
        sitePages.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return Result(images: images, sitePages: sitePages, diagnostics: shared)
    }

    /// Where a state's docs tree and library folder are read from: the folders themselves for a
    /// state on disk, else a copy of what the commit has (only `paths`, the images' folders
    /// and library files and what every README needs; nil: all).
    private func roots(docs: DiffSource, library: DiffSource, paths: [String]?, into folder: String) throws(DiagnosticError) -> (docs: String, library: String) {
        var docsRoot = docs.folder, libraryRoot = library.folder
        if docs.isCommit {
            docsRoot = folder + "/docs"
            try FileManager.default.createDirectoryQuietly(docsRoot)
            // The images asked for, and what every image shares: the files at the root and the
            // hidden folders (`.template-helpers/`, `.common-templates/`).
            var wanted: [String] = []
            if let paths { wanted = paths + (try docs.sharedEntries()) }
            try docs.materialize(wanted, into: docsRoot)
        }
        if library.isCommit {
            libraryRoot = folder + "/library"
            try FileManager.default.createDirectoryQuietly(libraryRoot)
            try library.materialize(paths.map { $0 + DistributionSuites.sourceNames.sorted() } ?? [], into: libraryRoot)
        }
        return (docsRoot, libraryRoot)
    }

    /// The images `names` (nil: every image folder with a library file) of one state, modelled.
    /// `readmes`: the images whose README is compared (nil: all), the only ones whose logo
    /// commits are asked of git.
    private func load(roots: (docs: String, library: String), names: [String]?, docs: DiffSource, library: DiffSource,
                      readmes: Set<String>? = nil) throws(DiagnosticError) -> Loaded {
        let options = diff.options
        var loader = CatalogLoader(docsPath: roots.docs, libraryPath: roots.library, logoCommitsPath: options.logoCommitsPath,
                                   buildpackDepsImagesPath: options.buildpackDepsImagesPath,
                                   fallbackHelpers: Theme.defaultHelpers(overrides: options.theme))
        if let commit = docs.commit { loader.logoHistory = (docs.folder, commit) }
        let libraryNames = Set(LibraryDirectory(path: roots.library).fileNames)
        let treeNames = (names ?? (DocsTree.open(roots.docs).tree?.imageNames ?? [])).filter(libraryNames.contains)
        var (catalog, diagnostics) = loader.load(only: treeNames.filter { readmes?.contains($0) ?? true })
        // The images whose README is not compared are modelled with inputs that ask git nothing.
        var plainInputs: SharedInputs?
        if let readmes, let compared = catalog {
            loader.asksGitForLogoCommits = false
            let (others, otherDiagnostics) = loader.load(only: treeNames.filter { !readmes.contains($0) })
            diagnostics += otherDiagnostics
            plainInputs = others?.readmeInputs
            catalog = others.map { others in
                Catalog(docs: compared.docs, images: (compared.images + others.images).sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) },
                        readmeInputs: compared.readmeInputs)
            }
        }
        let rename = Renamer(roots: roots, docs: docs, library: library)
        guard let catalog else { throw DiagnosticError(diagnostics.map(rename.callAsFunction)) }
        var errors: [String: [Diagnostic]] = [:]
        for diagnostic in diagnostics where diagnostic.severity == .error {
            errors[rename.image(of: diagnostic) ?? "", default: []].append(rename(diagnostic))
        }
        var sites: [String: ImageSite] = [:]
        for image in catalog.images {
            do {
                let compared = readmes?.contains(image.name) ?? true
                sites[image.name] = try ImageSite(image: image, inputs: compared ? catalog.readmeInputs : (plainInputs ?? catalog.readmeInputs))
            } catch {
                errors[image.name, default: []] += error.diagnostics.map(rename.callAsFunction)
            }
        }
        return Loaded(catalog: catalog, sites: sites, errors: errors)
    }

    private func readme(_ name: String, old: ImageSite?, new: ImageSite?, oldHelpers: TemplateHelpers,
                        newHelpers: TemplateHelpers) -> DiffReport.ReadmeChange? {
        let before = old.map { HubReadme.render($0, helpers: oldHelpers) }
        let after = new.map { HubReadme.render($0, helpers: newHelpers) }
        guard before != nil || after != nil,
              let diff = UnifiedDiff(old: before ?? "", new: after ?? "",
                                     oldName: before == nil ? "/dev/null" : "a/\(name)/README.md",
                                     newName: after == nil ? "/dev/null" : "b/\(name)/README.md") else { return nil }
        let status: DiffReport.ReadmeChange.Status = before == nil ? .added : after == nil ? .removed : .changed
        return DiffReport.ReadmeChange(status: status, linesAdded: diff.linesAdded, linesRemoved: diff.linesRemoved, diff: diff.text)
    }

    /// The bytes of one state's pages: those of `images`, the listings, and each image's part of
    /// the search index (the index is those parts in catalog order).
    private struct Pages: Sendable {
        var images: [String: [UInt8]] = [:]
        var listings: [String: [UInt8]] = [:]
        var search: [String: [UInt8]] = [:]
    }

    private static func pages(catalog: Catalog, sites: [String: ImageSite], theme: Theme, settings: SiteSettings,
                              images: Set<String>) -> Pages {
        let ordered = sites.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { sites[$0] }
        let renderer = SiteRenderer(catalog: catalog, theme: theme, settings: settings, sites: ordered,
                                    assets: AssetNames(assets: theme.assets))
        var pages = Pages()
        for site in ordered where images.contains(site.name) {
            let tags = site.uniqueTags()
            let (files, headings) = renderer.imagePages(site, uniqueTags: tags)
            for file in files { pages.images[file.path] = bytes(file.content) }
            pages.search[site.name] = SearchIndex.fragment(of: site, contentHeadings: headings, uniqueTags: tags)
        }
        for site in ordered where !images.contains(site.name) { pages.search[site.name] = [] }
        renderer.indexFiles { path, content in pages.listings[path] = bytes(content) }
        return pages
    }

    private static func bytes(_ content: SiteRenderer.File.Content) -> [UInt8] {
        switch content {
        case .text(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        }
    }

    /// The paths whose bytes differ, by path.
    private static func compare(_ old: [String: [UInt8]], _ new: [String: [UInt8]]) -> [(String, DiffReport.PageChange)] {
        var changes: [(String, DiffReport.PageChange)] = []
        for path in Set(old.keys).union(new.keys).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            switch (old[path], new[path]) {
            case (nil, .some): changes.append((path, DiffReport.PageChange(path: path, status: .added)))
            case (.some, nil): changes.append((path, DiffReport.PageChange(path: path, status: .removed)))
            case (let a?, let b?) where a != b: changes.append((path, DiffReport.PageChange(path: path, status: .changed)))
            default: break
            }
        }
        return changes
    }

    /// Names a file of a temporary copy as git names it (`HEAD~1:content/docs/python/content.md`)
    /// and tells which image a problem belongs to.
    private struct Renamer {
        let roots: (docs: String, library: String)
        let docs: DiffSource
        let library: DiffSource

        func callAsFunction(_ diagnostic: Diagnostic) -> Diagnostic {
            guard let file = diagnostic.file else { return diagnostic }
            var renamed = file
            for (root, source) in [(roots.docs, docs), (roots.library, library)] where source.isCommit && file.hasPrefix(root + "/") {
                renamed = SiteDiff.display(source, String(file.dropFirst(root.count + 1)))
            }
            return Diagnostic(diagnostic.severity, diagnostic.identifier, file: renamed, line: diagnostic.line,
                              column: diagnostic.column, message: diagnostic.message, hint: diagnostic.hint)
        }

        /// The image whose folder or library file `diagnostic` names; nil for a shared file (the
        /// root `metadata.json`, `.template-helpers/`, the `debian` library file read for every
        /// README is still that image's).
        func image(of diagnostic: Diagnostic) -> String? {
            guard let file = diagnostic.file else { return nil }
            for (root, inFolder) in [(roots.docs, true), (roots.library, false)] {
                let prefix = root.hasSuffix("/") ? root : root + "/"
                guard file.hasPrefix(prefix) else { continue }
                let parts = file.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
                // An image's docs are in its folder; its library file is directly in the library folder.
                guard let name = parts.first, !name.hasPrefix("."), inFolder ? parts.count > 1 : parts.count == 1 else { return nil }
                return String(name)
            }
            return nil
        }
    }
}

extension FileManager {
    /// Makes `path` and its parents; a failure is a diagnostic.
    func createDirectoryQuietly(_ path: String) throws(DiagnosticError) {
        do {
            try createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw DiagnosticError(.error("diff.write-failed", file: path, "cannot make a temporary folder: \(error.localizedDescription)",
                                         hint: "check that the temporary folder is writable and has room"))
        }
    }
}
