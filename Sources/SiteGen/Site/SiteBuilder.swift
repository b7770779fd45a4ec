import Foundation

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

        public init(loader: CatalogLoader, output: String, theme: String? = nil,
                    settings: SiteSettings = SiteSettings(), jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
            self.loader = loader
            self.output = output
            self.theme = theme
            self.settings = settings
            self.jobs = max(1, jobs)
        }
    }

    /// What a build reports while it runs.
    public enum Progress: Sendable {
        case loaded(images: Int)
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

        // Load
        let (loadedTheme, themeDiagnostics) = Theme.load(overrides: options.theme)
        diagnostics += themeDiagnostics
        guard let theme = loadedTheme else { return failed() }
        var loader = options.loader
        loader.fallbackHelpers = theme.defaultHelpers
        let (loaded, loadDiagnostics) = loader.load()
        diagnostics += loadDiagnostics
        diagnostics += (loaded?.images ?? []).compactMap(SitePaths.reservedNameProblem)
        guard let catalog = loaded, !diagnostics.contains(where: { $0.severity == .error }) else { return failed() }
        if let problem = outputInsideInputs(catalog: catalog) {
            diagnostics.append(problem)
            return failed()
        }
        progress(.loaded(images: catalog.images.count))

        // Model
        var sites: [ImageSite] = []
        for image in catalog.images {
            do {
                let site = try ImageSite(image: image, inputs: catalog.readmeInputs)
                diagnostics += SitePaths.problems(with: site)
                sites.append(site)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return failed() }

        // Render
        let searchIndex = SearchIndex(sites: sites).javaScript()
        let assets = AssetNames(assets: theme.assets, extra: ["search-index.js": searchIndex])
        let renderer = SiteRenderer(catalog: catalog, theme: theme, settings: options.settings, sites: sites, assets: assets)
        var files: [(path: String, content: SiteWriter.Content)] = []
        let imageFiles = await renderImages(renderer, progress: progress)
        for site in sites {
            files.append((SitePaths.readme(site.name), .bytes(Array(site.readme.utf8))))
            if let logo = site.image.folder.logo {
                files.append((SitePaths.logo(site.name, logo), .copy(from: logo.path)))
            }
        }
        let pages = imageFiles + renderer.indexFiles()
        files += pages.map { ($0.path, .bytes($0.bytes)) }
        for (name, bytes) in theme.assets {
            files.append((assets[name], .bytes(bytes)))
        }
        files.append((assets["search-index.js"], .bytes(searchIndex)))
        if let baseURL = options.settings.baseURL {
            files.append(("sitemap.xml", .bytes(Array(Sitemap.xml(pages: pages.map(\.path), baseURL: baseURL).utf8))))
        }
        files.append(("robots.txt", .bytes(Array(Sitemap.robots(baseURL: options.settings.baseURL).utf8))))

        // Write
        progress(.writing(files: files.count))
        do {
            let summary = try SiteWriter(output: options.output).write(files)
            return Report(diagnostics: diagnostics, summary: summary, pages: pages.count, images: sites.count)
        } catch {
            diagnostics.append(error)
            return failed()
        }
    }

    /// Every image's pages, `jobs` images at a time; results in a fixed order.
    private func renderImages(_ renderer: SiteRenderer, progress: @escaping @Sendable (Progress) -> Void) async -> [SiteRenderer.File] {
        let sites = renderer.sites
        var results = [[SiteRenderer.File]](repeating: [], count: sites.count)
        await withTaskGroup(of: (Int, [SiteRenderer.File]).self) { group in
            var next = 0
            var done = 0
            func schedule() {
                guard next < sites.count else { return }
                let index = next
                next += 1
                group.addTask { (index, renderer.imageFiles(sites[index])) }
            }
            for _ in 0..<min(max(1, options.jobs), sites.count) { schedule() }
            while let (index, files) = await group.next() {
                results[index] = files
                done += 1
                progress(.rendered(image: sites[index].name, done: done, total: sites.count))
                schedule()
            }
        }
        return results.flatMap { $0 }
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
