/// The architecture badges of a page, worked out once per distinct architecture list.
///
/// Tag tables repeat a handful of lists (`amd64 arm64v8 …`) on hundreds of rows; rendering the
/// `badges` partial and making the badge links (relative paths) for every row would redo the
/// same work for each of them. Rows carry the rendered partial as `architecturesHTML` and
/// still the `architectures` list, for themes that render it themselves. One cache per page,
/// or per set of pages equally deep in the site: it remembers the last list, and asks the
/// renderer's ``BadgeStore`` (shared by every page of the build) for any other.
final class BadgeCache {
    /// The last list asked for and its answers: consecutive rows mostly repeat it (an entry's
    /// tags share its very array), and comparing an array with itself is one pointer
    /// comparison where a dictionary hashes every name.
    private var last: (architectures: [Architecture], badges: BadgeStore.Badges)?
    private var lastNames: (architectures: [Architecture], names: String)?

    /// The badges of `architectures`, linked from `page`.
    func badges(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> [PageModel.Badge] {
        answers(architectures, from: page, renderer: renderer).badges
    }

    /// The theme's `badges` partial over those badges.
    func html(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> String {
        answers(architectures, from: page, renderer: renderer).html
    }

    /// The names of `architectures` separated by spaces (a row's `data-arches`), joined once
    /// for a run of rows with the same list.
    func names(_ architectures: [Architecture]) -> String {
        if let lastNames, lastNames.architectures == architectures { return lastNames.names }
        let names = architectures.map(\.name).joined(separator: " ")
        lastNames = (architectures, names)
        return names
    }

    private func answers(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> BadgeStore.Badges {
        if let last, last.architectures == architectures { return last.badges }
        let badges = renderer.badgeStore.badges(architectures, from: page, renderer: renderer)
        last = (architectures, badges)
        return badges
    }
}
