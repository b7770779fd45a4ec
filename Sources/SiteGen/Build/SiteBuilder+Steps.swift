import Foundation

/// The steps of the pipeline that come before rendering, each a plain function of what the
/// step before made.
extension SiteBuilder {
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
        if checkingOutput, let problem = OutputLocation.problem(.site, at: options.output, loader: options.loader) {
            diagnostics.append(problem)
            return nil
        }
        return (catalog, theme)
    }

    /// Load: the registry data file, when one is given; nil without one. A file the settings
    /// file names that is not there yet (no sync has written it) is a warning, and the pages
    /// are made without it; one given with `--registry-data` must be there. A file that does
    /// not read is an error. `images`: the images whose data the caller shows (nil: all);
    /// only theirs is decoded and checked.
    func loadRegistryData(_ diagnostics: inout [Diagnostic], images: Set<String>? = nil,
                          layout: RegistryDataSections.Layout? = nil, read: RegistryDataRead? = nil) -> RegistryData? {
        guard let path = options.registryData else { return nil }
        if let settings = options.registryDataSettings, access(path, F_OK) != 0 {
            // The sync finds the default settings file itself; another it must be told of.
            let config = settings == SiteConfig.fileName ? "" : " --config \(settings)"
            diagnostics.append(.warning("registry-data.missing", file: path,
                                        "the registry data file \(settings) names does not exist: the pages show no registry data",
                                        hint: "write it with `sitegen registry sync\(config)`"))
            return nil
        }
        do {
            return try RegistryDataFile.load(path, images: images, layout: layout, read: read)
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
    }

    /// Model: each image's variants, links and placeholder values, its history and its
    /// registry data.
    func model(_ catalog: Catalog, _ history: LoadedHistory?, _ registry: RegistryData?,
               _ diagnostics: inout [Diagnostic]) -> [ImageSite]? {
        let inputs = catalog.readmeInputs
        let pullPrefix = registry.map { RegistryPlatforms.pullPrefix(registry: $0.registry, namespace: $0.namespace) }
        // Each image's README and variants depend on that image alone: model them in parallel.
        let outcomes = ParallelMap.map(catalog.images, jobs: options.jobs) { image -> Result<ImageSite, DiagnosticError> in
            do throws(DiagnosticError) {
                var site = try ImageSite(image: image, inputs: inputs)
                site.libraryHistory = history?.history
                if let registry, let pullPrefix {
                    site.registry = ImageRegistry(data: registry.images[image.name], pullPrefix: pullPrefix, image: image.name,
                                                  tags: image.entries.lazy.flatMap { $0.tags + $0.sharedTags },
                                                  synced: options.registryImages?.contains(image.name) ?? true)
                }
                return .success(site)
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

    /// Lint: the problems ``Checker`` finds beyond those that stop a build. `readmes`: the
    /// README lints too, for `check`; a build runs them in its render step, on the READMEs it writes.
    /// `wholeRegistryData`: the whole data file, which `check` reads, for the registry lints of
    /// the library files without pages.
    func lint(_ catalog: Catalog, _ sites: [ImageSite], readmes: Bool, wholeRegistryData: RegistryData? = nil) -> [Diagnostic] {
        Checker.lints(sites: sites, catalog: catalog, library: LibraryDirectory(path: options.loader.libraryPath), readmes: readmes,
                      registry: Checker.RegistrySettings(wholeData: wholeRegistryData, dataPath: options.registryData ?? "",
                                                         images: options.registryImages,
                                                         places: options.registryImagesPlaces),
                      jobs: options.jobs)
    }
}
