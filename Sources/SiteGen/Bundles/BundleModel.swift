/// The model a build made, for packagers that index the site (the docset) rather than copy
/// it: a docset's search index names images, variants, tags and sections, and those names
/// belong to the model, not to the HTML. A build hands it out when asked
/// (``SiteBuilder/Options/keepsModel``).
public struct BundleModel: Sendable {
    let catalog: Catalog
    /// One per image, in catalog order (sorted by name), as the site's pages have them.
    let sites: [ImageSite]

    /// Categories at least one image is in, sorted: the ones the site has pages for.
    var usedCategories: [Category] { SiteRenderer.usedCategories(of: sites) }

    /// Every architecture of every image, sorted: the ones the site has pages for.
    var architectures: [Architecture] { SiteRenderer.architectures(of: sites) }
}
