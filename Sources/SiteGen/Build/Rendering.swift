import Foundation
import Markdown

/// The render step of a build: the pages a ``BuildPlan`` asks for, each image's README and
/// logo, the listing pages and the search index, put into the staging site as they are made;
/// the previous site's files, kept unread, for everything else.
///
/// With a plan that keeps the listings (only some images' `content.md` changed), only the
/// loaded images are rendered, their search entries are spliced into the previous index, and
/// every other file is kept. Otherwise every image is loaded, the listings are made anew, and
/// the pages of images outside the plan are kept.
struct Rendering: Sendable {
    let builder: SiteBuilder
    let plan: BuildPlan
    let catalog: Catalog
    let theme: Theme
    let sites: [ImageSite]
    let previous: Manifest?
    let staging: SiteWriter.Staging
    /// With `--history`: the history pages, "Changed" dates and feeds draw on it.
    let history: SiteBuilder.LoadedHistory?

    /// What the step made: the files not yet in the staging site (kept or made whole), the
    /// manifest that describes the new site, its page count and the images rendered.
    struct Result {
        var files: [SiteWriter.File]
        var manifest: Manifest
        var pages: Int
        var images: [String]
    }

    var options: SiteBuilder.Options { builder.options }

    /// Nil when a plan that keeps the listings does not fit what was rendered.
    func run(progress: @escaping @Sendable (SiteBuilder.Progress) -> Void,
             diagnostics: inout [Diagnostic]) async -> Result? {
        let listings = plan.onlyImages == nil
        let assets = AssetNames(assets: theme.assets)
        let allImages = listings ? nil : previous.map { Set($0.imageFiles.keys) }
        let keptHistories = listings ? keptRetiredHistories() : [:]
        let keptScript = listings ? keptRetiredTagsScript() : nil
        let renderer = SiteRenderer(catalog: catalog, theme: theme, settings: options.settings, sites: sites,
                                    assets: assets, imageNames: allImages, history: history?.history,
                                    commitLinks: history?.commitLinks, keptHistories: Set(keptHistories.keys),
                                    keepsRetiredTagsScript: keptScript != nil)
        // The pages that list every image are made alongside the images' and go to disk as
        // they are made, like the images' pages.
        async let listingPages = listings ? Self.listingPages(renderer, into: staging) : ([], nil)

        var files: [SiteWriter.File] = []
        var imageFiles: [String: [String]] = listings ? [:] : previous?.imageFiles ?? [:]
        var toRender: [ImageSite] = []
        for site in sites {
            if case .images(let names, _) = plan, !names.contains(site.name), let previous,
               let paths = previous.imageFiles[site.name], let kept = kept(paths, of: previous) {
                files += kept
                imageFiles[site.name] = paths
            } else {
                toRender.append(site)
            }
        }
        var search: SearchIndexStream?
        if listings {
            do throws(Diagnostic) {
                search = SearchIndexStream(try staging.appender(SitePaths.searchIndex))
            } catch {
                diagnostics.append(error)
            }
        }
        let streamed = await streamImages(renderer, toRender, search: &search, progress: progress)
        // A staging folder that cannot be made fails every file the same way: say it once.
        for diagnostic in streamed.diagnostics where !diagnostics.contains(diagnostic) {
            diagnostics.append(diagnostic)
        }
        var fresh: [String: String] = [:]
        for file in streamed.files {
            fresh[file.path] = file.fingerprint
        }
        var rendered: [String: [String]] = [:]
        for page in streamed.pages {
            rendered[page.image, default: []].append(page.path)
        }
        for site in toRender {
            let paths = (rendered[site.name] ?? []).sorted()
            // Kept listings list the pages an image had: it must still have exactly those.
            if !listings, paths != previous?.imageFiles[site.name]?.sorted() { return nil }
            imageFiles[site.name] = paths
        }
        let (listingFiles, listingFailure) = await listingPages
        if let listingFailure, !diagnostics.contains(listingFailure) { diagnostics.append(listingFailure) }
        for listing in listingFiles {
            fresh[listing.path] = listing.fingerprint
        }
        let keptHistoryFiles = keptHistories.keys.sorted().flatMap { keptHistories[$0] ?? [] }
        files += keptHistoryFiles + (keptScript.map { [$0] } ?? [])

        let pages: Int
        var slices: [SearchIndex.Slice]?
        if listings {
            // (Counted as the listings count them: every file they make.)
            pages = imageFiles.values.reduce(0) { $0 + $1.count } + listingFiles.count + keptHistoryFiles.count
                + (keptScript == nil ? 0 : 1)
            do throws(Diagnostic) {
                if var search {
                    fresh[SitePaths.searchIndex] = try search.finish()
                    slices = search.slices
                }
            } catch {
                diagnostics.append(error)
            }
            files += siteFiles(assets: assets, pages: imageFiles.values.flatMap { $0 } + listingFiles.map(\.path)
                                                        + keptHistoryFiles.map(\.path), registry: renderer.showsRegistry)
        } else {
            guard let previous, let spliced = splicedSearchIndex(previous, fragments: streamed.searchFragments) else { return nil }
            do throws(Diagnostic) {
                fresh[SitePaths.searchIndex] = try staging.put(SitePaths.searchIndex, spliced.bytes)
            } catch {
                diagnostics.append(error)
            }
            slices = spliced.slices
            pages = previous.files.keys.filter { $0.hasSuffix(".html") }.count
            // Every other file of the previous site is kept as it is.
            let others = previous.files.keys.filter { fresh[$0] == nil }.sorted()
            guard let kept = kept(others, of: previous) else { return nil }
            files += kept
        }

        for file in files {
            switch file.content {
            case .bytes(let bytes): fresh[file.path] = Fingerprint.ofContents(bytes).hex
            case .unchanged(let fingerprint): fresh[file.path] = fingerprint
            }
        }
        var manifest = Manifest(imageFiles: imageFiles, files: fresh)
        manifest.search = slices
        return Result(files: files, manifest: manifest, pages: pages, images: toRender.map(\.name).sorted())
    }

    /// The retired images (history only, no image folder) whose pages and feed the previous
    /// site has and whose history this build did not change, with those files to keep: a new
    /// commit redoes the listings, and with them the history of every retired image otherwise.
    /// Empty unless the plan names what changed and the history continued the previous one.
    private func keptRetiredHistories() -> [String: [SiteWriter.File]] {
        guard case .images = plan, let previous, let history, let changed = history.changed else { return [:] }
        let listed = Set(sites.map(\.name))
        // An image's history files: its pages under `<image>/history/` and its feed (a name
        // can be that of a site folder, `assets` say, whose other files are not the image's).
        var byImage: [String: [String]] = [:]
        for path in previous.files.keys {
            guard let slash = path.firstIndex(of: "/") else { continue }
            let name = String(path[..<slash])
            guard path.hasPrefix(name + "/history/") || path == SitePaths.feed(name) else { continue }
            byImage[name, default: []].append(path)
        }
        var kept: [String: [SiteWriter.File]] = [:]
        for name in history.history.retiredImageNames
        where !listed.contains(name) && !changed.contains(name) && previous.imageFiles[name] == nil {
            guard let paths = byImage[name], let files = self.kept(paths.sorted(), of: previous) else { continue }
            kept[name] = files
        }
        return kept
    }

    /// The previous site's retired-tags script, to keep when this build changed no image's
    /// retired tags (most new commits only point tags at new builds). Nil otherwise.
    private func keptRetiredTagsScript() -> SiteWriter.File? {
        guard case .images = plan, let previous, let history, history.changed != nil, !history.retiredTagsChanged,
              Set(sites.map(\.name)) == Set(previous.imageFiles.keys) else { return nil }
        return kept([SitePaths.retiredTags], of: previous)?.first
    }

    /// The files of the previous site at `paths`, to keep unread (the writer links them), if
    /// every one is still there with a fingerprint in `previous`.
    private func kept(_ paths: [String], of previous: Manifest) -> [SiteWriter.File]? {
        var files: [SiteWriter.File] = []
        for path in paths {
            guard let fingerprint = previous.files[path], access(options.output + "/" + path, F_OK) == 0 else { return nil }
            files.append(SiteWriter.File(path, unchanged: fingerprint))
        }
        return files
    }

    /// The theme's assets (`registry.css` and `registry.js` only for a site with registry data), and the
    /// sitemap and robots.txt over `pages`.
    private func siteFiles(assets: AssetNames, pages: [String], registry: Bool) -> [SiteWriter.File] {
        var files: [SiteWriter.File] = []
        for (name, bytes) in theme.assets where registry || (name != SiteRenderer.registryStylesheet && name != SiteRenderer.registryScript) {
            files.append(SiteWriter.File(assets[name], bytes))
        }
        if let baseURL = options.settings.baseURL {
            files.append(SiteWriter.File("sitemap.xml", Array(Sitemap.xml(pages: pages, baseURL: baseURL).utf8)))
        }
        files.append(SiteWriter.File("robots.txt", Array(Sitemap.robots(baseURL: options.settings.baseURL).utf8)))
        return files
    }

    /// The listing pages, put into `staging` as they are made; the first failure stops the rest.
    private static func listingPages(_ renderer: SiteRenderer, into staging: SiteWriter.Staging)
        -> (paths: [(path: String, fingerprint: String)], failure: Diagnostic?) {
        var paths: [(path: String, fingerprint: String)] = []
        var failure: Diagnostic?
        renderer.indexFiles { path, content in
            guard failure == nil else { return }
            do throws(Diagnostic) {
                paths.append((path, try put(path, content, into: staging)))
            } catch {
                failure = error
            }
        }
        return (paths, failure)
    }

    /// The previous search index with the items of the images in `fragments` made anew. Nil
    /// when the previous index is not there as the manifest describes it.
    private func splicedSearchIndex(_ previous: Manifest, fragments: [String: [UInt8]])
        -> (bytes: [UInt8], slices: [SearchIndex.Slice])? {
        guard let slices = previous.search, Set(fragments.keys).isSubset(of: slices.map(\.image)),
              let old = FileInput.read(options.output + "/" + SitePaths.searchIndex),
              Fingerprint.ofContents(old).hex == previous.files[SitePaths.searchIndex] else { return nil }
        var pieces: [(name: String, bytes: [UInt8])] = []
        for slice in slices {
            if let bytes = fragments[slice.image] {
                pieces.append((slice.image, bytes))
            } else {
                guard slice.start >= 0, slice.count >= 0, slice.start + slice.count <= old.count else { return nil }
                pieces.append((slice.image, Array(old[slice.start..<(slice.start + slice.count)])))
            }
        }
        return SearchIndex.assemble(pieces)
    }

    /// A rendered page into `staging`, from whichever storage the renderer made it in.
    static func put(_ path: String, _ content: SiteRenderer.File.Content,
                    into staging: SiteWriter.Staging) throws(Diagnostic) -> String {
        switch content {
        case .text(let text): try staging.put(path, text: text)
        case .bytes(let bytes): try staging.put(path, bytes)
        }
    }
}
