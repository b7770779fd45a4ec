/// What a built site's pages were made from, for packagers that index the site (the docset)
/// rather than copy it.
///
/// A docset's search index names images, variants, tags and sections, and those names belong
/// to the model, not to the HTML: reading them back out of pages would tie the index to the
/// theme's markup. `SiteBuilder` does not hand its model out (it renders and forgets), so this
/// loads it again the way the builder does (the theme's default texts standing in for a docs
/// tree without `.template-helpers/`, then one `ImageSite` per image).
struct BundleModel: Sendable {
    let catalog: Catalog
    /// One per image, in catalog order (sorted by name), as the site's pages have them.
    let sites: [ImageSite]

    /// The model of the site `SiteBuilder` makes from the same options, or the problems that
    /// stop it (the same ones the builder reports).
    static func load(loader: CatalogLoader, theme: String?) -> (model: BundleModel?, diagnostics: [Diagnostic]) {
        let (loadedTheme, themeDiagnostics) = Theme.load(overrides: theme)
        guard let loadedTheme else { return (nil, themeDiagnostics) }
        var loader = loader
        loader.fallbackHelpers = loadedTheme.defaultHelpers
        let (loaded, loadDiagnostics) = loader.load()
        var diagnostics = themeDiagnostics + loadDiagnostics
        guard let catalog = loaded, !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        var sites: [ImageSite] = []
        for image in catalog.images {
            do {
                sites.append(try ImageSite(image: image, inputs: catalog.readmeInputs))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (BundleModel(catalog: catalog, sites: sites), diagnostics)
    }

    /// Categories at least one image is in, sorted: the ones the site has pages for.
    var usedCategories: [Category] {
        Array(Set(sites.flatMap { $0.image.categories })).sorted()
    }

    /// Every architecture of every image, sorted: the ones the site has pages for.
    var architectures: [Architecture] {
        Array(Set(sites.flatMap { $0.image.architectures })).sorted()
    }
}
