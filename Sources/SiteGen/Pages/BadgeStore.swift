import Synchronization

/// The badges of every architecture list of a build, for each depth of page in the site,
/// shared by the threads that render pages.
///
/// A badge links to its architecture's page by a relative path, which depends only on how
/// deep the linking page is: the tags page and the variant pages of every image
/// (`image/x/index.html`) have the same links. Kept per page, the lists and the rendered
/// `badges` partial would be made again for each image, where the site has a few dozen
/// distinct lists.
final class BadgeStore: Sendable {
    /// A list's badges and the `badges` partial rendered over them.
    struct Badges: Sendable {
        let badges: [PageModel.Badge]
        let html: String
    }

    private struct Key: Hashable {
        /// Folders between the linking page and the site root.
        let depth: Int
        let architectures: [Architecture]
    }

    private let known = Mutex<[Key: Badges]>([:])

    func badges(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> Badges {
        let key = Key(depth: SitePaths.depth(of: page), architectures: architectures)
        if let badges = known.withLock({ $0[key] }) { return badges }
        // Made outside the lock: two threads that both miss make the same value.
        let list = renderer.badges(architectures, from: page)
        let badges = Badges(badges: list, html: renderer.theme.render(PageModel.BadgeList(architectures: list), template: "badges"))
        known.withLock { $0[key] = badges }
        return badges
    }
}
