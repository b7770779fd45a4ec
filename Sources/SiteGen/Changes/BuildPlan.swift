/// What a build must redo, as the ``ChangeDetector`` works it out from what changed. Every
/// plan runs the same pipeline (load → model → lint → render → write); the plan only narrows
/// which images it loads and renders.
public enum BuildPlan: Sendable, Equatable {
    /// Nothing the site was made from has changed: the site stands, with its diagnostics.
    case upToDate
    /// Redo the pages, README and search entries of these images (sorted by name). With
    /// `listings`, also the pages that list every image (then every image is loaded and
    /// modelled); without, only these images are loaded and every other file is kept.
    case images([String], listings: Bool)
    /// Redo every page: what every page depends on changed, or there is nothing to go on.
    case everything

    /// The images to load, or nil for all of them.
    var onlyImages: [String]? {
        if case .images(let names, listings: false) = self { return names }
        return nil
    }

    /// The same plan, redoing `names` and the listing pages too.
    func including(_ names: Set<String>) -> BuildPlan {
        switch self {
        case .upToDate: .images(names.sorted(), listings: true)
        case .images(let planned, _): .images(Set(planned).union(names).sorted(), listings: true)
        case .everything: .everything
        }
    }

    /// The same plan, redoing the listing pages too: for when keeping them turns out not to fit.
    var withListings: BuildPlan {
        switch self {
        case .upToDate: .images([], listings: true)
        case .images(let names, _): .images(names, listings: true)
        case .everything: .everything
        }
    }
}
