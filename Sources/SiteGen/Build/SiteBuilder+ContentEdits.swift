import Foundation

/// The quick path of the common edit: only `content.md` files changed.
///
/// Such a file feeds its own image's pages, README and search entries, nothing else: listing
/// pages, tag pages, variant lists and the other images read none of it (``InputStamp`` keeps
/// a stamp of each image without it to prove that nothing else changed). So only the edited
/// images are loaded, modelled and rendered; every other file of the site is carried over
/// unread, and the search index is spliced from the previous one.
extension SiteBuilder {
    /// The images whose `content.md` alone changed since `previous` was written, or nil when
    /// anything else changed (or the previous build left too little to go on).
    func contentEdits(_ stamp: InputStamp, previous: Manifest) -> [String]? {
        guard stamp.complete, let stamps = previous.stamps, stamps.global == stamp.global,
              previous.search != nil, Set(stamps.images.keys) == Set(stamp.images.keys) else { return nil }
        var edited: [String] = []
        for (name, current) in stamp.images.sorted(by: { $0.key < $1.key }) {
            guard let before = stamps.images[name], before.listing == current.listing else { return nil }
            if before.all != current.all {
                // A folder that was not an image (no content.md) cannot be edited into one here.
                guard previous.imageFiles[name] != nil else { return nil }
                edited.append(name)
            }
        }
        // Every other file is carried over from the site on disk: all of it must still be there.
        for path in previous.files.keys where access(options.output + "/" + path, F_OK) != 0 {
            return nil
        }
        return edited.isEmpty ? nil : edited
    }

    /// Builds by redoing `edited` images only. Nil when that turns out not to fit (the pages
    /// of an image would change in number, say); the caller then builds in full.
    func buildContentEdits(_ edited: [String], stamp: InputStamp, previous: Manifest,
                           progress: @escaping @Sendable (Progress) -> Void) async -> Report? {
        var diagnostics: [Diagnostic] = []
        func failed() -> Report { Report(diagnostics: diagnostics, summary: nil, pages: 0, images: 0) }
        guard let (catalog, theme) = load(&diagnostics, only: edited) else {
            return failed()
        }
        guard catalog.images.map(\.name) == edited else { return nil }
        progress(.loaded(images: catalog.images.count))
        guard let sites = model(catalog, &diagnostics) else { return failed() }
        // The edited images' lints (the others' are among the previous build's warnings).
        diagnostics += lint(catalog, sites)

        // The search index is spliced while the pages render.
        async let spliced = spliceSearchIndex(previous: previous, sites: sites)
        let allNames = Set(previous.imageFiles.keys)
        let renderer = SiteRenderer(catalog: catalog, theme: theme, settings: options.settings, sites: sites,
                                    assets: AssetNames(assets: theme.assets), imageNames: allNames)
        var fresh: [String: [UInt8]] = [:]
        var imageFiles = previous.imageFiles
        for page in await renderImages(renderer, sites, progress: progress) {
            fresh[page.path] = page.bytes
        }
        for site in sites {
            let paths = fresh.keys.filter { previous.imageFiles[site.name]?.contains($0) ?? false }
            guard paths.count == previous.imageFiles[site.name]?.count,
                  paths.count == renderer.pageCount(of: site) else { return nil }
            imageFiles[site.name] = paths.sorted()
            fresh[SitePaths.readme(site.name)] = Array(site.readme.utf8)
        }
        guard let search = await spliced else { return nil }
        fresh[SitePaths.searchIndex] = search.bytes

        var manifest = previous
        var files: [SiteWriter.File] = []
        for (path, fingerprint) in previous.files.sorted(by: { $0.key < $1.key }) {
            if let bytes = fresh.removeValue(forKey: path) {
                files.append(SiteWriter.File(path, bytes))
                manifest.files[path] = Fingerprint.ofContents(bytes).hex
            } else {
                files.append(SiteWriter.File(path, unchanged: fingerprint))
            }
        }
        // Every fresh file replaces one of the previous site; anything else is a surprise.
        guard fresh.isEmpty else { return nil }
        for image in catalog.images {
            manifest.images[image.name] = BuildFingerprints.fingerprint(of: image)
        }
        manifest.imageFiles = imageFiles
        manifest.search = search.slices
        manifest.inputs = stamp.hex
        manifest.stamps = Manifest.Stamps(stamp)
        // Their key covered the whole catalog, which this build did not load.
        manifest.lints = nil

        // Warnings: the previous build's about other images and the whole site, this build's
        // about the edited images.
        let editedSet = Set(edited)
        let kept = (previous.warnings ?? []).filter { image(of: $0).map { !editedSet.contains($0) } ?? true }
        let new = diagnostics.filter { image(of: $0).map(editedSet.contains) ?? false }
        diagnostics = kept + new
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return failed() }
        manifest.warnings = diagnostics

        progress(.writing(files: files.count))
        do {
            let summary = try SiteWriter(output: options.output).write(files, manifest: manifest, previous: previous,
                                                                       bookkeeping: [stamp.statCacheFile])
            let pages = previous.files.keys.filter { $0.hasSuffix(".html") }.count
            return Report(diagnostics: diagnostics, summary: summary, pages: pages, images: allNames.count)
        } catch {
            diagnostics.append(error)
            return failed()
        }
    }

    /// The previous search index with the edited images' items made anew.
    private func spliceSearchIndex(previous: Manifest, sites: [ImageSite]) -> (bytes: [UInt8], slices: [SearchIndex.Slice])? {
        guard let slices = previous.search, let old = FileInput.read(options.output + "/" + SitePaths.searchIndex) else { return nil }
        guard Fingerprint.ofContents(old).hex == previous.files[SitePaths.searchIndex] else { return nil }
        let edited = Dictionary(uniqueKeysWithValues: SearchIndex(sites: sites).images.map { ($0.name, $0.items) })
        var fragments: [(name: String, bytes: [UInt8])] = []
        for slice in slices {
            if let items = edited[slice.image] {
                fragments.append((slice.image, SearchIndex.fragment(items)))
            } else {
                guard slice.start >= 0, slice.count >= 0, slice.start + slice.count <= old.count else { return nil }
                fragments.append((slice.image, Array(old[slice.start..<(slice.start + slice.count)])))
            }
        }
        return SearchIndex.assemble(fragments)
    }

    /// The image a diagnostic is about, judged by its file: one in the image's docs folder or
    /// its library file.
    private func image(of diagnostic: Diagnostic) -> String? {
        guard let file = diagnostic.file else { return nil }
        for root in [options.loader.docsPath, options.loader.libraryPath] {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            guard file.hasPrefix(prefix) else { continue }
            let rest = file.dropFirst(prefix.count)
            return rest.split(separator: "/", maxSplits: 1).first.map(String.init)
        }
        return nil
    }
}
