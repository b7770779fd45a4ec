import CSupport
import Foundation
import Markdown

/// `sitegen build`: one pipeline, load → model → lint → render → write, run for what the
/// ``ChangeDetector`` says changed since the previous build (its ``BuildPlan``).
///
/// Every build takes the same steps; a partial build gives them fewer images. Problems are
/// collected as diagnostics, and nothing is written unless every step succeeded: the site is
/// swapped in whole at the end.
public struct SiteBuilder: Sendable {
    /// What a build reports while it runs.
    public enum Progress: Sendable {
        case loaded(images: Int)
        /// Variants, placeholders and lints worked out.
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
        /// What the change detector planned (after any widening the build found it needed).
        public let plan: BuildPlan
        /// The images whose pages were rendered, sorted; empty when nothing needed rendering.
        public let renderedImages: [String]
        /// With ``Options/keepsModel``, the model of every image, when the build loaded them all.
        public var model: BundleModel?
        public var succeeded: Bool { summary != nil }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// How the build came by its change record: scanned before anything else was read, or
    /// (a cold build, with nothing to compare against) while the inputs load.
    enum Scan: Sendable {
        case before(ChangeDetector)
        /// `registryRead`: the registry data file's one read, for the load and the scan alike.
        case during(Task<ChangeDetector, Never>, registryRead: RegistryDataRead?)
    }

    public func build(progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> Report {
        let cache = options.clean ? InputStatCache() : InputStatCache(folder: options.output)
        guard !options.clean, access(options.output + "/" + Manifest.fileName, F_OK) == 0 else {
            // No previous site to keep: the record only goes into this build's manifest, for the
            // next build, so it is made while the inputs load.
            let options = options
            let registryRead = options.registryData.map(RegistryDataRead.init)
            let scanning = Task { ChangeDetector(options: options, cache: cache, observing: true, registryRead: registryRead) }
            return await run(.everything, previous: nil, scan: .during(scanning, registryRead: registryRead), progress: progress)
        }
        // The previous manifest is decoded on another core while the inputs are scanned.
        async let decoded = Manifest.load(from: options.output)
        let detector = ChangeDetector(options: options, cache: cache)
        let previous = await decoded
        var plan = detector.plan(against: previous)
        if plan == .upToDate, let previous {
            if let unchanged = unchangedSite(previous) { return unchanged }
            // A file has gone from the site: the listings and any image missing pages are redone.
            plan = plan.withListings
        }
        return await run(plan, previous: previous, scan: .before(detector), progress: progress)
    }

    /// The pipeline, for the images `plan` names. A partial plan that turns out not to fit
    /// (an image's pages would change in number, a kept file has gone) runs again with the
    /// listing pages redone.
    func run(_ plan: BuildPlan, previous: Manifest?, scan: Scan,
             progress: @escaping @Sendable (Progress) -> Void) async -> Report {
        var diagnostics: [Diagnostic] = []
        func failed() -> Report {
            Report(diagnostics: diagnostics, summary: nil, pages: 0, images: 0, plan: plan, renderedImages: [], model: nil)
        }
        let only = plan.onlyImages
        // The history is read (git, mostly) while the docs tree and library load.
        let builder = self
        let resolved: HistoryReader.Repository? = if case .before(let detector) = scan { detector.historyRepository } else { nil }
        let layout: RegistryDataSections.Layout? = if case .before(let detector) = scan { detector.registryLayout } else { nil }
        let registryRead: RegistryDataRead? = if case .during(_, let read) = scan { read } else { nil }
        let ((loaded, loadDiagnostics), (history, registry, historyDiagnostics)) = ParallelMap.both({
            var diagnostics: [Diagnostic] = []
            return (builder.load(&diagnostics, only: only), diagnostics)
        }, {
            var diagnostics: [Diagnostic] = []
            // The images of the docs tree: the rest of the library has no pages, so neither its
            // history (but for deleted files: retired images) nor its registry data is read. A
            // partial build reads only its own images' registry data, and the history of all
            // the docs tree's images, which the cache keeps.
            let shown = builder.docsImageNames()
            let registry = builder.loadRegistryData(&diagnostics, images: only.map(Set.init) ?? shown, layout: layout, read: registryRead)
            return (builder.loadHistory(&diagnostics, forSite: true, wanted: shown, resolved: resolved), registry, diagnostics)
        })
        diagnostics += loadDiagnostics
        guard let (catalog, theme) = loaded else { return failed() }
        if let only, catalog.images.map(\.name) != only {
            return await run(plan.withListings, previous: previous, scan: scan, progress: progress)
        }
        diagnostics += historyDiagnostics
        if options.historyRev != nil, history == nil { return failed() }
        progress(.loaded(images: catalog.images.count))
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return failed() }
        guard let sites = model(catalog, history, registry, &diagnostics) else { return failed() }
        // The lints of `sitegen check`, before any page is rendered: an error stops the build.
        diagnostics += lint(catalog, sites, readmes: false)
        if let only, let previous {
            diagnostics = Self.diagnostics(diagnostics, about: Set(only), keeping: previous.diagnostics, options: options)
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return failed() }
        progress(.modeled(images: sites.count))

        let staging: SiteWriter.Staging
        do {
            staging = try SiteWriter(output: options.output).begin(previous: previous)
        } catch {
            diagnostics.append(error)
            return failed()
        }
        let rendering = Rendering(builder: self, plan: plan, catalog: catalog, theme: theme, sites: sites,
                                  previous: previous, staging: staging, history: history)
        guard var rendered = await rendering.run(progress: progress, diagnostics: &diagnostics) else {
            staging.abandon()
            return await run(plan.withListings, previous: previous, scan: scan, progress: progress)
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else {
            staging.abandon()
            return failed()
        }
        let imageCount = only == nil ? sites.count : rendered.manifest.imageFiles.count
        let model = options.keepsModel && only == nil ? BundleModel(catalog: catalog, sites: sites) : nil
        BackgroundRelease.drop((consume sites, consume catalog, consume rendering, consume registry))
        // The pages were made on worker threads, whose malloc arenas keep what they freed; hand
        // it back before the manifest is encoded here, or peak memory is the sum of both.
        sitegen_release_free_memory()
        progress(.writing(files: rendered.manifest.files.count))
        rendered.manifest.diagnostics = diagnostics
        let statCacheFile: SiteWriter.File
        switch scan {
        case .before(let detector):
            statCacheFile = detector.statCacheFile
            rendered.manifest.inputs = detector.complete ? detector.record : nil
        case .during(let scanning, _):
            let detector = await scanning.value
            statCacheFile = detector.statCacheFile
            // A record made while the build read the same files vouches for the site only if
            // nothing it looked at has changed since. That check, a `stat` of every input, is
            // the last step of a cold build with nothing beside it: on all cores.
            rendered.manifest.inputs = detector.complete && detector.unchangedSinceScanned(jobs: options.jobs)
                ? detector.record : nil
        }
        let historyCache = await history?.cacheFile?.value
        do {
            let summary = try staging.finish(rendered.files, manifest: rendered.manifest,
                                             bookkeeping: [statCacheFile] + (historyCache.map { [$0] } ?? []))
            return Report(diagnostics: diagnostics, summary: summary, pages: rendered.pages, images: imageCount,
                          plan: plan, renderedImages: rendered.images, model: model)
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
        let history = loadHistory(&diagnostics, forSite: false, wanted: Set(catalog.images.map(\.name)))
        if options.historyRev != nil, history == nil { return diagnostics }
        let registry = loadRegistryData(&diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return diagnostics }
        guard let sites = model(catalog, history, registry, &diagnostics) else { return diagnostics }
        return diagnostics + lint(catalog, sites, readmes: true, wholeRegistryData: registry)
    }

    /// The report of a build that found nothing to redo: the site on disk is what this build
    /// would write. Nil when a file of the site has gone missing.
    func unchangedSite(_ previous: Manifest) -> Report? {
        let files = previous.files.keys
        var bytes = 0
        // Paths relative to the open site folder: shorter lookups than whole paths.
        let folder = open(options.output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return nil }
        defer { close(folder) }
        for path in files {
            var status = stat()
            guard fstatat(folder, path, &status, 0) == 0 else { return nil }
            bytes += Int(status.st_size)
        }
        let pages = files.filter { $0.hasSuffix(".html") }.count
        return Report(diagnostics: previous.diagnostics, summary: SiteWriter.Summary(files: files.count, bytes: bytes, written: 0),
                      pages: pages, images: previous.imageFiles.count, plan: .upToDate, renderedImages: [], model: nil)
    }

    /// The diagnostics of a build that redid only `images`: the previous build's about other
    /// images and the whole site, and this build's about `images`.
    static func diagnostics(_ new: [Diagnostic], about images: Set<String>, keeping previous: [Diagnostic],
                            options: Options) -> [Diagnostic] {
        let roots = [options.loader.docsPath, options.loader.libraryPath].map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        func image(of diagnostic: Diagnostic) -> String? {
            guard let file = diagnostic.file else { return nil }
            for root in roots where file.hasPrefix(root) {
                return file.dropFirst(root.count).split(separator: "/", maxSplits: 1).first.map(String.init)
            }
            return nil
        }
        let kept = previous.filter { image(of: $0).map { !images.contains($0) } ?? true }
        return kept + new.filter { image(of: $0).map(images.contains) ?? false }
    }
}
