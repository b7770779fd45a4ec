import CSupport
import Foundation
import Markdown

/// `sitegen build`: the whole pipeline, as named steps. Load the docs tree and the library
/// (all problems collected), work out each image's variants and links, render every page (in
/// parallel across images), then write the site in one swap. Nothing is written unless every
/// step succeeded.
public struct SiteBuilder: Sendable {
    public struct Options: Sendable {
        public var loader: CatalogLoader
        public var output: String
        public var theme: String?
        public var settings: SiteSettings
        /// How many images render at once.
        /// How many images render at once; values below 1 count as 1.
        public var jobs: Int
        /// Render everything, ignoring what the previous build left (its manifest).
        public var clean: Bool

        public init(loader: CatalogLoader, output: String, theme: String? = nil,
                    settings: SiteSettings = SiteSettings(), jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    clean: Bool = false) {
            self.loader = loader
            self.output = output
            self.theme = theme
            self.settings = settings
            self.jobs = max(1, jobs)
            self.clean = clean
        }
    }

    /// What a build reports while it runs.
    public enum Progress: Sendable {
        case loaded(images: Int)
        /// Variants, READMEs and lints worked out.
        case modeled(images: Int)
        case rendered(image: String, done: Int, total: Int)
        case writing(files: Int)
    }

    /// The outcome: diagnostics always; a summary when the site was written.
    public struct Report: Sendable {
        public let diagnostics: [Diagnostic]
        public let summary: SiteWriter.Summary?
        public let pages: Int
        public let images: Int
        public var succeeded: Bool { summary != nil }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func build(progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> Report {
        var diagnostics: [Diagnostic] = []
        func failed() -> Report { Report(diagnostics: diagnostics, summary: nil, pages: 0, images: 0) }

        // Nothing read has changed since the last build: its site stands, with its warnings.
        // Taken by clean builds too, so their manifest serves the next build like any other.
        let statCache = options.clean ? InputStatCache() : InputStatCache(folder: options.output)
        let output = options.output
        let previousManifest: Manifest?
        // The stamp, with the stat cache file made from it on the same background task (it
        // takes as long as the stat check at the end, which it used to follow).
        let stamping: Task<(stamp: InputStamp, statCacheFile: SiteWriter.File), Never>
        let stampedFirst: Bool
        if options.clean || access(output + "/" + Manifest.fileName, F_OK) != 0 {
            stampedFirst = false
            // No previous site to keep or reuse: the stamp only goes into this build's manifest
            // (for the next build), so it is taken while the inputs load, not before.
            previousManifest = nil
            let options = options
            stamping = Task {
                let stamp = InputStamp(options: options, previous: statCache, observing: true)
                return (stamp, stamp.statCacheFile)
            }
        } else {
            stampedFirst = true
            // The previous manifest is decoded on another core while the inputs are stamped.
            async let decoded = Manifest.load(from: output)
            let stamp = InputStamp(options: options, previous: statCache)
            stamping = Task { (stamp, stamp.statCacheFile) }
            previousManifest = await decoded
            if stamp.complete, let previous = previousManifest, previous.inputs == stamp.hex,
               let unchanged = unchangedSite(previous, diagnostics: previous.warnings ?? []) {
                return unchanged
            }
            // Only some content.md files changed: only those images' own pages are redone.
            if let previous = previousManifest, let edited = contentEdits(stamp, previous: previous) {
                if let report = await buildContentEdits(edited, stamp: stamp, previous: previous, progress: progress) {
                    return report
                }
            }
        }
        guard let (catalog, theme) = load(&diagnostics) else { return failed() }
        progress(.loaded(images: catalog.images.count))
        let fingerprints = BuildFingerprints(catalog: catalog, theme: theme, settings: options.settings, jobs: options.jobs)
        let lintKey = LintRecord.key(catalog: catalog, fingerprints: fingerprints, libraryPath: options.loader.libraryPath)
        if let previous = previousManifest, previous.global == fingerprints.global, previous.images == fingerprints.images,
           let lints = previous.lints, lints.key == lintKey,
           let unchanged = unchangedSite(previous, diagnostics: diagnostics + lints.diagnostics) {
            return unchanged
        }
        guard var sites = model(catalog, &diagnostics) else { return failed() }
        // The lints of `sitegen check`, before any page is rendered: an error stops the build.
        let lints = lint(catalog, sites)
        diagnostics += lints
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return failed() }
        progress(.modeled(images: sites.count))
        let staging: SiteWriter.Staging
        do {
            staging = try SiteWriter(output: options.output).begin(previous: previousManifest)
        } catch {
            diagnostics.append(error)
            return failed()
        }
        // The READMEs are final once modelled: to disk now, and out of memory.
        let readmes = ParallelMap.map(sites, jobs: options.jobs) { site -> Result<(path: String, fingerprint: String), Diagnostic> in
            let path = SitePaths.readme(site.name)
            do throws(Diagnostic) {
                return .success((path, try staging.put(path, Array(site.readme.utf8))))
            } catch {
                return .failure(error)
            }
        }
        for index in sites.indices { sites[index].readme = "" }
        // What modelling, the lints and the READMEs held on worker threads, back to the system
        // before rendering begins (their arenas would keep it, unusable to other threads).
        sitegen_release_free_memory()
        var readmeFingerprints: [(path: String, fingerprint: String)] = []
        for outcome in readmes {
            switch outcome {
            case .success(let file): readmeFingerprints.append(file)
            case .failure(let error): if !diagnostics.contains(error) { diagnostics.append(error) }
            }
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            staging.abandon()
            return failed()
        }
        var (files, manifest, pages) = await render(catalog: catalog, theme: theme, sites: sites, fingerprints: fingerprints,
                                                     previousManifest: previousManifest, staging: staging,
                                                     readmes: readmeFingerprints,
                                                     progress: progress, diagnostics: &diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            staging.abandon()
            return failed()
        }
        manifest.lints = LintRecord(key: lintKey, diagnostics: lints)
        let imageCount = sites.count
        BackgroundRelease.drop((consume sites, consume catalog))
        // The pages were made on worker threads, whose malloc arenas keep what they freed; hand
        // it back before the manifest is encoded here, or peak memory is the sum of both.
        sitegen_release_free_memory()
        progress(.writing(files: manifest.files.count))
        let (stamp, statCacheFile) = await stamping.value
        manifest.warnings = diagnostics
        // A stamp taken alongside the loading vouches for the site only if nothing it looked at
        // has changed since (else the site may hold older bytes than it): without it, the next
        // build compares what it loads instead of trusting the stamp. That check, a `stat` of
        // every input, is the last step of a cold build with nothing beside it: on all cores.
        // (The manifest takes under a millisecond to encode, after it.)
        if stampedFirst || stamp.unchangedSinceTaken(jobs: options.jobs) {
            manifest.inputs = stamp.hex
            manifest.stamps = stamp.complete ? Manifest.Stamps(stamp) : nil
        }
        do {
            let summary = try staging.finish(files, manifest: manifest, bookkeeping: [statCacheFile])
            return Report(diagnostics: diagnostics, summary: summary, pages: pages, images: imageCount)
        } catch {
            diagnostics.append(error)
            return failed()
        }
    }

    /// `sitegen check`: every problem the build would meet, and the lints of ``Checker``,
    /// without rendering or writing anything.
    public func check() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        guard let (catalog, _) = load(&diagnostics, checkingOutput: false) else { return diagnostics }
        guard let sites = model(catalog, &diagnostics) else { return diagnostics }
        return diagnostics + lint(catalog, sites)
    }

    // MARK: Steps

    /// Load: the theme, then the docs tree and library (all problems collected).
    func load(_ diagnostics: inout [Diagnostic], checkingOutput: Bool = true, only names: [String]? = nil) -> (Catalog, Theme)? {
        // The templates parse while the docs tree loads: the tree needs only the helper texts.
        let overrides = options.theme
        var loader = options.loader
        loader.fallbackHelpers = Theme.defaultHelpers(overrides: overrides)
        let catalogLoader = loader
        let ((loadedTheme, themeDiagnostics), (loaded, loadDiagnostics)) = ParallelMap.both(
            { Theme.load(overrides: overrides) }, { catalogLoader.load(only: names) })
        diagnostics += themeDiagnostics
        guard let theme = loadedTheme else { return nil }
        diagnostics += loadDiagnostics
        diagnostics += (loaded?.images ?? []).compactMap(SitePaths.reservedNameProblem)
        guard let catalog = loaded, !diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        if checkingOutput, let problem = outputInsideInputs(catalog: catalog) {
            diagnostics.append(problem)
            return nil
        }
        return (catalog, theme)
    }

    /// Model: each image's variants, links and placeholder values.
    func model(_ catalog: Catalog, _ diagnostics: inout [Diagnostic]) -> [ImageSite]? {
        let inputs = catalog.readmeInputs
        // Each image's README and variants depend on that image alone: model them in parallel.
        let outcomes = ParallelMap.map(catalog.images, jobs: options.jobs) { image -> Result<ImageSite, DiagnosticError> in
            do throws(DiagnosticError) {
                return .success(try ImageSite(image: image, inputs: inputs))
            } catch {
                return .failure(error)
            }
        }
        var sites: [ImageSite] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let site):
                diagnostics += SitePaths.problems(with: site)
                sites.append(site)
            case .failure(let error):
                diagnostics += error.diagnostics
            }
        }
        return diagnostics.contains(where: { $0.severity == .error }) ? nil : sites
    }

    /// Lint: the problems ``Checker`` finds beyond those that stop a build.
    func lint(_ catalog: Catalog, _ sites: [ImageSite]) -> [Diagnostic] {
        Checker.lints(sites: sites, catalog: catalog, library: LibraryDirectory(path: options.loader.libraryPath), jobs: options.jobs)
    }

    /// Render: every file of the site and the manifest that describes it. The pages of an image
    /// whose inputs match the previous build's are carried over instead of rendered again.
    private func render(catalog: Catalog, theme: Theme, sites: [ImageSite], fingerprints: BuildFingerprints,
                        previousManifest: Manifest?, staging: SiteWriter.Staging,
                        readmes: [(path: String, fingerprint: String)],
                        progress: @escaping @Sendable (Progress) -> Void,
                        diagnostics: inout [Diagnostic]) async -> ([SiteWriter.File], Manifest, Int) {
        let assets = AssetNames(assets: theme.assets)
        let renderer = SiteRenderer(catalog: catalog, theme: theme, settings: options.settings, sites: sites, assets: assets)
        // The pages that list every image, and the search index, are made alongside the images'.
        // Listing pages go to disk as they are made, like the images' pages.
        async let indexPages = { () -> (paths: [(path: String, fingerprint: String)], failure: Diagnostic?) in
            var paths: [(path: String, fingerprint: String)] = []
            var failure: Diagnostic?
            renderer.indexFiles { path, content in
                guard failure == nil else { return }
                do throws(Diagnostic) {
                    paths.append((path, try Self.put(path, content, into: staging)))
                } catch {
                    failure = error
                }
            }
            return (paths, failure)
        }()
        let previous = previousManifest.flatMap { $0.global == fingerprints.global ? $0 : nil }

        var files: [SiteWriter.File] = []
        var imageFiles: [String: [String]] = [:]
        var toRender: [ImageSite] = []
        for site in sites {
            if let previous, previous.images[site.name] == fingerprints.images[site.name],
               let paths = previous.imageFiles[site.name], let reused = carriedOver(paths, previous: previous) {
                files += reused
                imageFiles[site.name] = paths
            } else {
                toRender.append(site)
            }
        }
        // Each image's pages, README and logo go to disk as soon as they are made: only their
        // fingerprints stay in memory.
        var fileFingerprints: [String: String] = [:]
        var search: SearchIndexStream?
        do throws(Diagnostic) {
            search = SearchIndexStream(try staging.appender(SitePaths.searchIndex))
        } catch {
            diagnostics.append(error)
        }
        let streamed = await streamImages(renderer, toRender, all: sites, into: staging, search: &search, progress: progress)
        // A staging folder that cannot be made fails every file the same way: say it once.
        for diagnostic in streamed.diagnostics where !diagnostics.contains(diagnostic) {
            diagnostics.append(diagnostic)
        }
        for page in streamed.pages {
            imageFiles[page.image, default: []].append(page.path)
        }
        for file in streamed.files + readmes {
            fileFingerprints[file.path] = file.fingerprint
        }
        let (listings, listingFailure) = await indexPages
        if let listingFailure, !diagnostics.contains(listingFailure) { diagnostics.append(listingFailure) }
        for listing in listings {
            fileFingerprints[listing.path] = listing.fingerprint
        }
        let pages = imageFiles.values.reduce(0) { $0 + $1.count } + listings.count
        for (name, bytes) in theme.assets {
            files.append(SiteWriter.File(assets[name], bytes))
        }
        do throws(Diagnostic) {
            if var search {
                fileFingerprints[SitePaths.searchIndex] = try search.finish()
            }
        } catch {
            diagnostics.append(error)
        }
        if let baseURL = options.settings.baseURL {
            let allPages = imageFiles.values.flatMap { $0 } + listings.map(\.path)
            files.append(SiteWriter.File("sitemap.xml", Array(Sitemap.xml(pages: allPages, baseURL: baseURL).utf8)))
        }
        files.append(SiteWriter.File("robots.txt", Array(Sitemap.robots(baseURL: options.settings.baseURL).utf8)))

        for file in files {
            switch file.content {
            case .bytes(let bytes): fileFingerprints[file.path] = Fingerprint.ofContents(bytes).hex
            case .unchanged(let fingerprint): fileFingerprints[file.path] = fingerprint
            }
        }
        var manifest = Manifest(global: fingerprints.global, images: fingerprints.images,
                                imageFiles: imageFiles.mapValues { $0.sorted() }, files: fileFingerprints)
        manifest.search = search?.slices
        return (files, manifest, pages)
    }

    /// When every input is as the previous build found it (same sitegen, theme, settings,
    /// shared texts, images and their files), the site on disk is what this build would write:
    /// the report of a build that wrote nothing, without rendering anything.
    func unchangedSite(_ previous: Manifest, diagnostics: [Diagnostic]) -> Report? {
        let files = previous.files.keys
        var bytes = 0
        // Paths relative to the open site folder: shorter lookups than whole paths.
        let folder = open(options.output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return nil }
        defer { close(folder) }
        for path in files {
            // A file gone missing from the site: build properly to put it back.
            var status = stat()
            guard fstatat(folder, path, &status, 0) == 0 else { return nil }
            bytes += Int(status.st_size)
        }
        let pages = files.filter { $0.hasSuffix(".html") }.count
        return Report(diagnostics: diagnostics, summary: SiteWriter.Summary(files: files.count, bytes: bytes, written: 0),
                      pages: pages, images: previous.images.count)
    }

    /// The files at `paths` of the current site, to carry over unread (the writer links them),
    /// if every one is still there with a fingerprint in the previous manifest.
    private func carriedOver(_ paths: [String], previous: Manifest) -> [SiteWriter.File]? {
        var files: [SiteWriter.File] = []
        for path in paths {
            guard let fingerprint = previous.files[path], access(options.output + "/" + path, F_OK) == 0 else { return nil }
            files.append(SiteWriter.File(path, unchanged: fingerprint))
        }
        return files
    }

    /// A rendered page into `staging`, from whichever storage the renderer made it in.
    private static func put(_ path: String, _ content: SiteRenderer.File.Content,
                            into staging: SiteWriter.Staging) throws(Diagnostic) -> String {
        switch content {
        case .text(let text): try staging.put(path, text: text)
        case .bytes(let bytes): try staging.put(path, bytes)
        }
    }

    /// What ``streamImages(_:_:all:into:progress:)`` put into the new site.
    struct Streamed: Sendable {
        var pages: [(image: String, path: String)] = []
        var files: [(path: String, fingerprint: String)] = []
        var diagnostics: [Diagnostic] = []
        /// The image's part of the search index (handed to the index as it arrives).
        var searchFragment: [UInt8] = []
    }

    /// Renders the pages of `toRender` and puts them into `staging`, with the README and logo
    /// of every image of `all`; `jobs` images at a time, results in a fixed order.
    func streamImages(_ renderer: SiteRenderer, _ toRender: [ImageSite], all sites: [ImageSite],
                      into staging: SiteWriter.Staging, search: inout SearchIndexStream?,
                      progress: @escaping @Sendable (Progress) -> Void) async -> Streamed {
        let rendering = Set(toRender.map(\.name))
        @Sendable func work(_ site: ImageSite) -> Streamed {
            var result = Streamed()
            // What the pages work out and the search index needs too; an image not rendered
            // (unchanged) has the index work them out.
            var contentHeadings: [Heading]?
            var uniqueTags: [(tag: Tag, entries: [Entry])]?
            do throws(Diagnostic) {
                if rendering.contains(site.name) {
                    let tags = site.uniqueTags()
                    let (pages, headings) = renderer.imagePages(site, uniqueTags: tags)
                    (contentHeadings, uniqueTags) = (headings, tags)
                    for page in pages {
                        result.files.append((page.path, try Self.put(page.path, page.content, into: staging)))
                        result.pages.append((site.name, page.path))
                    }
                }
                if let logo = site.image.folder.logo {
                    if let bytes = FileInput.read(logo.path) {
                        let path = SitePaths.logo(site.name, logo)
                        result.files.append((path, try staging.put(path, bytes)))
                    } else {
                        result.diagnostics.append(.error("docs.unreadable", file: site.image.folder.path + "/" + logo.fileName,
                                                         "cannot read the logo", hint: "check that it is a readable file"))
                    }
                }
            } catch {
                result.diagnostics.append(error)
            }
            result.searchFragment = SearchIndex.fragment(of: site, contentHeadings: contentHeadings, uniqueTags: uniqueTags)
            return result
        }
        var done = 0
        let results = await eachImage(sites, work) { index, result in
            search?.add(index, name: sites[index].name, bytes: result.searchFragment)
            result.searchFragment = []
            guard rendering.contains(sites[index].name) else { return }
            done += 1
            progress(.rendered(image: sites[index].name, done: done, total: toRender.count))
        }
        var all = Streamed()
        for result in results {
            all.pages += result.pages
            all.files += result.files
            all.diagnostics += result.diagnostics
        }
        return all
    }

    /// The pages of `sites`, `jobs` images at a time; results in a fixed order.
    func renderImages(_ renderer: SiteRenderer, _ sites: [ImageSite],
                      progress: @escaping @Sendable (Progress) -> Void) async -> [(image: String, path: String, bytes: [UInt8])] {
        var done = 0
        let results = await eachImage(sites, { renderer.imageFiles($0) }) { index, _ in
            done += 1
            progress(.rendered(image: sites[index].name, done: done, total: sites.count))
        }
        return zip(sites, results).flatMap { site, files in files.map { (site.name, $0.path, $0.bytes) } }
    }

    /// `work` on each of `sites`, `jobs` at a time, handing out the next image as one finishes
    /// (one slow image does not hold up a pre-assigned share); `finished` hears of each index
    /// as it completes, and may take from its result. Results in the order of `sites`.
    private func eachImage<Result: Sendable>(_ sites: [ImageSite], _ work: @escaping @Sendable (ImageSite) -> Result,
                                             finished: (Int, inout Result) -> Void) async -> [Result] {
        var results = [Result?](repeating: nil, count: sites.count)
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func schedule() {
                guard next < sites.count else { return }
                let index = next
                next += 1
                group.addTask { (index, work(sites[index])) }
            }
            for _ in 0..<min(max(1, options.jobs), sites.count) { schedule() }
            while let (index, finishedResult) = await group.next() {
                // The next image starts before this one's results are handled.
                schedule()
                var result = finishedResult
                finished(index, &result)
                results[index] = result
            }
        }
        return results.compactMap { $0 }
    }

    /// Writing the site into the docs tree or the library would feed the output back in as input.
    private func outputInsideInputs(catalog: Catalog) -> Diagnostic? {
        let output = URL(fileURLWithPath: options.output).standardizedFileURL.resolvingSymlinksInPath().path
        for (input, flag) in [(catalog.docs.root, "--docs"), (options.loader.libraryPath, "--library")] {
            let folder = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
            if output == folder || output.hasPrefix(folder + "/") || folder.hasPrefix(output + "/") {
                return .error("output.inside-inputs", file: options.output,
                              "the output folder overlaps the \(flag) folder \(input)",
                              hint: "choose an --output outside the inputs (the default is ./site)")
            }
        }
        return nil
    }
}
